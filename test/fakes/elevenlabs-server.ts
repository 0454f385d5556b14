import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { FestivalVoiceProvider } from "../../src/pipeline/voice/festival";
import { FakeHttpServer, json, jsonBody, type FakeReply } from "./http";

const run = promisify(execFile);
const festival = new FestivalVoiceProvider();

export const FAKE_ELEVENLABS_KEY = "xi-test-key";
export const FAKE_ELEVENLABS_VOICES = [
  {
    voice_id: "21m00Tcm4TlvDq8ikWAM",
    name: "Rachel",
    labels: { gender: "female", accent: "american" },
  },
  {
    voice_id: "pNInz6obpgDQGcFmaJgB",
    name: "Adam",
    labels: { gender: "male" },
  },
];

/**
 * A local server speaking the parts of ElevenLabs' API that Reelwright uses, in its documented
 * shapes: `GET /v1/voices`, and `POST /v1/text-to-speech/{voice_id}/with-timestamps` answering
 * `{audio_base64, alignment, normalized_alignment}` — real speech (Festival) as raw 16-bit PCM in
 * the asked `output_format` (pcm_<rate>), with each character's start and end time spread over
 * the word Festival spoke it in. Every request needs the `xi-api-key` header. `failWith` makes
 * the speech endpoint answer that status instead.
 */
export class FakeElevenLabs {
  failWith: number | null = null;
  private readonly http = new FakeHttpServer((request, url) =>
    this.answer(request, url),
  );

  get url() {
    return this.http.url;
  }
  get requests() {
    return this.http.requests;
  }

  async start() {
    await this.http.start();
    return this;
  }
  stop() {
    return this.http.stop();
  }

  private async answer(
    request: Parameters<ConstructorParameters<typeof FakeHttpServer>[0]>[0],
    url: URL,
  ): Promise<FakeReply> {
    if (request.headers["xi-api-key"] !== FAKE_ELEVENLABS_KEY)
      return json(401, {
        detail: { status: "invalid_api_key", message: "Invalid API key" },
      });
    if (request.method === "GET" && url.pathname === "/v1/voices")
      return json(200, { voices: FAKE_ELEVENLABS_VOICES });
    const speech = /^\/v1\/text-to-speech\/([^/]+)\/with-timestamps$/.exec(
      url.pathname,
    );
    if (request.method !== "POST" || !speech)
      return json(404, { detail: "Not Found" });
    if (!FAKE_ELEVENLABS_VOICES.some((v) => v.voice_id === speech[1]))
      return json(400, {
        detail: { status: "voice_not_found", message: "Voice not found" },
      });
    if (this.failWith)
      return json(this.failWith, {
        detail: { status: "system_busy", message: "Try again later" },
      });
    const body = jsonBody(request) as { text?: string };
    const rate = Number(
      /^pcm_(\d+)$/.exec(url.searchParams.get("output_format") ?? "")?.[1],
    );
    if (!body.text || !rate)
      return json(422, { detail: "text and a pcm output_format are needed" });
    return json(200, await speak(body.text, rate));
  }
}

async function speak(text: string, rate: number) {
  const work = await mkdtemp(path.join(tmpdir(), "rw-fake-11labs-"));
  try {
    const spoken = await festival.synthesize({
      segments: [text],
      voice: "slt",
      speed: 1,
      outFile: path.join(work, "speech.wav"),
    });
    const pcm = path.join(work, "speech.raw");
    await run("sox", [
      spoken.audioFile,
      "-r",
      String(rate),
      "-c",
      "1",
      "-b",
      "16",
      "-e",
      "signed-integer",
      "-t",
      "raw",
      pcm,
    ]);
    const characters: string[] = [];
    const starts: number[] = [];
    const ends: number[] = [];
    const words = text.split(" ");
    words.forEach((word, i) => {
      const timed = spoken.words[i];
      const each = (timed.endMs - timed.startMs) / word.length / 1000;
      [...word].forEach((char, k) => {
        characters.push(char);
        starts.push(timed.startMs / 1000 + k * each);
        ends.push(timed.startMs / 1000 + (k + 1) * each);
      });
      if (i + 1 < words.length) {
        characters.push(" ");
        starts.push(timed.endMs / 1000);
        ends.push(spoken.words[i + 1].startMs / 1000);
      }
    });
    const alignment = {
      characters,
      character_start_times_seconds: starts,
      character_end_times_seconds: ends,
    };
    return {
      audio_base64: (await readFile(pcm)).toString("base64"),
      alignment,
      normalized_alignment: alignment,
    };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
