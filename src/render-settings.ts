import { existsSync } from "node:fs";
import os from "node:os";

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

export const RENDER_DEFAULTS = {
  /** JPEG frames are ~25% faster to capture than PNG and the encoder cannot tell. */
  imageFormat: "jpeg",
  jpegQuality: 90,
  concurrency: Math.max(1, os.cpus().length),
  codec: "h264",
  audioCodec: "aac",
  pixelFormat: "yuv420p",
  x264Preset: "veryfast",
  crf: 20,
  audioBitrate: "192k",
} as const;
