import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import type { RetryPolicy } from "../../src/platforms/http";

const run = promisify(execFile);

/** A real H.264/AAC MP4 made by Debian's ffmpeg; the noise keeps it big enough for several chunks. */
export async function makeVideo(
  file: string,
  { width = 1080, height = 1920, seconds = 2, crf = 34 } = {},
) {
  await run("ffmpeg", [
    ...["-v", "error", "-y"],
    ...[
      "-f",
      "lavfi",
      "-i",
      `color=c=blue:s=${width}x${height}:d=${seconds}:r=30`,
    ],
    ...["-f", "lavfi", "-i", `sine=d=${seconds}`],
    ...["-vf", "noise=alls=20:allf=t"],
    ...["-c:v", "libx264", "-preset", "ultrafast", "-crf", String(crf)],
    ...["-pix_fmt", "yuv420p", "-c:a", "aac", "-movflags", "+faststart"],
    file,
  ]);
  return file;
}

export async function tempDir() {
  const dir = await mkdtemp(path.join(tmpdir(), "reelwright-publish-"));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** Random bytes standing in for a video where the fake never decodes it. */
export async function syntheticFile(file: string, bytes: number) {
  const data = randomBytes(bytes);
  await writeFile(file, data);
  return data;
}

/** Backoff without waiting, recording the delays asked for. */
export function instantRetry(attempts = 5): RetryPolicy & { delays: number[] } {
  const delays: number[] = [];
  return {
    attempts,
    baseDelayMs: 1000,
    maxDelayMs: 60_000,
    delays,
    sleep: async (ms) => {
      delays.push(ms);
    },
  };
}

/** Collects what `saveState` receives, like the job layer's row would. */
export function stateStore<S>() {
  const saved: S[] = [];
  return {
    saved,
    get last(): S | null {
      return saved.at(-1) ?? null;
    },
    save: async (state: S) => {
      saved.push(structuredClone(state));
    },
  };
}
