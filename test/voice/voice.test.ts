import { execFile } from "node:child_process";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { log } from "../../src/log";
import { probeMedia } from "../../src/pipeline/render/probe";
import {
  listVoices,
  previewVoice,
  synthesizeVoiceover,
} from "../../src/pipeline/voice";
import { measureLoudness } from "../../src/pipeline/voice/audio";
import { FestivalVoiceProvider } from "../../src/pipeline/voice/festival";
import type {
  Voiceover,
  VoiceProvider,
} from "../../src/pipeline/voice/voiceover";

const run = promisify(execFile);
/** One voice and no offline fallback but the silent track. */
const alone = (provider: VoiceProvider) => ({
  candidates: [{ provider, voice: "" }],
  language: "en",
});
const festival = new FestivalVoiceProvider();
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "rw-voice-"));
});
const out = (name: string) => path.join(dir, name);

/** The silent stretches of an audio file (ffmpeg silencedetect), in ms. */
async function silences(file: string) {
  const { stderr } = await run("ffmpeg", [
    "-hide_banner",
    "-nostats",
    "-i",
    file,
    "-af",
    "silencedetect=noise=-45dB:d=0.1",
    "-f",
    "null",
    "-",
  ]);
  const starts = [...stderr.matchAll(/silence_start: ([\d.]+)/g)];
  const ends = [...stderr.matchAll(/silence_end: ([\d.]+)/g)];
  return starts.map((s, i) => ({
    startMs: Number(s[1]) * 1000,
    endMs: ends[i] ? Number(ends[i][1]) * 1000 : Infinity,
  }));
}

const expectMonotonic = (v: Voiceover) => {
  for (const [i, w] of v.words.entries()) {
    expect(w.endMs).toBeGreaterThanOrEqual(w.startMs);
    if (i) expect(w.startMs).toBeGreaterThanOrEqual(v.words[i - 1].endMs);
  }
};

describe("the offline Festival voice", () => {
  it("times every written word from the speech itself, and the audio ends with the last word", async () => {
    const segments = [
      "Why is the sea blue?",
      'It is 25 degrees in "AI-driven" New York, an extraordinarily warm day — 50% above the U.S. average.',
    ];
    const v = await synthesizeVoiceover(
      { segments, voice: "slt", speed: 1, outFile: out("a.wav") },
      alone(festival),
    );
    expect(v.silent).toBe(false);
    // A free-standing dash is shown with the word before it.
    expect(v.words.map((w) => w.text)).toEqual(
      segments
        .join(" ")
        .replace(" —", "\u00a0—")
        .split(" ")
        .map((t) => t.replace("\u00a0", " ")),
    );
    expect(v.words.map((w) => w.text)).toContain("day —");
    expectMonotonic(v);

    const probe = await probeMedia(v.audioFile);
    expect(Math.abs(probe.durationMs - v.durationMs)).toBeLessThan(50);
    expect(probe.durationMs - v.words.at(-1)!.endMs).toBeGreaterThanOrEqual(0);
    expect(probe.durationMs - v.words.at(-1)!.endMs).toBeLessThan(500);

    // Timings are Festival's, not spread evenly: a long word takes longer than a short one,
    // speech starts when the first word does, and the pause between segments is silent.
    const word = (text: string) => v.words.find((w) => w.text === text)!;
    const length = (text: string) => word(text).endMs - word(text).startMs;
    expect(length("extraordinarily")).toBeGreaterThan(2.5 * length("is"));
    const quiet = await silences(v.audioFile);
    expect(quiet[0].startMs).toBeLessThan(10);
    expect(Math.abs(quiet[0].endMs - v.words[0].startMs)).toBeLessThan(80);
    expect(v.segments).toHaveLength(2);
    expect(v.segments[1].startMs - v.segments[0].endMs).toBe(350);
    expect(
      quiet.some(
        (s) =>
          s.startMs <= v.segments[0].endMs && s.endMs >= v.segments[1].startMs,
      ),
    ).toBe(true);

    const { lufs } = await measureLoudness(v.audioFile);
    expect(Math.abs(lufs + 16)).toBeLessThan(1.5);
    expect(probe.audio).toMatchObject({ sampleRate: 48000, channels: 1 });
  });

  it("speaks faster at speed 1.5, with every voice", async () => {
    const segments = [
      "The keeper climbed the stairs to light the lamp before the sun went down.",
    ];
    for (const voice of (await festival.listVoices()).map((v) => v.id)) {
      const [normal, fast] = await Promise.all(
        [1, 1.5].map((speed) =>
          synthesizeVoiceover(
            { segments, voice, speed, outFile: out(`${voice}-${speed}.wav`) },
            alone(festival),
          ),
        ),
      );
      expect(fast.durationMs).toBeLessThan(normal.durationMs * 0.8);
      expect(
        (await probeMedia(fast.audioFile)).durationMs -
          fast.words.at(-1)!.endMs,
      ).toBeLessThan(500);
    }
  });

  it("keeps emoji, symbols and other languages in the captions without crashing", async () => {
    const segments = [
      "Olé! 🎬 «Quotes» — dashes, https://www.example.com/lights?x=1 & C++",
      "Le phare s'allume à la tombée de la nuit.",
      "灯台の話",
      "🎬🎬",
    ];
    const v = await synthesizeVoiceover(
      { segments, voice: "slt", speed: 1, outFile: out("e.wav") },
      alone(festival),
    );
    expect(v.silent).toBe(false);
    expect(v.words.map((w) => w.text).join(" ")).toBe(segments.join(" "));
    expect(v.words[0].text).toBe("Olé! 🎬");
    expectMonotonic(v);
    // Nothing an English voice can say: held long enough to read, over silence.
    expect(v.segments[2].endMs - v.segments[2].startMs).toBeGreaterThanOrEqual(
      1500,
    );
    const probe = await probeMedia(v.audioFile);
    expect(Math.abs(probe.durationMs - v.durationMs)).toBeLessThan(50);
  });

  // How fast is measured by `npm run bench` (the narration is part of its run), not here.
  it("narrates a long script in order", async () => {
    const sentence =
      "The lighthouse keeper trimmed the wick, wound the clockwork and watched the sea until dawn.";
    const segments = Array.from(
      { length: 6 },
      (_, i) =>
        Array.from({ length: 8 }, () => `${sentence}`).join(" ") +
        ` Part ${i}.`,
    );
    const v = await synthesizeVoiceover(
      { segments, voice: "slt", speed: 1, outFile: out("long.wav") },
      alone(festival),
    );
    expect(v.durationMs).toBeGreaterThan(150_000);
    expect(v.words).toHaveLength(segments.join(" ").split(" ").length);
    expectMonotonic(v);
    for (const [i, segment] of v.segments.entries()) {
      const part = v.words.find((w) => w.text === `${i}.`)!;
      expect(part.endMs).toBeLessThanOrEqual(segment.endMs);
      expect(part.startMs).toBeGreaterThan(segment.startMs);
    }
  });
});

describe("choosing and checking a voice", () => {
  it("lists the installed voices and rejects an unknown one, naming those there are", async () => {
    expect((await listVoices(festival)).map((v) => v.id)).toEqual([
      "slt",
      "kal",
      "lp",
    ]);
    await expect(
      synthesizeVoiceover(
        { segments: ["Hi"], voice: "nope", speed: 1, outFile: out("x.wav") },
        alone(festival),
      ),
    ).rejects.toThrow(
      'voice "nope" is not a festival voice; choose one of: slt, kal, lp',
    );
  });

  it("rejects a speed out of range and an empty segment, naming the field", async () => {
    const request = {
      segments: ["Hi"],
      voice: "slt",
      speed: 1,
      outFile: out("x.wav"),
    };
    await expect(
      synthesizeVoiceover({ ...request, speed: 2.5 }, alone(festival)),
    ).rejects.toThrow("speed must be at most 2");
    await expect(
      synthesizeVoiceover({ ...request, speed: 0.2 }, alone(festival)),
    ).rejects.toThrow("speed must be at least 0.5");
    await expect(
      synthesizeVoiceover(
        { ...request, segments: ["Hi", "  "] },
        alone(festival),
      ),
    ).rejects.toThrow("segments.1 is empty");
  });

  it("previews at most 200 characters, with the first voice by default", async () => {
    const v = await previewVoice({
      text: "Hello from the lighthouse.",
      provider: festival,
    });
    expect(v.voice).toBe("slt");
    expect(path.dirname(v.audioFile)).toBe(tmpdir());
    expect((await probeMedia(v.audioFile)).durationMs).toBeGreaterThan(500);
    await expect(
      previewVoice({ text: "x".repeat(201), provider: festival }),
    ).rejects.toThrow("text takes at most 200 characters (got 201 characters)");
  });
});

describe("falling back to a silent narration", () => {
  const voices = async () => [
    { id: "v", label: "v", language: "en", gender: "neutral" as const },
  ];

  it("holds each segment long enough to read when the voice fails, and says why", async () => {
    const warn = vi.spyOn(log, "warn");
    const broken: VoiceProvider = {
      id: "broken",
      listVoices: voices,
      synthesize: async () => {
        throw new Error("engine crashed");
      },
    };
    const v = await synthesizeVoiceover(
      {
        segments: ["One two three four five six seven eight nine ten", "Bye"],
        voice: "v",
        speed: 1,
        outFile: out("s.wav"),
      },
      alone(broken),
    );
    expect(warn).toHaveBeenCalledWith(
      expect.objectContaining({ provider: "broken", reason: "engine crashed" }),
      expect.stringContaining("the broken voice failed"),
    );
    expect(v.warnings).toEqual([
      "The broken voice failed (engine crashed); the video carries the text on screen with no narration.",
    ]);
    warn.mockRestore();
    expect(v.silent).toBe(true);
    expect(v.words).toHaveLength(11);
    // 3.3 words a second, at least 1.5 s a segment.
    expect(v.segments[0]).toEqual({ startMs: 0, endMs: 3030 });
    expect(v.segments[1]).toEqual({ startMs: 3380, endMs: 4880 });
    expectMonotonic(v);
    const probe = await probeMedia(v.audioFile);
    expect(Math.abs(probe.durationMs - v.durationMs)).toBeLessThan(30);
    expect((await measureLoudness(v.audioFile)).peakDb).toBe(-Infinity);
  });

  it("falls back when a voice returns a narration that does not hold together", async () => {
    const nonsense: VoiceProvider = {
      id: "nonsense",
      listVoices: voices,
      synthesize: async (request) => ({
        provider: "nonsense",
        voice: "v",
        speed: 1,
        audioFile: request.outFile,
        durationMs: Number.NaN,
        words: [],
        segments: [],
        silent: false,
      }),
    };
    const v = await synthesizeVoiceover(
      { segments: ["Hello"], voice: "v", speed: 1, outFile: out("n.wav") },
      alone(nonsense),
    );
    expect(v.silent).toBe(true);
  });
});
