import { existsSync } from "node:fs";
import os from "node:os";
import { RENDER_QUALITY_IDS, type RenderQuality } from "./core/render-quality";

/**
 * Browser and encoder defaults, shared by remotion.config.ts (Studio, CLI) and the render stage:
 * Remotion's Node APIs do not read the config file, so both read this module.
 */

const DEBIAN_HEADLESS_SHELL = "/usr/lib/chromium/chromium-headless-shell";

/**
 * The browser to render with: REMOTION_BROWSER_EXECUTABLE, else Debian's headless shell, else
 * null (Remotion then downloads its own, which needs the internet).
 */
export function resolveBrowserExecutable(
  env: Record<string, string | undefined> = process.env,
): string | null {
  const fromEnv = env.REMOTION_BROWSER_EXECUTABLE;
  if (fromEnv) {
    if (!existsSync(fromEnv)) {
      throw new Error(
        `REMOTION_BROWSER_EXECUTABLE points to ${fromEnv}, which does not exist`,
      );
    }
    return fromEnv;
  }
  return existsSync(DEBIAN_HEADLESS_SHELL) ? DEBIAN_HEADLESS_SHELL : null;
}

/**
 * Remotion reads this variable on every viewport change and screenshot; it has no option for it.
 * The render stage sets it from `captureFromSurface` before each render.
 */
export const DISABLE_FROM_SURFACE_ENV = "DISABLE_FROM_SURFACE";

export const RENDER_DEFAULTS = {
  /** JPEG frames are ~25% faster to capture than PNG and the encoder cannot tell. */
  imageFormat: "jpeg",
  jpegQuality: 90,
  concurrency: Math.max(1, os.cpus().length),
  codec: "h264",
  audioCodec: "aac",
  pixelFormat: "yuv420p",
  x264Preset: "veryfast",
  /**
   * Frames are captured from the page's view (Remotion's `fromSurface: false`, what it uses on
   * Lambda) rather than from the composited surface: about 5% less CPU per 1080x1920 frame here
   * (docs/benchmarks.md), same output (PSNR 54 dB between the two, identical to the eye).
   */
  captureFromSurface: false,
  /**
   * Two browsers rendering halves of the frame range side by side: one browser composites every
   * frame on a single thread, so alone it keeps only about 1.6 of 2 cores busy (1.87× realtime on
   * the demo; two pieces 1.60×, docs/benchmarks.md).
   */
  pieces: 2,
  crf: 20,
  audioBitrate: "192k",
} as const;

export { RENDER_QUALITY_IDS, type RenderQuality };

/**
 * The quality presets: output size relative to the preset, and the encoder's speed and rate
 * factor. Every one keeps x264's High profile (`ultrafast` would drop to Constrained Baseline).
 */
export const RENDER_QUALITIES = {
  draft: { scale: 0.5, x264Preset: "superfast", crf: 26, audioBitrate: "128k" },
  standard: {
    scale: 1,
    x264Preset: RENDER_DEFAULTS.x264Preset,
    crf: RENDER_DEFAULTS.crf,
    audioBitrate: RENDER_DEFAULTS.audioBitrate,
  },
  high: { scale: 1, x264Preset: "medium", crf: 18, audioBitrate: "192k" },
  premium: { scale: 1, x264Preset: "slow", crf: 16, audioBitrate: "256k" },
} as const satisfies Record<
  RenderQuality,
  { scale: number; x264Preset: string; crf: number; audioBitrate: string }
>;
