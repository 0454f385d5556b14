import { execFile } from "node:child_process";
import { mkdtemp, readFile, readdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { parseSrt } from "@remotion/captions";
import sharp from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config";
import {
  prepareVideos,
  makeVideos,
  type MakeEvent,
  type PresetOutcome,
} from "../../src/pipeline/make";
import { probeMedia } from "../../src/pipeline/render";
import { PLATFORMS } from "../../src/platforms/limits";

const run = promisify(execFile);

const ARTICLE = `---
title: Why the sea is blue
description: Sunlight, water and a little physics explain the colour of the open ocean.
keywords: [ocean, light, colour]
---

# Why the sea is blue

Stand on a cliff above the open ocean and the water looks a deep, clear blue, even on a day when the sky is grey.

## Water drinks the red light

![Sunlight sinking into deep blue water](images/deep.jpg)

Sunlight is a mix of every colour. Water molecules absorb the long red and orange wavelengths first, a little with every metre the light travels. Ten metres down, most of the red is gone. What is left is mostly blue.

## Blue light comes back

![Waves scattering blue light back to the surface](images/waves.jpg)

Some of the blue light bounces off water molecules and tiny particles and returns to the surface. That returning light is what reaches your eyes, so deep clear water looks blue. Shallow water over white sand looks turquoise, because the sand reflects light before the water can absorb it.
`;

async function makeImage(file: string, hue: string) {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1600" height="1000"><defs><linearGradient id="g" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${hue}"/><stop offset="1" stop-color="#001022"/></linearGradient></defs><rect width="1600" height="1000" fill="url(#g)"/><circle cx="1100" cy="380" r="160" fill="#fff8"/></svg>`;
  await sharp(Buffer.from(svg)).jpeg().toFile(file);
}

describe("making videos from an article", () => {
  let dir: string;
  let outcomes: PresetOutcome[];
  const events: MakeEvent[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "rw-make-"));
    await run("mkdir", ["-p", path.join(dir, "images")]);
    await makeImage(path.join(dir, "images/deep.jpg"), "#1d6fa5");
    await makeImage(path.join(dir, "images/waves.jpg"), "#38bdf8");
    await writeFile(path.join(dir, "article.md"), ARTICLE);
    outcomes = await makeVideos({
      articlePath: path.join(dir, "article.md"),
      presets: ["youtube_short", "youtube_long"],
      outDir: path.join(dir, "out"),
      scale: 0.25,
      config: loadConfig({
        ...process.env,
        REELWRIGHT_HOME: path.join(dir, "home"),
      }),
      onEvent: (e) => events.push(e),
    });
  }, 600_000);

  it("renders the short preset as a checked H.264/AAC MP4 at the requested scale", async () => {
    const short = outcomes.find((o) => o.preset === "youtube_short")!;
    expect(short.ok).toBe(true);
    if (!short.ok) return;
    const probe = await probeMedia(short.files.video);
    expect(probe.video).toMatchObject({
      codec: "h264",
      width: 270,
      height: 480,
      pixelFormat: "yuv420p",
      fps: 30,
    });
    expect(probe.audio).toMatchObject({ codec: "aac" });
    expect(probe.fastStart).toBe(true);
    expect(probe.durationMs).toBeGreaterThanOrEqual(30_000);
    expect(probe.durationMs).toBeLessThanOrEqual(60_000);
    expect(
      Math.abs(probe.durationMs - short.metadata.durationSec * 1000),
    ).toBeLessThan(150);
  });

  it("writes captions, a thumbnail, metadata and the props next to the video", async () => {
    const short = outcomes.find((o) => o.preset === "youtube_short")!;
    if (!short.ok) throw new Error(short.error);
    const { captions } = parseSrt({
      input: await readFile(short.files.srt, "utf8"),
    });
    expect(captions.length).toBeGreaterThan(3);
    expect(captions.map((c) => c.text).join(" ")).toMatch(/sea/i);
    expect(await readFile(short.files.vtt, "utf8")).toMatch(/^WEBVTT\n/);
    const thumb = await sharp(short.files.thumbnail).metadata();
    expect([thumb.width, thumb.height, thumb.format]).toEqual([
      1080,
      1920,
      "jpeg",
    ]);
    expect(short.metadata.title.length).toBeLessThanOrEqual(
      PLATFORMS.youtube.title.max,
    );
    expect(short.metadata.description).toMatch(/#Shorts/);
    const written = JSON.parse(
      await readFile(
        path.join(dir, "out", "youtube_short.metadata.json"),
        "utf8",
      ),
    );
    expect(written).toMatchObject({
      language: "en",
      voice: { provider: "festival", id: "slt", language: "en" },
    });
    const files = await readdir(path.join(dir, "out"));
    expect(files.filter((f) => f.includes(".partial"))).toEqual([]);
    expect(files).toContain("youtube_short.props.json");
  });

  it("fails the long preset alone, saying the article is too short for it", () => {
    const long = outcomes.find((o) => o.preset === "youtube_long")!;
    expect(long.ok).toBe(false);
    if (long.ok) return;
    expect(long.error).toMatch(/5:00/);
  });

  it("reports progress for each stage and the render", () => {
    const stages = new Set(
      events
        .filter((e) => e.type === "stage")
        .map((e) => e.type === "stage" && e.stage),
    );
    for (const s of [
      "content",
      "images",
      "script",
      "voice",
      "visuals",
      "bundle",
      "render",
      "thumbnail",
    ]) {
      expect(stages).toContain(s);
    }
    const render = events.filter(
      (e) => e.type === "progress" && e.stage === "render",
    );
    expect(render.length).toBeGreaterThan(2);
  });

  it("reuses the script and narration when the article has not changed", async () => {
    const again: MakeEvent[] = [];
    await prepareVideos({
      articlePath: path.join(dir, "article.md"),
      presets: ["youtube_short"],
      outDir: path.join(dir, "out2"),
      config: loadConfig({
        ...process.env,
        REELWRIGHT_HOME: path.join(dir, "home"),
      }),
      onEvent: (e) => again.push(e),
    });
    const status = (stage: string) =>
      again.find(
        (e) => e.type === "stage" && e.stage === stage && e.status !== "start",
      );
    expect(status("voice")).toMatchObject({ status: "cached" });
    expect(status("script")).toMatchObject({ status: "cached" });
    expect(status("images")).toMatchObject({ status: "cached" });
  });
});
