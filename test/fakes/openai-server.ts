import { execFile } from "node:child_process";
import { readFile, rm } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

export type RecordedRequest = {
  path: string;
  authorization?: string;
  body: Record<string, unknown> | null;
};

/**
 * A local server speaking the parts of the OpenAI HTTP API that Reelwright uses, so the real
 * `openai` client runs against it unchanged: chat completions (structured output), speech (real
 * WAV audio, about 2.5 words a second) and transcriptions (verbose_json with word timestamps, for
 * the text spoken since the previous transcription, spread over the uploaded audio).
 */
export class FakeOpenAI {
  readonly requests: RecordedRequest[] = [];
  /** What the next chat completions return, in order; the last one repeats. */
  chatReplies: Array<{ status: number; content?: string; body?: unknown }> = [];
  /** Status codes to answer the next speech requests with before succeeding. */
  speechFailures: number[] = [];
  private spoken: string[] = [];
  private server: Server | null = null;
  url = "";

  async start() {
    this.server = createServer((req, res) => {
      this.handle(req)
        .then(({ status, type, body }) =>
          res.writeHead(status, { "content-type": type }).end(body),
        )
        .catch((error: Error) =>
          res
            .writeHead(500, { "content-type": "application/json" })
            .end(JSON.stringify({ error: { message: error.message } })),
        );
    });
    await new Promise<void>((resolve) =>
      this.server!.listen(0, "127.0.0.1", resolve),
    );
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v1`;
    return this;
  }

  stop() {
    return new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  private async handle(
    req: IncomingMessage,
  ): Promise<{ status: number; type: string; body: string | Buffer }> {
    const raw = await new Promise<Buffer>((resolve) => {
      const chunks: Buffer[] = [];
      req
        .on("data", (c: Buffer) => chunks.push(c))
        .on("end", () => resolve(Buffer.concat(chunks)));
    });
    const json = req.headers["content-type"]?.includes("application/json")
      ? JSON.parse(raw.toString("utf8"))
      : null;
    this.requests.push({
      path: req.url ?? "",
      authorization: req.headers.authorization,
      body: json,
    });
    const error = (status: number, message: string) => ({
      status,
      type: "application/json",
      body: JSON.stringify({ error: { message, type: "server_error" } }),
    });

    if (req.url === "/v1/chat/completions") {
      const reply =
        this.chatReplies.length > 1
          ? this.chatReplies.shift()!
          : this.chatReplies[0];
      if (!reply || reply.status !== 200)
        return error(reply?.status ?? 500, "unavailable");
      return {
        status: 200,
        type: "application/json",
        body: JSON.stringify(
          reply.body ?? {
            id: "chatcmpl-fake",
            object: "chat.completion",
            created: Math.floor(Date.now() / 1000),
            model: json.model,
            choices: [
              {
                index: 0,
                finish_reason: "stop",
                message: {
                  role: "assistant",
                  content: reply.content,
                  refusal: null,
                },
              },
            ],
            usage: {
              prompt_tokens: 10,
              completion_tokens: 10,
              total_tokens: 20,
            },
          },
        ),
      };
    }
    if (req.url === "/v1/audio/speech") {
      const failure = this.speechFailures.shift();
      if (failure) return error(failure, "speech failed");
      const text = String(json.input);
      this.spoken.push(text);
      const seconds = Math.max(
        0.5,
        text.split(/\s+/).length / 2.5 / Number(json.speed ?? 1),
      );
      const file = path.join(
        tmpdir(),
        `fake-speech-${process.pid}-${this.requests.length}.wav`,
      );
      await run("sox", [
        "-n",
        "-r",
        "24000",
        "-c",
        "1",
        "-b",
        "16",
        file,
        "synth",
        seconds.toFixed(2),
        "sine",
        "220",
        "gain",
        "-12",
      ]);
      const audio = await readFile(file);
      await rm(file);
      return { status: 200, type: "audio/wav", body: audio };
    }
    if (req.url === "/v1/audio/transcriptions") {
      const riff = raw.indexOf("RIFF");
      const byteRate = raw.readUInt32LE(riff + 28);
      const dataSize = raw.readUInt32LE(raw.indexOf("data", riff + 12) + 4);
      const seconds = dataSize / byteRate;
      // Whisper's words: lower case, no punctuation, numbers as spoken would differ; good enough.
      const heard = this.spoken
        .join(" ")
        .split(/\s+/)
        .filter(Boolean)
        .map((w) => w.toLowerCase().replace(/[^\p{L}\p{N}']/gu, ""));
      this.spoken = [];
      const step = seconds / Math.max(1, heard.length);
      const words = heard.map((word, i) => ({
        word,
        start: +(i * step).toFixed(3),
        end: +((i + 0.8) * step).toFixed(3),
      }));
      return {
        status: 200,
        type: "application/json",
        body: JSON.stringify({
          task: "transcribe",
          language: "english",
          duration: seconds,
          text: heard.join(" "),
          words,
        }),
      };
    }
    return error(404, `no route ${req.url}`);
  }
}
