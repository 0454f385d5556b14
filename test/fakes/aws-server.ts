import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import {
  FakeHttpServer,
  json,
  type FakeReply,
  type RecordedRequest,
} from "./http";

/**
 * A loopback stand-in for the parts of AWS that Remotion Lambda's client talks to: Lambda's
 * Invoke (the `start` and `status` routines), S3 (path-style: list buckets, list, head, get and
 * put objects) and STS's GetCallerIdentity. The AWS SDK is pointed at it through its standard
 * `AWS_ENDPOINT_URL_<SERVICE>` variables; each request names its service in its SigV4 scope.
 * What happens on Lambda (rendering the pieces) is the test's `onRender`, which decides what the
 * progress says and what output lands in the bucket.
 */
export class FakeAws {
  readonly objects = new Map<
    string,
    { body: Buffer; lastModified: Date; contentType: string | null }
  >();
  /** Every Invoke, with the payload Remotion sent. */
  readonly invocations: Array<{
    functionName: string;
    invocationType: string | null;
    payload: Record<string, unknown>;
  }> = [];
  readonly server = new FakeHttpServer((request, url) =>
    this.handle(request, url),
  );
  private readonly renders = new Map<string, FakeRender>();
  /** Deployed functions (Remotion's render functions answer its `info` routine). */
  readonly functions = new Map<
    string,
    { memorySizeInMb: number; diskSizeInMb: number; timeoutInSeconds: number }
  >();

  constructor(
    /** The Lambda side of a render: the progress answers in order (the last one repeats). */
    private readonly onRender: (
      start: Record<string, unknown>,
      renderId: string,
      bucketName: string,
    ) => Promise<Array<Partial<FakeProgress>>>,
    readonly bucketName = "remotionlambda-useast1-abcdefghij",
  ) {}

  async start() {
    await this.server.start();
    return this;
  }

  stop() {
    return this.server.stop();
  }

  /** What the AWS SDK needs to send everything here. */
  env(): Record<string, string> {
    const url = this.server.url;
    return {
      AWS_ENDPOINT_URL_LAMBDA: url,
      AWS_ENDPOINT_URL_S3: url,
      AWS_ENDPOINT_URL_STS: url,
      AWS_ACCESS_KEY_ID: "AKIAFAKEFAKEFAKE",
      AWS_SECRET_ACCESS_KEY: "fake-secret",
      AWS_REGION: "us-east-1",
    };
  }

  put(key: string, body: Buffer | string, bucket = this.bucketName) {
    this.objects.set(`${bucket}/${key}`, {
      body: Buffer.from(body),
      lastModified: new Date(),
      contentType: null,
    });
  }

  /** The S3 requests, as `METHOD /bucket/key`. */
  s3Calls(): string[] {
    return this.server.requests
      .filter((r) => service(r) === "s3")
      .map((r) => `${r.method} ${decodeURIComponent(r.path.split("?")[0])}`);
  }

  private async handle(request: RecordedRequest, url: URL): Promise<FakeReply> {
    switch (service(request)) {
      case "lambda":
        return this.lambda(request, url);
      case "s3":
        return this.s3(request, url);
      case "sts":
        return xml(
          200,
          `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>arn:aws:iam::123456789012:user/reelwright</Arn><UserId>AIDAFAKE</UserId><Account>123456789012</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>fake</RequestId></ResponseMetadata></GetCallerIdentityResponse>`,
        );
      default:
        return json(400, { message: `unexpected request ${request.path}` });
    }
  }

  private async lambda(request: RecordedRequest, url: URL): Promise<FakeReply> {
    if (
      request.method === "GET" &&
      /^\/2015-03-31\/functions\/?$/.test(url.pathname)
    )
      return json(200, {
        Functions: [...this.functions].map(([name, f]) => ({
          FunctionName: name,
          MemorySize: f.memorySizeInMb,
          Timeout: f.timeoutInSeconds,
          EphemeralStorage: { Size: f.diskSizeInMb },
          Runtime: "nodejs20.x",
        })),
      });
    const fn = url.pathname.match(/^\/2015-03-31\/functions\/([^/]+)$/);
    if (request.method === "DELETE" && fn) {
      const existed = this.functions.delete(decodeURIComponent(fn[1]));
      return existed
        ? { status: 204 }
        : json(
            404,
            { Type: "User", message: "Function not found" },
            {
              "x-amzn-errortype": "ResourceNotFoundException",
            },
          );
    }
    const match = url.pathname.match(
      /^\/2015-03-31\/functions\/([^/]+)\/invocations$/,
    );
    if (request.method !== "POST" || !match)
      return json(404, { message: `no such Lambda API ${url.pathname}` });
    const functionName = decodeURIComponent(match[1]);
    const payload = JSON.parse(request.body.toString("utf8"));
    this.invocations.push({
      functionName,
      invocationType: header(request, "x-amz-invocation-type"),
      payload,
    });
    if (payload.type === "start") {
      const renderId = randomBytes(5).toString("hex");
      const answers = await this.onRender(payload, renderId, this.bucketName);
      this.renders.set(renderId, { answers, asked: 0 });
      return json(200, {
        type: "success",
        renderId,
        bucketName: this.bucketName,
      });
    }
    if (payload.type === "info")
      return json(200, { type: "success", version: "4.0.527" });
    if (payload.type === "status") {
      const render = this.renders.get(payload.renderId);
      if (!render)
        return json(200, {
          type: "error",
          message: `No render ${payload.renderId}`,
          stack: "",
        });
      const answer =
        render.answers[Math.min(render.asked, render.answers.length - 1)];
      render.asked++;
      return json(200, progress(payload.renderId, this.bucketName, answer));
    }
    return json(200, {
      type: "error",
      message: `The fake has no routine ${payload.type}`,
      stack: "",
    });
  }

  private s3(request: RecordedRequest, url: URL): FakeReply {
    const [bucket, ...rest] = url.pathname.slice(1).split("/");
    const key = decodeURIComponent(rest.join("/"));
    if (!bucket && request.method === "GET") {
      return xml(
        200,
        `<ListAllMyBucketsResult><Owner><ID>fake</ID></Owner><Buckets><Bucket><Name>${this.bucketName}</Name><CreationDate>2026-01-01T00:00:00.000Z</CreationDate></Bucket></Buckets></ListAllMyBucketsResult>`,
      );
    }
    if (bucket !== this.bucketName)
      return xml(404, s3Error("NoSuchBucket", bucket));
    const id = `${bucket}/${key}`;
    if (!key && request.method === "GET") {
      const prefix = url.searchParams.get("prefix") ?? "";
      const contents = [...this.objects.entries()]
        .filter(([k]) => k.startsWith(`${bucket}/${prefix}`))
        .map(
          ([k, o]) =>
            `<Contents><Key>${escapeXml(k.slice(bucket.length + 1))}</Key><LastModified>${o.lastModified.toISOString()}</LastModified><ETag>"fake"</ETag><Size>${o.body.length}</Size><StorageClass>STANDARD</StorageClass></Contents>`,
        );
      return xml(
        200,
        `<ListBucketResult><Name>${bucket}</Name><Prefix>${escapeXml(prefix)}</Prefix><KeyCount>${contents.length}</KeyCount><MaxKeys>1000</MaxKeys><IsTruncated>false</IsTruncated>${contents.join("")}</ListBucketResult>`,
      );
    }
    if (request.method === "DELETE") {
      this.objects.delete(id);
      return { status: 204 };
    }
    if (request.method === "PUT") {
      this.objects.set(id, {
        body: decodeAwsChunked(request),
        lastModified: new Date(),
        contentType: header(request, "content-type"),
      });
      return { status: 200, headers: { etag: '"fake"' } };
    }
    const object = this.objects.get(id);
    if (request.method === "HEAD")
      return object
        ? {
            status: 200,
            headers: { "content-length": String(object.body.length) },
          }
        : { status: 404 };
    if (request.method === "GET")
      return object
        ? {
            status: 200,
            headers: {
              "content-type": object.contentType ?? "application/octet-stream",
              "last-modified": object.lastModified.toUTCString(),
            },
            body: object.body,
          }
        : xml(404, s3Error("NoSuchKey", key));
    return xml(405, s3Error("MethodNotAllowed", request.method));
  }
}

type FakeRender = { answers: Array<Partial<FakeProgress>>; asked: number };

export type FakeProgress = ReturnType<typeof progress>;

/** A `status` answer in the shape of Remotion's GenericRenderProgress. */
function progress(
  renderId: string,
  bucket: string,
  answer: Partial<Record<string, unknown>>,
) {
  return {
    type: "success" as const,
    chunks: 1,
    done: false,
    encodingStatus: null,
    costs: {
      accruedSoFar: 0,
      displayCost: "$0.000",
      currency: "USD",
      disclaimer:
        "Estimated cost only. Does not include charges for other AWS services.",
    },
    renderId,
    renderMetadata: null,
    bucket,
    outputFile: null as string | null,
    outKey: null as string | null,
    outBucket: null as string | null,
    timeToFinish: null,
    errors: [] as unknown[],
    fatalErrorEncountered: false,
    currentTime: Date.now(),
    renderSize: 0,
    lambdasInvoked: 1,
    cleanup: null,
    timeToFinishChunks: null,
    timeToRenderFrames: null,
    timeToEncode: null,
    overallProgress: 0,
    retriesInfo: [] as unknown[],
    mostExpensiveFrameRanges: null,
    framesRendered: 0,
    outputSizeInBytes: null,
    estimatedBillingDurationInMilliseconds: null,
    combinedFrames: 0,
    timeToCombine: null,
    timeoutTimestamp: Date.now() + 900_000,
    functionLaunched: Date.now(),
    serveUrlOpened: null,
    compositionValidated: null,
    artifacts: [],
    ...answer,
  };
}

/** An error Remotion's progress lists, in the shape of its EnhancedErrorInfo. */
export const lambdaError = (
  message: string,
  options: { chunk: number; attempt: number; isFatal: boolean },
) => ({
  type: "renderer",
  message,
  name: "Error",
  stack: `Error: ${message}`,
  frame: null,
  chunk: options.chunk,
  isFatal: options.isFatal,
  attempt: options.attempt,
  willRetry: !options.isFatal,
  totalAttempts: 3,
  tmpDir: null,
  s3Location: "",
  explanation: null,
});

/** The service a SigV4-signed request is for (its credential scope). */
const service = (request: RecordedRequest) =>
  header(request, "authorization")?.match(
    /Credential=[^/]+\/[^/]+\/[^/]+\/([^/]+)\//,
  )?.[1] ?? null;

const header = (request: RecordedRequest, name: string) => {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : (value ?? null);
};

/** S3 bodies the SDK streams come in aws-chunked framing with a trailing checksum. */
function decodeAwsChunked(request: RecordedRequest): Buffer {
  if (!header(request, "content-encoding")?.includes("aws-chunked"))
    return request.body;
  const parts: Buffer[] = [];
  let offset = 0;
  for (;;) {
    const lineEnd = request.body.indexOf("\r\n", offset);
    const size = parseInt(
      request.body.toString("latin1", offset, lineEnd).split(";")[0],
      16,
    );
    if (!size) break;
    parts.push(request.body.subarray(lineEnd + 2, lineEnd + 2 + size));
    offset = lineEnd + 2 + size + 2;
  }
  return Buffer.concat(parts);
}

const xml = (status: number, body: string): FakeReply => ({
  status,
  headers: { "content-type": "application/xml" },
  body: Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>${body}`),
});

const s3Error = (code: string, resource: string) =>
  `<Error><Code>${code}</Code><Message>${code}</Message><Resource>${escapeXml(resource)}</Resource><RequestId>fake</RequestId></Error>`;

const escapeXml = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

const run = promisify(execFile);

/**
 * What "the Lambda side" hands back in these tests: an MP4 that Debian's ffmpeg makes to the size
 * and length the start payload asked for (a test pattern and a tone), in the delivery format.
 */
export async function fakeLambdaOutput(
  start: Record<string, unknown>,
  size: { width: number; height: number },
  fps = 30,
): Promise<Buffer> {
  const [first, last] = start.frameRange as [number, number];
  const scale = start.scale as number;
  const [w, h] = [
    Math.round(size.width * scale),
    Math.round(size.height * scale),
  ];
  const dir = await mkdtemp(path.join(tmpdir(), "rw-fake-lambda-"));
  const file = path.join(dir, "out.mp4");
  const seconds = ((last - first + 1) / fps).toFixed(3);
  await run("ffmpeg", [
    ...[
      "-v",
      "error",
      "-f",
      "lavfi",
      "-i",
      `testsrc2=size=${w}x${h}:rate=${fps}`,
    ],
    ...["-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000"],
    ...[
      "-t",
      seconds,
      "-c:v",
      "libx264",
      "-profile:v",
      "high",
      "-pix_fmt",
      "yuv420p",
    ],
    ...["-color_range", "tv", "-colorspace", "bt709", "-g", "15"],
    ...["-c:a", "aac", "-b:a", "192k", "-movflags", "+faststart", file],
  ]);
  const body = await readFile(file);
  await rm(dir, { recursive: true, force: true });
  return body;
}

/** The progress answers of a render that goes well, with one piece retried on the way. */
export const PROGRESS_WITH_A_RETRY = (
  renderId: string,
  bucket: string,
  costUsd: number,
) => {
  const retriesInfo = [{ chunk: 0, attempt: 1, time: Date.now() }];
  return [
    { overallProgress: 0.3, framesRendered: 18 },
    {
      overallProgress: 0.7,
      framesRendered: 42,
      errors: [
        lambdaError("Target closed.", { chunk: 0, attempt: 1, isFatal: false }),
      ],
      retriesInfo,
    },
    {
      done: true,
      overallProgress: 1,
      framesRendered: 60,
      retriesInfo,
      outKey: `renders/${renderId}/out.mp4`,
      outBucket: bucket,
      outputFile: `https://${bucket}.s3.us-east-1.amazonaws.com/renders/${renderId}/out.mp4`,
      costs: {
        accruedSoFar: costUsd,
        displayCost: `$${costUsd}`,
        currency: "USD",
        disclaimer: "Estimated cost only.",
      },
    },
  ];
};
