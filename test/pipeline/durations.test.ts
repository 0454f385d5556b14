import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { PRESETS } from "../../src/compositions/presets";
import { loadConfig } from "../../src/config";
import { PresetDurationError } from "../../src/pipeline/compose";
import { prepareVideos, type MakeEvent } from "../../src/pipeline/make";
import type { Script } from "../../src/pipeline/script/script";
import {
  keepPoints,
  nextFitStep,
  pointsThatFit,
  retimeSpeed,
} from "../../src/pipeline/stages";
import type { Voiceover } from "../../src/pipeline/voice/voiceover";
import { bigArticle } from "../helpers/articles";

describe("narrations that fit every requested preset", () => {
  let dir: string;
  const config = () =>
    loadConfig({ ...process.env, REELWRIGHT_HOME: path.join(dir, "home") });
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "rw-durations-"));
    await writeFile(path.join(dir, "big.md"), bigArticle(1_000_000));
    await writeFile(
      path.join(dir, "tiny.md"),
      "# Tides\n\nThe moon pulls the sea towards it, and the earth turns beneath that bulge of water twice a day.\n",
    );
  });

  it("lands a 1 MB article inside tiktok and youtube_short even when the voice is slower than the script assumed", async () => {
    const events: MakeEvent[] = [];
    const { prepared, failures } = await prepareVideos({
      articlePath: path.join(dir, "big.md"),
      presets: ["tiktok", "youtube_short"],
      outDir: path.join(dir, "out"),
      speed: 0.8,
      config: config(),
      onEvent: (e) => events.push(e),
    });
    expect(failures).toEqual([]);
    expect(prepared.map((p) => p.preset)).toEqual(["tiktok", "youtube_short"]);
    for (const { preset, props } of prepared) {
      expect(props.durationMs).toBeGreaterThanOrEqual(
        PRESETS[preset].minDurationMs,
      );
      expect(props.durationMs).toBeLessThanOrEqual(
        PRESETS[preset].maxDurationMs,
      );
    }
    // The first narration missed (slower than scripted), and the script was redone.
    const voiced = events.filter(
      (e) => e.type === "stage" && e.stage === "voice" && e.status !== "start",
    );
    expect(voiced.length).toBeGreaterThan(1);
  }, 600_000);

  it("tells a 22-word article what would make it long enough, never a shorter type", async () => {
    const { prepared, failures } = await prepareVideos({
      articlePath: path.join(dir, "tiny.md"),
      presets: ["youtube_short"],
      outDir: path.join(dir, "out-tiny"),
      config: config(),
    });
    expect(prepared).toEqual([]);
    expect(failures).toHaveLength(1);
    const error = failures[0].ok ? "" : failures[0].error;
    expect(error).toMatch(/a short video needs at least 0:\d\d/);
    expect(error).toMatch(/Add about \d+ words to the article\.$/);
    expect(error).not.toMatch(/--type/);
  }, 120_000);
});

describe("fitting a narration (the pure steps)", () => {
  const voiceover = (durationMs: number, speed = 1): Voiceover => ({
    provider: "festival",
    voice: "slt",
    speed,
    audioFile: "/tmp/n.wav",
    durationMs,
    words: [],
    // hook, intro, three points of 20 s, CTA
    segments: [
      { startMs: 0, endMs: 3000 },
      { startMs: 3350, endMs: 8000 },
      { startMs: 8350, endMs: 28000 },
      { startMs: 28350, endMs: 48000 },
      { startMs: 48350, endMs: 68000 },
      { startMs: 68350, endMs: durationMs },
    ],
    silent: false,
    language: "en",
    warnings: [],
  });
  const script = {
    type: "short",
    points: [1, 2, 3].map((i) => ({
      durationEstSec: 20,
      textOverlay: `P${i}`,
    })),
    chapters: [0, 1, 2, 3].map((i) => ({ timeSec: i * 20, title: `C${i}` })),
    totalEstimatedDurationSec: 72,
  } as unknown as Script;

  it("re-times by at most 15 %, aiming just inside the range", () => {
    expect(retimeSpeed(voiceover(66_000), { min: 30, max: 58.5 })).toBeNull();
    const speed = retimeSpeed(voiceover(62_000), { min: 30, max: 58.5 })!;
    expect(speed).toBeGreaterThan(1);
    expect(62 / speed).toBeLessThan(58.5);
    const slower = retimeSpeed(voiceover(28_000, 1.2), { min: 30, max: 58.5 })!;
    expect(slower).toBeLessThan(1.2);
    expect((28 * 1.2) / slower).toBeGreaterThan(30);
  });

  it("drops the last points until the narration fits, keeping one at least", () => {
    expect(
      pointsThatFit(voiceover(72_000), script, { min: 30, max: 58.5 }),
    ).toBe(2);
    expect(pointsThatFit(voiceover(72_000), script, { min: 10, max: 20 })).toBe(
      1,
    );
    const kept = keepPoints(script, 2);
    expect(kept.points).toHaveLength(2);
    expect(kept.chapters.map((c) => c.title)).toEqual(["C0", "C1", "C2"]);
    expect(kept.totalEstimatedDurationSec).toBe(52);
  });

  it("tries a new script, then a re-timing, then fewer points; text narrated as written is only re-timed", () => {
    const target = { min: 30, max: 58.5 };
    const step = (
      ms: number,
      attempt: number,
      asWritten = false,
      trimmed = false,
    ) => nextFitStep(voiceover(ms), target, { attempt, asWritten, trimmed });
    expect(step(45_000, 1)).toBeNull();
    expect(step(90_000, 1)).toBe("rescript");
    expect(step(62_000, 2)).toBe("retime");
    expect(step(90_000, 2)).toBe("trim");
    expect(step(62_000, 3)).toBe("trim");
    expect(step(62_000, 4, false, true)).toBeNull();
    expect(step(20_000, 3)).toBeNull();
    expect(step(62_000, 1, true)).toBe("retime");
    expect(step(90_000, 1, true)).toBeNull();
    expect(step(62_000, 2, true)).toBeNull();
  });

  it("names only remedies that exist in duration errors", () => {
    const tooLong = new PresetDurationError("youtube_short", 66_000, {
      type: "short",
      speed: 2,
      narrated: "script",
    }).message;
    expect(tooLong).toContain("takes 0:30–1:00, but this narration runs 1:06");
    expect(tooLong).not.toMatch(/--type|faster --speed/);
    expect(tooLong).toContain("making youtube_short in a run of its own");
    const longMedium = new PresetDurationError("youtube_medium", 200_000, {
      type: "medium",
      speed: 1,
      narrated: "script",
    }).message;
    expect(longMedium).toMatch(/--type short, a faster --speed \(up to 2\) or/);
    const tooShort = new PresetDurationError("youtube_long", 100_000, {
      type: "long",
      speed: 0.5,
      narrated: "script",
    }).message;
    expect(tooShort).toMatch(/Try a longer article\.$/);
  });

  it("names remedies for a storyboard and for the user's own recording, not for a script", () => {
    const scenes = new PresetDurationError("youtube_short", 20_000, {
      type: "short",
      speed: 1,
      narrated: "scenes",
    }).message;
    expect(scenes).toMatch(/Try more or longer scenes or a slower --speed/);
    expect(scenes).not.toMatch(/--type|article/);
    const recording = new PresetDurationError("tiktok", 200_000, {
      type: "short",
      speed: 1,
      narrated: "recording",
    }).message;
    expect(recording).toMatch(/Try a shorter recording or making tiktok/);
    expect(recording).not.toMatch(/--speed|--type/);
  });
});
