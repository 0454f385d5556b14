import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
} from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import sharp from "sharp";
import { FestivalVoiceProvider } from "../../src/pipeline/voice/festival";

const run = promisify(execFile);

export type RecordedRequest = {
  method: string;
  path: string;
  authorization?: string;
  headers: IncomingHttpHeaders;
  /** The JSON body, or the form fields of a multipart body (repeated fields as arrays). */
  body: Record<string, unknown> | null;
  /** The uploaded file of a multipart body. */
  file?: { name: string; bytes: number };
};

/** What a chat completion answers: a status, the assistant's content, or a whole body. */
export type ChatReply = {
  status: number;
  content?: string;
  body?: unknown;
  headers?: Record<string, string>;
};

export type HeardWord = { word: string; start: number; end: number };

type Response = {
  status: number;
  type: string;
  body: string | Buffer;
  headers?: Record<string, string>;
};

const festival = new FestivalVoiceProvider();

/**
 * A local server speaking the parts of the OpenAI HTTP API that Reelwright uses, so the real
 * `openai` client runs against it unchanged:
 * - chat completions: canned replies in order (the last repeats), including failures (a status
 *   with optional headers such as retry-after) and content that is not the JSON asked for;
 * - speech: real speech (Festival), in the asked format (wav at 24 kHz like OpenAI's, mp3, pcm);
 * - transcriptions: verbose_json with word timestamps for audio it served, from Festival's own
 *   timings of it, spelled as whisper does (no punctuation); `hear` can garble them further.
 *   Any other audio is heard as `talk` (words without punctuation, the text with it, as whisper
 *   answers); `transcriptionFailures` fail the next requests.
 * Every request is recorded for the test to inspect.
 */
export class FakeOpenAI {
  readonly requests: RecordedRequest[] = [];
  chatReplies: ChatReply[] = [];
  /** Status codes to answer the next image requests with before succeeding. */
  imageFailures: number[] = [];
  /** Status codes to answer the next speech requests with before succeeding. */
  speechFailures: number[] = [];
  /** Rewrites the words a transcription returns (to miss, add or misspell some). */
  hear: (words: HeardWord[]) => HeardWord[] = (words) => words;
  /** What any audio it did not serve says: words as written, with punctuation (seconds). */
  talk: HeardWord[] | null = null;
  /** Status codes to answer the next transcription requests with before succeeding. */
  transcriptionFailures: number[] = [];
  /** Moderation: an input containing one of these words (any case) is flagged in its category. */
  moderationFlags: Record<string, ModerationCategory> = {};
  url = "";
  private readonly served = new Map<string, HeardWord[]>();
  private server: Server | null = null;
  private work = "";

  async start() {
    this.work = await mkdtemp(path.join(tmpdir(), "fake-openai-"));
    this.server = createServer((req, res) => {
      this.handle(req)
        .then(({ status, type, body, headers }) =>
          res.writeHead(status, { "content-type": type, ...headers }).end(body),
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

  async stop() {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
    await rm(this.work, { recursive: true, force: true });
  }

  private async handle(req: IncomingMessage): Promise<Response> {
    const raw = await new Promise<Buffer>((resolve, reject) => {
      const chunks: Buffer[] = [];
      req
        .on("data", (c: Buffer) => chunks.push(c))
        .on("end", () => resolve(Buffer.concat(chunks)))
        .on("error", reject);
    });
    const contentType = req.headers["content-type"] ?? "";
    const multipart = contentType.startsWith("multipart/form-data")
      ? parseMultipart(raw, contentType)
      : null;
    const json = contentType.includes("application/json")
      ? (JSON.parse(raw.toString("utf8")) as Record<string, unknown>)
      : null;
    this.requests.push({
      method: req.method ?? "",
      path: req.url ?? "",
      authorization: req.headers.authorization,
      headers: req.headers,
      body: json ?? multipart?.fields ?? null,
      file: multipart?.file
        ? { name: multipart.file.name, bytes: multipart.file.data.length }
        : undefined,
    });
    if (!req.headers.authorization?.startsWith("Bearer "))
      return error(401, "You didn't provide an API key.");
    if (req.method === "POST" && req.url === "/v1/chat/completions")
      return this.chat(json ?? {});
    if (req.method === "POST" && req.url === "/v1/audio/speech")
      return this.speech(json ?? {});
    if (req.method === "POST" && req.url === "/v1/audio/transcriptions")
      return this.transcription(multipart);
    if (req.method === "POST" && req.url === "/v1/images/generations")
      return this.image(json ?? {});
    if (req.method === "POST" && req.url === "/v1/moderations")
      return moderation(json ?? {}, this.moderationFlags);
    return error(404, `no route ${req.method} ${req.url}`);
  }

  /** Images API (gpt-image-1 answers base64 only): a picture of the asked size, with usage. */
  private async image(json: Record<string, unknown>): Promise<Response> {
    const failure = this.imageFailures.shift();
    if (failure) return error(failure, "image generation failed");
    if (typeof json.prompt !== "string" || !json.prompt)
      return error(400, "prompt is required");
    const [width, height] = String(json.size ?? "1024x1024")
      .split("x")
      .map(Number);
    if (!width || !height) return error(400, `invalid size ${json.size}`);
    const png = await sharp({
      create: { width, height, channels: 3, background: "#3a6ea5" },
    })
      .png()
      .toBuffer();
    return {
      status: 200,
      type: "application/json",
      body: JSON.stringify({
        created: Math.floor(Date.now() / 1000),
        data: [{ b64_json: png.toString("base64") }],
        usage: {
          total_tokens: 100,
          input_tokens: 50,
          output_tokens: 50,
          input_tokens_details: { text_tokens: 50, image_tokens: 0 },
        },
      }),
    };
  }

  private chat(json: Record<string, unknown>): Response {
    const reply =
      this.chatReplies.length > 1
        ? this.chatReplies.shift()!
        : this.chatReplies[0];
    if (!reply) return error(500, "no reply configured");
    if (reply.status !== 200)
      return error(reply.status, "unavailable", reply.headers);
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
              logprobs: null,
              message: {
                role: "assistant",
                content: reply.content,
                refusal: null,
              },
            },
          ],
          usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 },
        },
      ),
    };
  }

  private async speech(json: Record<string, unknown>): Promise<Response> {
    const failure = this.speechFailures.shift();
    if (failure) return error(failure, "speech failed");
    const input = typeof json.input === "string" ? json.input : "";
    if (!input || input.length > 4096)
      return error(400, "input must be 1 to 4096 characters");
    const format = json.response_format ?? "mp3";
    if (!["wav", "mp3", "pcm"].includes(String(format)))
      return error(400, `response_format ${String(format)} is not faked`);
    const speed = Math.min(2, Math.max(0.5, Number(json.speed ?? 1)));
    const spoken = path.join(this.work, `speech-${this.requests.length}.wav`);
    const voiceover = await festival.synthesize({
      segments: [input],
      voice: "slt",
      speed,
      outFile: spoken,
    });
    const out = `${spoken}.${format}`;
    await run("ffmpeg", [
      "-v",
      "error",
      "-i",
      spoken,
      "-ar",
      "24000",
      "-ac",
      "1",
      ...(format === "pcm" ? ["-f", "s16le"] : []),
      out,
    ]);
    const audio = await readFile(out);
    this.served.set(
      sha256(audio),
      voiceover.words
        .map((w) => ({
          word: w.text,
          start: w.startMs / 1000,
          end: w.endMs / 1000,
        }))
        .map(unpunctuated),
    );
    const types = { wav: "audio/wav", mp3: "audio/mpeg", pcm: "audio/pcm" };
    return {
      status: 200,
      type: types[format as keyof typeof types],
      body: audio,
    };
  }

  private async transcription(
    form: ReturnType<typeof parseMultipart> | null,
  ): Promise<Response> {
    if (!form?.file) return error(400, "file is required");
    if (form.fields.model !== "whisper-1")
      return error(400, "word timestamps need whisper-1");
    const failure = this.transcriptionFailures.shift();
    if (failure) return error(failure, "transcription failed");
    const served = this.served.get(sha256(form.file.data));
    const heard = served ?? this.talk?.map(unpunctuated);
    if (!heard)
      return error(400, "the fake only transcribes audio it served or `talk`");
    const words = this.hear(heard.filter((w) => w.word));
    const text = served
      ? words.map((w) => w.word).join(" ")
      : this.talk!.map((w) => w.word).join(" ");
    const wantsWords =
      form.fields.response_format === "verbose_json" &&
      [form.fields["timestamp_granularities[]"]].flat().includes("word");
    return {
      status: 200,
      type: "application/json",
      body: JSON.stringify({
        task: "transcribe",
        language: "english",
        duration: words.at(-1)?.end ?? 0,
        text,
        ...(wantsWords ? { words } : {}),
      }),
    };
  }
}

/** Whisper's words carry no punctuation at their edges. */
const unpunctuated = (w: HeardWord): HeardWord => ({
  ...w,
  word: w.word.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ""),
});

const sha256 = (data: Buffer) =>
  createHash("sha256").update(data).digest("hex");

const error = (
  status: number,
  message: string,
  headers?: Record<string, string>,
): Response => ({
  status,
  type: "application/json",
  headers,
  body: JSON.stringify({
    error: {
      message,
      type: status >= 500 ? "server_error" : "invalid_request_error",
    },
  }),
});

/** Form fields (repeated names become arrays) and the one file of a multipart body. */
function parseMultipart(raw: Buffer, contentType: string) {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(contentType);
  const fields: Record<string, string | string[]> = {};
  let file: { name: string; data: Buffer } | undefined;
  if (!boundary) return { fields, file };
  const delimiter = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
  let at = raw.indexOf(delimiter);
  while (at >= 0) {
    const next = raw.indexOf(delimiter, at + delimiter.length);
    if (next < 0) break;
    const part = raw.subarray(at + delimiter.length + 2, next - 2);
    const split = part.indexOf("\r\n\r\n");
    const head = part.subarray(0, split).toString("utf8");
    const data = part.subarray(split + 4);
    const name = /name="([^"]*)"/.exec(head)?.[1] ?? "";
    const fileName = /filename="([^"]*)"/.exec(head)?.[1];
    if (fileName !== undefined) file = { name: fileName, data };
    else {
      const value = data.toString("utf8");
      const known = fields[name];
      fields[name] = known === undefined ? value : [known, value].flat();
    }
    at = next;
  }
  return { fields, file };
}

const MODERATION_CATEGORIES = [
  "harassment",
  "harassment/threatening",
  "hate",
  "hate/threatening",
  "illicit",
  "illicit/violent",
  "self-harm",
  "self-harm/instructions",
  "self-harm/intent",
  "sexual",
  "sexual/minors",
  "violence",
  "violence/graphic",
] as const;
export type ModerationCategory = (typeof MODERATION_CATEGORIES)[number];

/** The moderations API: one result per input string, in OpenAI's shape. */
function moderation(
  json: Record<string, unknown>,
  flags: Record<string, ModerationCategory>,
): Response {
  const input = json.input;
  const texts = typeof input === "string" ? [input] : input;
  if (!Array.isArray(texts) || !texts.every((t) => typeof t === "string"))
    return error(400, "input must be a string or an array of strings");
  const results = texts.map((text: string) => {
    const hit = new Set(
      Object.entries(flags)
        .filter(([word]) => text.toLowerCase().includes(word.toLowerCase()))
        .map(([, category]) => category),
    );
    const each = <T>(value: (c: ModerationCategory) => T) =>
      Object.fromEntries(MODERATION_CATEGORIES.map((c) => [c, value(c)]));
    return {
      flagged: hit.size > 0,
      categories: each((c) => hit.has(c)),
      category_scores: each((c) => (hit.has(c) ? 0.97 : 0.0004)),
      category_applied_input_types: each(() => ["text"]),
    };
  });
  return {
    status: 200,
    type: "application/json",
    body: JSON.stringify({
      id: `modr-${Date.now()}`,
      model: String(json.model ?? "omni-moderation-latest"),
      results,
    }),
  };
}
