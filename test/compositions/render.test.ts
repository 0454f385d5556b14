import { mkdtemp, readdir, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { makeCancelSignal, type HeadlessBrowser } from "@remotion/renderer";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PRESET_IDS, PRESETS } from "../../src/compositions/presets";
import {
  videoPropsSchema,
  type VideoProps,
} from "../../src/compositions/schema";
import { layoutSections } from "../../src/compositions/timing";
import { loadConfig } from "../../src/config";
import {
  measureOutputLoudness,
  TARGET_LUFS,
} from "../../src/pipeline/render/loudness";
import { MediaStore } from "../../src/pipeline/media-store";
import { measureLoudness, run } from "../../src/pipeline/voice/audio";
import {
  ensureBundle,
  renderScale,
  renderThumbnail,
  renderVideo,
  startBrowser,
} from "../../src/pipeline/render";

const sample = async (preset: string) =>
  videoPropsSchema.parse(
    JSON.parse(await readFile(`public/sample/${preset}.json`, "utf8")),
  ) as VideoProps;

/** One bundle of the compositions for every render below. */
let serveUrl: string;
beforeAll(async () => {
  const config = loadConfig();
  serveUrl = await ensureBundle({
    homeDir: config.homeDir,
    mediaDir: config.mediaDir,
  });
}, 300_000);

describe("the sample props the Studio opens with", () => {
  it.each(PRESET_IDS)(
    "are valid %s props whose sections fill the whole video",
    async (preset) => {
      const props = await sample(preset);
      const fps = PRESETS[preset].fps;
      const total = Math.round((props.durationMs / 1000) * fps);
      const layout = layoutSections(props.sections, props.theme, fps, total);
      const overlap = layout.reduce((n, t) => n + t.transitionOut, 0);
      expect(layout.reduce((n, t) => n + t.durationInFrames, 0) - overlap).toBe(
        total,
      );
      expect(props.captions.length).toBeGreaterThan(50);
    },
  );

  it("are refused when a field is wrong, naming it", async () => {
    const props = await sample("tiktok");
    const result = videoPropsSchema.safeParse({
      ...props,
      theme: { ...props.theme, accentColor: "orange-ish" },
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0].path).toEqual(["theme", "accentColor"]);
  });
});

describe("rendering each preset at reduced scale", () => {
  let browser: HeadlessBrowser;
  let dir: string;
  beforeAll(async () => {
    browser = await startBrowser();
    dir = await mkdtemp(path.join(tmpdir(), "rw-compositions-"));
  }, 300_000);
  afterAll(() => browser?.close({ silent: true }));

  it.each(PRESET_IDS)(
    "renders two seconds of %s with sound, checked by ffprobe",
    async (preset) => {
      const props = await sample(preset);
      const file = path.join(dir, `${preset}.mp4`);
      const probe = await renderVideo({
        serveUrl,
        props,
        outFile: file,
        browser,
        scale: 0.25,
        frameRange: [0, 59],
      });
      // A quarter, or just under where a quarter is not a whole even number (1350 / 4).
      const scale = renderScale(preset, 0.25);
      expect(scale).toBeGreaterThan(0.24);
      expect(probe.video).toMatchObject({
        codec: "h264",
        width: Math.round(PRESETS[preset].width * scale),
        height: Math.round(PRESETS[preset].height * scale),
        pixelFormat: "yuv420p",
      });
      expect(probe.audio?.codec).toBe("aac");
      expect(Math.abs(probe.durationMs - 2000)).toBeLessThanOrEqual(100);
    },
  );

  it("plays a stock clip muted, looped past its end, under the headline", async () => {
    const config = loadConfig();
    const clipFile = path.join(dir, "clip.mp4");
    // One second of colour bars with a loud tone: the tone must not reach the mix.
    await run("ffmpeg", [
      "-v",
      "error",
      "-f",
      "lavfi",
      "-i",
      "testsrc2=size=360x640:rate=30:duration=1",
      "-f",
      "lavfi",
      "-i",
      "sine=frequency=1000:duration=1",
      "-pix_fmt",
      "yuv420p",
      "-c:v",
      "libx264",
      "-c:a",
      "aac",
      "-shortest",
      clipFile,
    ]);
    const src = await new MediaStore(config.mediaDir).putFile(clipFile);
    const props = await sample("tiktok");
    props.sections[0].visual = {
      type: "video",
      src,
      width: 360,
      height: 640,
      durationMs: 1000,
      credit: {
        source: "pexels",
        author: "Filmer",
        url: "https://www.pexels.com/video/1/",
      },
    };
    props.narration = null;
    props.music = null;
    const file = path.join(dir, "clip-section.mp4");
    await renderVideo({
      serveUrl,
      props,
      outFile: file,
      browser,
      scale: 0.25,
      frameRange: [0, 59],
    });
    // Past the clip's one second it loops: the frame is the bars again, not black.
    const frame = path.join(dir, "clip-frame.png");
    await run("ffmpeg", [
      "-v",
      "error",
      "-ss",
      "1.5",
      "-i",
      file,
      "-frames:v",
      "1",
      frame,
    ]);
    const { channels } = await sharp(frame).stats();
    expect(Math.max(...channels.map((c) => c.stdev))).toBeGreaterThan(30);
    const { lufs } = await measureLoudness(file);
    expect(lufs).toBeLessThan(-60);
  }, 120_000);

  it.each(PRESET_IDS)(
    "renders the %s thumbnail at its platform's size",
    async (preset) => {
      const file = path.join(dir, `${preset}.jpg`);
      await renderThumbnail({
        serveUrl,
        props: await sample(preset),
        outFile: file,
        browser,
      });
      const { width, height, format } = await sharp(file).metadata();
      expect({ width, height, format }).toEqual({
        ...PRESETS[preset].thumbnail,
        format: "jpeg",
      });
    },
  );
});

describe("rendering in pieces side by side", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "rw-pieces-"));
  });

  it("gives the same video as one render: length, sound, loudness, checks", async () => {
    const props = await sample("tiktok");
    const render = (pieces: number) =>
      renderVideo({
        serveUrl,
        props,
        outFile: path.join(dir, `pieces-${pieces}.mp4`),
        scale: 0.25,
        frameRange: [30, 269],
        settings: { pieces },
      });
    const whole = await render(1);
    const fractions: number[] = [];
    const pieced = await renderVideo({
      serveUrl,
      props,
      // Relative, as `reelwright make --out out/demo` gives it: Remotion's ffmpeg runs elsewhere.
      outFile: path.relative(process.cwd(), path.join(dir, "pieces-2.mp4")),
      scale: 0.25,
      frameRange: [30, 269],
      settings: { pieces: 2 },
      onProgress: (p) => fractions.push(p.fraction),
    });
    expect(pieced.video).toMatchObject({
      codec: "h264",
      profile: "High",
      pixelFormat: "yuv420p",
      fps: 30,
    });
    expect(pieced.fastStart).toBe(true);
    expect(Math.abs(pieced.video!.durationMs - 8000)).toBeLessThanOrEqual(34);
    expect(
      Math.abs(pieced.audio!.durationMs - whole.audio!.durationMs),
    ).toBeLessThanOrEqual(25);
    const [a, b] = await Promise.all([
      measureLoudness(path.join(dir, "pieces-1.mp4")),
      measureLoudness(path.join(dir, "pieces-2.mp4")),
    ]);
    expect(Math.abs(a.lufs - b.lufs)).toBeLessThan(0.5);
    // The platforms' loudness, measured on the outputs by ebur128 with true peaks.
    for (const file of ["pieces-1.mp4", "pieces-2.mp4"]) {
      const out = await measureOutputLoudness(path.join(dir, file));
      expect(Math.abs(out.lufs - TARGET_LUFS), file).toBeLessThanOrEqual(1);
      expect(out.truePeakDb, file).toBeLessThanOrEqual(-1);
    }
    expect(fractions.at(-1)).toBeCloseTo(1, 6);
    expect(fractions).toEqual([...fractions].sort((x, y) => x - y));
    expect((await readdir(dir)).sort()).toEqual([
      "pieces-1.mp4",
      "pieces-2.mp4",
    ]);
  }, 300_000);

  it("stops every piece when cancelled and leaves no file behind", async () => {
    const cancelDir = await mkdtemp(path.join(tmpdir(), "rw-pieces-cancel-"));
    const { cancelSignal, cancel } = makeCancelSignal();
    const rendering = renderVideo({
      serveUrl,
      props: await sample("tiktok"),
      outFile: path.join(cancelDir, "cancelled.mp4"),
      scale: 0.25,
      frameRange: [0, 599],
      settings: { pieces: 2 },
      cancelSignal,
      onProgress: (p) => {
        if (p.renderedFrames > 20) cancel();
      },
    });
    await expect(rendering).rejects.toThrow(/cancel/i);
    expect(await readdir(cancelDir)).toEqual([]);
  }, 300_000);
});
