import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config";
import { probeMedia } from "../../src/pipeline/render/probe";
import { previewVoice, synthesizeVoiceover } from "../../src/pipeline/voice";
import { FestivalVoiceProvider } from "../../src/pipeline/voice/festival";
import { OpenAIVoiceProvider } from "../../src/pipeline/voice/openai";
import type { VoiceProvider } from "../../src/pipeline/voice/voiceover";
import { FakeOpenAI } from "../fakes/openai-server";

const festival = new FestivalVoiceProvider();
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "rw-voice-"));
});
const out = (name: string) => path.join(dir, name);

describe("the offline Festival voice", () => {
  it("times every written word, in order, and the audio ends with the last word", async () => {
    const segments = [
      "Why is the sea blue?",
      "It is 25 degrees in AI-driven New York.",
    ];
    const v = await synthesizeVoiceover(
      { segments, voice: "slt", speed: 1, outFile: out("a.wav") },
      { provider: festival },
    );
    expect(v.silent).toBe(false);
    expect(v.words.map((w) => w.text)).toEqual(segments.join(" ").split(" "));
    for (let i = 1; i < v.words.length; i++)
      expect(v.words[i].startMs).toBeGreaterThanOrEqual(
        v.words[i - 1].endMs - 1,
      );
    expect(v.segments).toHaveLength(2);
    expect(v.segments[1].startMs).toBeGreaterThan(v.segments[0].endMs);
    const probe = await probeMedia(v.audioFile);
    expect(Math.abs(probe.durationMs - v.durationMs)).toBeLessThan(60);
    expect(v.durationMs - v.words.at(-1)!.endMs).toBeLessThan(500);
  });

  it("speaks faster at speed 1.5", async () => {
    const segments = [
      "The keeper climbed the stairs to light the lamp before the sun went down.",
    ];
    const normal = await synthesizeVoiceover(
      { segments, voice: "slt", speed: 1, outFile: out("n.wav") },
      { provider: festival },
    );
    const fast = await synthesizeVoiceover(
      { segments, voice: "slt", speed: 1.5, outFile: out("f.wav") },
      { provider: festival },
    );
    expect(fast.durationMs).toBeLessThan(normal.durationMs * 0.8);
  });

  it("keeps emoji and text it cannot pronounce in the captions without crashing", async () => {
    const v = await synthesizeVoiceover(
      {
        segments: ["Olé! 🎬 «Quotes» — dashes", "灯台の話"],
        voice: "slt",
        speed: 1,
        outFile: out("e.wav"),
      },
      { provider: festival },
    );
    expect(v.words.map((w) => w.text).join(" ")).toBe(
      "Olé! 🎬 «Quotes» — dashes 灯台の話",
    );
    expect(v.segments[1].endMs - v.segments[1].startMs).toBeGreaterThanOrEqual(
      1500,
    );
  });

  it("lists its voices and rejects an unknown one, naming those there are", async () => {
    expect((await festival.listVoices()).map((v) => v.id)).toContain("slt");
    await expect(
      synthesizeVoiceover(
        { segments: ["Hi"], voice: "nope", speed: 1, outFile: out("x.wav") },
        { provider: festival },
      ),
    ).rejects.toThrow(/Unknown voice "nope" for festival. Available: slt/);
  });

  it("previews at most 200 characters", async () => {
    const v = await previewVoice({
      text: "Hello from the lighthouse.",
      speed: 1,
      outFile: out("p.wav"),
      provider: festival,
    });
    expect(v.durationMs).toBeGreaterThan(500);
    await expect(
      previewVoice({
        text: "x".repeat(201),
        speed: 1,
        outFile: out("q.wav"),
        provider: festival,
      }),
    ).rejects.toThrow(/at most 200/);
  });
});

describe("falling back to a silent narration", () => {
  it("holds each segment long enough to read when the voice fails", async () => {
    const broken: VoiceProvider = {
      id: "broken",
      listVoices: async () => [
        { id: "v", label: "v", language: "en", gender: "neutral" },
      ],
      synthesize: async () => {
        throw new Error("engine crashed");
      },
    };
    const v = await synthesizeVoiceover(
      {
        segments: ["One two three four five six seven", "Bye"],
        voice: "v",
        speed: 1,
        outFile: out("s.wav"),
      },
      { provider: broken },
    );
    expect(v.silent).toBe(true);
    expect(v.segments[0].endMs).toBeGreaterThanOrEqual(2000);
    expect(v.words).toHaveLength(8);
    const probe = await probeMedia(v.audioFile);
    expect(Math.abs(probe.durationMs - v.durationMs)).toBeLessThan(60);
  });
});

describe("the OpenAI voice against a local fake of the API", () => {
  const fake = new FakeOpenAI();
  beforeAll(() => fake.start());
  afterAll(() => fake.stop());

  it("speaks each segment, times the script's words from whisper's, and sends the key", async () => {
    const config = loadConfig({
      OPENAI_API_KEY: "sk-test",
      OPENAI_BASE_URL: fake.url,
      VOICE_PROVIDER: "openai",
    });
    const provider = new OpenAIVoiceProvider(
      config,
      new OpenAI({ apiKey: "sk-test", baseURL: fake.url, maxRetries: 2 }),
    );
    fake.speechFailures = [500];
    const segments = [
      "Why is the sea blue?",
      "Water drinks the red light, metre by metre.",
    ];
    const v = await synthesizeVoiceover(
      { segments, voice: "nova", speed: 1.25, outFile: out("o.wav") },
      { provider },
    );
    expect(v.silent).toBe(false);
    expect(v.words.map((w) => w.text)).toEqual(segments.join(" ").split(" "));
    expect(v.words[5].startMs).toBeGreaterThanOrEqual(v.segments[1].startMs);
    const speech = fake.requests.filter((r) => r.path === "/v1/audio/speech");
    expect(speech.at(-1)).toMatchObject({
      authorization: "Bearer sk-test",
      body: {
        voice: "nova",
        speed: 1.25,
        response_format: "wav",
        model: "gpt-4o-mini-tts",
      },
    });
    expect(
      fake.requests.filter((r) => r.path === "/v1/audio/transcriptions"),
    ).toHaveLength(2);
    const probe = await probeMedia(v.audioFile);
    expect(Math.abs(probe.durationMs - v.durationMs)).toBeLessThan(80);
  });
});
