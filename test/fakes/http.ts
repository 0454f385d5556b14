import {
  createServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from "node:http";
import type { AddressInfo } from "node:net";

export type RecordedRequest = {
  method: string;
  path: string;
  headers: IncomingMessage["headers"];
  body: Buffer;
};

export type FakeReply = {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
};

/** Marks a request whose connection the fake cuts without answering. */
export const DROP = Symbol("drop the connection");

export const json = (
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): FakeReply => ({ status, headers, body });

export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req
      .on("data", (c: Buffer) => chunks.push(c))
      .on("end", () => resolve(Buffer.concat(chunks)))
      .on("error", reject);
  });
}

/**
 * A loopback HTTP server for the platform fakes: records every request and hands it to `handle`,
 * which answers with JSON, raw bytes, or DROP to destroy the socket mid-exchange.
 */
export class FakeHttpServer {
  readonly requests: RecordedRequest[] = [];
  /** Requests whose client hung up before the answer (an aborted fetch). */
  readonly abandoned: RecordedRequest[] = [];
  url = "";
  private server: Server | null = null;

  constructor(
    private readonly handle: (
      request: RecordedRequest,
      url: URL,
    ) => Promise<FakeReply | typeof DROP> | FakeReply | typeof DROP,
  ) {}

  async start() {
    this.server = createServer((req, res) => {
      this.serve(req, res).catch((error: Error) => {
        if (!res.headersSent)
          res
            .writeHead(500, { "content-type": "application/json" })
            .end(JSON.stringify({ error: { message: error.message } }));
      });
    });
    await new Promise<void>((resolve) =>
      this.server!.listen(0, "127.0.0.1", resolve),
    );
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  stop() {
    this.server?.closeAllConnections();
    return new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  private async serve(req: IncomingMessage, res: ServerResponse) {
    const body = await readBody(req);
    const request: RecordedRequest = {
      method: req.method ?? "GET",
      path: req.url ?? "/",
      headers: req.headers,
      body,
    };
    this.requests.push(request);
    let dropped = false;
    res.on("close", () => {
      if (!dropped && !res.writableFinished) this.abandoned.push(request);
    });
    const reply = await this.handle(request, new URL(request.path, this.url));
    if (reply === DROP) {
      dropped = true;
      req.socket.destroy();
      return;
    }
    const headers = { ...reply.headers };
    let payload: string | Buffer = "";
    if (Buffer.isBuffer(reply.body)) payload = reply.body;
    else if (reply.body !== undefined) {
      headers["content-type"] ??= "application/json; charset=UTF-8";
      payload = JSON.stringify(reply.body);
    }
    res.writeHead(reply.status, headers).end(payload);
  }
}

export const bearer = (request: RecordedRequest) =>
  request.headers.authorization?.replace(/^Bearer /, "") ?? null;

export const formBody = (request: RecordedRequest) =>
  new URLSearchParams(request.body.toString("utf8"));

export const jsonBody = (request: RecordedRequest): Record<string, unknown> =>
  request.body.length ? JSON.parse(request.body.toString("utf8")) : {};
