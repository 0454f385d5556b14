import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig, type Config } from "../../src/config";
import { makeClips, type ClipsManifest } from "../../src/pipeline/clips";
import { loudnessProfile, findMoments } from "../../src/pipeline/clips/moments";
import { reframe } from "../../src/pipeline/clips/reframe";
import { resolveSource } from "../../src/pipeline/clips/source";
import {
  extractSpeechAudio,
  transcribe,
} from "../../src/pipeline/clips/transcribe";
import type { Transcript } from "../../src/pipeline/clips/transcript";
import { probeMedia } from "../../src/pipeline/render";
import { FakeOpenAI } from "../fakes/openai-server";
import { makeTestSource, SENTENCES, SOURCE, type TestSource } from "./source";

const run = promisify(execFile);
const normal = (w: string) => w.toLowerCase().replace(/[^\p{L}\p{N}']+/gu, "");
const TEXT = SENTENCES.join(" ").split(/\s+/).map(normal);
/** Index of each sentence's first word in TEXT, and one past its last. */
const SENTENCE_STARTS = SENTENCES.reduce<number[]>(
  (starts, s, i) => [
    ...starts,
    (starts[i - 1] ?? 0) + (i ? SENTENCES[i - 1].split(/\s+/).length : 0),
  ],
  [],
);
const SENTENCE_ENDS = SENTENCE_STARTS.slice(1).concat(TEXT.length);

/** Word error rate: edit distance between the word sequences over the reference's length. */
function wordErrorRate(reference: string[], heard: string[]) {
  let previous = Array.from({ length: heard.length + 1 }, (_, j) => j);
  for (let i = 1; i <= reference.length; i++) {
    const row = [i];
    for (let j = 1; j <= heard.length; j++) {
      row[j] = Math.min(
        previous[j] + 1,
        row[j - 1] + 1,
        previous[j - 1] + (reference[i - 1] === heard[j - 1] ? 0 : 1),
      );
    }
    previous = row;
  }
  return previous[heard.length] / reference.length;
}

/** Where in TEXT a run of words sits, or -1. */
function indexInText(words: string[]) {
  for (let at = 0; at + words.length <= TEXT.length; at++)
    if (words.every((w, k) => TEXT[at + k] === w)) return at;
  return -1;
}

let dir: string;
let source: TestSource;
let speech: { wav: string; durationMs: number };
const fake = new FakeOpenAI();
let openaiConfig: Config;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "rw-clips-test-"));
  source = await makeTestSource(dir);
  speech = await extractSpeechAudio(source.file, dir);
  await fake.start();
  // Whisper hears the narration exactly, with the punctuation in its text.
  fake.talk = source.voiceover.words.map((w) => ({
    word: w.text,
    start: w.startMs / 1000,
    end: w.endMs / 1000,
  }));
  openaiConfig = loadConfig({
    ...process.env,
    OPENAI_API_KEY: "sk-test",
    OPENAI_BASE_URL: fake.url,
    TRANSCRIBE_PROVIDER: "openai",
    MOMENTS_PROVIDER: "openai",
  });
}, 300_000);

afterAll(async () => {
  await fake.stop();
  await rm(dir, { recursive: true, force: true });
});

describe("offline transcription (PocketSphinx)", () => {
  let transcript: Transcript;
  beforeAll(async () => {
    transcript = await transcribe({ ...speech, config: loadConfig() });
  }, 300_000);

  it("hears the narration with a word error rate under 35%, and its sentences at the pauses", () => {
    expect(transcript.provider).toBe("pocketsphinx");
    const wer = wordErrorRate(
      TEXT,
      transcript.words.map((w) => normal(w.text)),
    );
    process.stderr.write(
      `PocketSphinx word error rate on the test narration: ${(wer * 100).toFixed(1)}%\n`,
    );
    expect(wer).toBeLessThan(0.35);
    expect(transcript.sentences).toHaveLength(SENTENCES.length);
    transcript.sentences.forEach((s, i) => {
      expect(
        Math.abs(s.startMs - source.voiceover.segments[i].startMs),
      ).toBeLessThan(250);
      expect(
        Math.abs(s.endMs - source.voiceover.segments[i].endMs),
      ).toBeLessThan(250);
    });
  });

  it("lets the heuristic pick non-overlapping runs of whole sentences in the range, every score component recorded", async () => {
    const { provider, moments } = await findMoments({
      transcript,
      levels: await loudnessProfile(speech.wav),
      moments: { count: 3, minMs: 8000, maxMs: 16_000 },
      config: loadConfig(),
    });
    expect(provider).toBe("heuristic");
    expect(moments).toHaveLength(3);
    const sorted = [...moments].sort((a, b) => a.startMs - b.startMs);
    sorted.forEach((m, i) => {
      expect(m.endMs - m.startMs).toBeGreaterThanOrEqual(8000);
      expect(m.endMs - m.startMs).toBeLessThanOrEqual(16_000);
      if (i) expect(m.startMs).toBeGreaterThanOrEqual(sorted[i - 1].endMs);
      // The clip's edges sit in the pauses around its first and last sentence (the recogniser's
      // word times may be off by a few frames).
      const segments = source.voiceover.segments;
      expect(
        segments[m.firstSentence].startMs - m.startMs,
      ).toBeGreaterThanOrEqual(-150);
      expect(segments[m.firstSentence].startMs - m.startMs).toBeLessThan(400);
      expect(m.endMs - segments[m.lastSentence].endMs).toBeGreaterThanOrEqual(
        -100,
      );
      expect(m.endMs - segments[m.lastSentence].endMs).toBeLessThan(400);
      expect(Object.keys(m.components).sort()).toEqual([
        "density",
        "keywords",
        "loudness",
        "numbers",
        "pauses",
        "question",
      ]);
      const total = Object.values(m.components).reduce(
        (s, c) => s + c.weight * c.scaled,
        0,
      );
      expect(m.score).toBeCloseTo(total, 2);
    });
    expect(moments[0].score).toBeGreaterThanOrEqual(moments[1].score);
  });
});

describe("a source at an http(s) URL", () => {
  let server: Server;
  let base: string;
  beforeAll(async () => {
    const video = await readFile(source.file);
    server = createServer((req, res) => {
      if (req.url === "/talk.mp4")
        res.writeHead(200, { "content-type": "video/mp4" }).end(video);
      else
        res
          .writeHead(200, { "content-type": "text/html" })
          .end("<p>a page</p>");
    });
    await new Promise<void>((resolve) =>
      server.listen(0, "127.0.0.1", resolve),
    );
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  /** The test server's loopback host:port, allowed as an operator would allow an intranet host. */
  const local = () => [{ host: "127.0.0.1", port: Number(new URL(base).port) }];

  it("is downloaded within the size limit and read like a file", async () => {
    const resolved = await resolveSource(`${base}/talk.mp4`, dir, {
      maxBytes: 100e6,
      allowedHosts: local(),
    });
    expect(resolved).toMatchObject({
      width: SOURCE.width,
      height: SOURCE.height,
    });
    expect(resolved.file).toBe(path.join(dir, "source.mp4"));
  });

  it("is refused over the size limit, or when it is not a video", async () => {
    await expect(
      resolveSource(`${base}/talk.mp4`, dir, {
        maxBytes: 50_000,
        allowedHosts: local(),
      }),
    ).rejects.toThrow(/Cannot fetch the source .*talk\.mp4: .* sent more than/);
    await expect(
      resolveSource(`${base}/page`, dir, { allowedHosts: local() }),
    ).rejects.toThrow(/answered content-type text\/html, not video/);
  });
});

describe("reframing 16:9 to 9:16", () => {
  it("cuts at the shots, holds a still subject, follows a moving one, and fits the shot where nothing stands out", async () => {
    const shots = await reframe({
      source: source.file,
      startMs: 0,
      endMs: source.voiceover.durationMs,
      sourceAspect: SOURCE.width / SOURCE.height,
      targetAspect: 9 / 16,
    });
    expect(shots.map((s) => s.mode)).toEqual(["crop", "crop", "fit"]);
    expect(Math.abs(shots[1].startMs - source.cuts[0])).toBeLessThanOrEqual(
      100,
    );
    expect(Math.abs(shots[2].startMs - source.cuts[1])).toBeLessThanOrEqual(
      100,
    );
    // The still box spans 80–180 of 640 pixels.
    expect(shots[0].keyframes).toHaveLength(1);
    expect(shots[0].keyframes[0].x).toBeCloseTo(130 / 640, 1);
    const moving = shots[1].keyframes.filter(
      (k) => k.ms > shots[1].startMs + 1000 && k.ms < shots[1].endMs - 1000,
    );
    expect(moving.length).toBeGreaterThan(20);
    for (const k of moving)
      expect(Math.abs(k.x - source.movingX(k.ms))).toBeLessThan(0.05);
    for (let i = 1; i < moving.length; i++)
      expect(moving[i].x).toBeGreaterThanOrEqual(moving[i - 1].x);
  }, 300_000);
});

describe("reelwright clips with OpenAI configured (a local fake)", () => {
  let out: string;
  let manifest: ClipsManifest;
  const warnings: string[] = [];
  beforeAll(async () => {
    out = path.join(dir, "out");
    // The model names the question that opens the talk, one moment that is too long, and the
    // "how many things" question; the heuristic is not needed.
    fake.chatReplies = [
      {
        status: 200,
        content: JSON.stringify({
          moments: [
            {
              firstSentence: 9,
              lastSentence: 11,
              title: "Two things at once, never more than three",
              hook: "How many things at once?",
              hashtags: ["focus", "teams"],
              reason: "A question answered with a number.",
              score: 92,
            },
            {
              firstSentence: 0,
              lastSentence: 11,
              title: "The whole talk",
              hook: "All of it",
              hashtags: [],
              reason: "Too long.",
              score: 80,
            },
            {
              firstSentence: 0,
              lastSentence: 2,
              title: "Why some teams ship every day",
              hook: "Why do some teams ship daily?",
              hashtags: ["shipping"],
              reason: "Opens with a question.",
              score: 85,
            },
          ],
        }),
      },
    ];
    manifest = await makeClips({
      source: source.file,
      outDir: out,
      count: 2,
      minMs: 8000,
      maxMs: 16_000,
      preset: "tiktok",
      scale: 0.25,
      config: openaiConfig,
      onEvent: (e) => {
        if (e.type === "warning") warnings.push(e.message);
      },
    });
  }, 600_000);

  it("sends whisper-1 the audio for word timestamps and asks the script model for structured moments", () => {
    const transcription = fake.requests.find(
      (r) => r.path === "/v1/audio/transcriptions",
    );
    expect(transcription?.body).toMatchObject({
      model: "whisper-1",
      response_format: "verbose_json",
      "timestamp_granularities[]": "word",
    });
    const chat = fake.requests.find((r) => r.path === "/v1/chat/completions");
    expect(chat?.body).toMatchObject({
      response_format: { type: "json_schema" },
    });
    expect(JSON.stringify(chat?.body)).toContain("[11]");
    expect(manifest.failures).toEqual([]);
    expect(manifest.transcriber).toBe("openai");
    expect(manifest.selector).toBe("openai");
  });

  it("makes the model's two valid moments, best first, with captions that are the narration's words in order from sentence to sentence", async () => {
    expect(manifest.clips.map((c) => c.title)).toEqual([
      "Two things at once, never more than three",
      "Why some teams ship every day",
    ]);
    expect(manifest.clips[1].startMs).toBeGreaterThanOrEqual(0);
    expect(manifest.clips[0].startMs).toBeGreaterThan(manifest.clips[1].endMs);
    for (const clip of manifest.clips) {
      const props = JSON.parse(
        await readFile(
          path.join(out, `clip-${clip.number}.props.json`),
          "utf8",
        ),
      ) as {
        captions: Array<{ text: string; startMs: number; endMs: number }>;
        hook: { text: string } | null;
      };
      const words = props.captions.map((c) => normal(c.text));
      const at = indexInText(words);
      expect(at).toBeGreaterThanOrEqual(0);
      expect(SENTENCE_STARTS).toContain(at);
      expect(SENTENCE_ENDS).toContain(at + words.length);
      for (const c of props.captions) {
        expect(c.startMs).toBeGreaterThanOrEqual(0);
        expect(c.endMs).toBeLessThanOrEqual(clip.durationMs);
      }
      expect(props.hook?.text).toBe(clip.hook);
      expect(clip.hashtags.length).toBeGreaterThan(0);
      expect(clip.components.model.raw).toBeGreaterThan(0);
    }
    const srt = await readFile(path.join(out, "clip-1.srt"), "utf8");
    expect(srt).toMatch(/^1\n00:00:00,\d{3} --> /);
    expect(await readFile(path.join(out, "clip-1.vtt"), "utf8")).toMatch(
      /^WEBVTT\n/,
    );
    const clipsJson = JSON.parse(
      await readFile(path.join(out, "clips.json"), "utf8"),
    ) as ClipsManifest;
    expect(clipsJson.clips.map((c) => c.score)).toEqual([0.92, 0.85]);
    expect(warnings.join("\n")).toMatch(/dropped/);
  });

  it("renders each clip as a checked vertical MP4 of its span's length, with sound and a thumbnail", async () => {
    for (const clip of manifest.clips) {
      const probe = await probeMedia(path.join(out, clip.files.video));
      expect(probe.video).toMatchObject({
        codec: "h264",
        width: 270,
        height: 480,
        pixelFormat: "yuv420p",
      });
      expect(probe.audio?.codec).toBe("aac");
      expect(Math.abs(probe.durationMs - clip.durationMs)).toBeLessThan(150);
      expect(existsSync(path.join(out, clip.files.thumbnail))).toBe(true);
      const metadata = JSON.parse(
        await readFile(path.join(out, clip.files.metadata), "utf8"),
      ) as { startMs: number; endMs: number };
      expect(metadata).toMatchObject({
        startMs: clip.startMs,
        endMs: clip.endMs,
      });
    }
  });

  it("falls back to PocketSphinx when the transcription fails", async () => {
    // The first three sentences are enough to show the fallback.
    const wav = path.join(dir, "three-sentences.wav");
    const lengthMs = source.voiceover.segments[2].endMs + 200;
    await run("ffmpeg", [
      "-v",
      "error",
      "-y",
      "-i",
      speech.wav,
      "-t",
      String(lengthMs / 1000),
      wav,
    ]);
    fake.transcriptionFailures = [500, 500, 500, 500];
    const warned: string[] = [];
    const transcript = await transcribe({
      wav,
      durationMs: lengthMs,
      config: openaiConfig,
      onWarning: (m) => warned.push(m),
    });
    expect(transcript.provider).toBe("pocketsphinx");
    expect(transcript.sentences).toHaveLength(3);
    expect(warned[0]).toMatch(/OpenAI transcription failed.*PocketSphinx/);
    expect(fake.transcriptionFailures).toEqual([]);
  }, 300_000);
});
