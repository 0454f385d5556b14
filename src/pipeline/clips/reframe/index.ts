import { spawn } from "node:child_process";
import { run } from "../../voice/audio";

/** Where the vertical frame looks within one shot, times in ms from the clip's start. */
export type ShotFraming = {
  startMs: number;
  endMs: number;
  /** `crop`: follow the subject; `fit`: the whole frame over a blurred copy of itself. */
  mode: "crop" | "fit";
  /** The crop's centre as a share of the source's width, smoothed; linear between keyframes. */
  keyframes: Array<{ ms: number; x: number }>;
};

/** ffmpeg's scene score above which a frame starts a new shot. */
const SCENE_THRESHOLD = 0.3;
/** A cut this soon after the previous one is ignored (a flash, or noise, not a new shot). */
const MIN_SHOT_MS = 1000;
/** Frames looked at per second, and their size (grey levels). */
const SAMPLE_FPS = 5;
const SAMPLE_WIDTH = 128;
const SAMPLE_HEIGHT = 72;
/** Motion counts this much more than standing out from the frame's mean. */
const MOTION_WEIGHT = 2;
/**
 * The best crop window must hold this many times its share of the frame's interest, in most of
 * a shot's frames, for the shot to be cropped; otherwise nothing stands out and it is fitted.
 */
const STANDS_OUT = 1.5;
/** A subject that moves less than this share of the width is held still. */
const STILL = 0.04;

/** ffmpeg's input options for the span's pictures, without its sound. */
const spanInput = (source: string, fromMs: number, lengthMs: number) => [
  "-ss",
  String(fromMs / 1000),
  "-t",
  String(lengthMs / 1000),
  "-i",
  source,
  "-an",
];

/** Times (ms from `fromMs`) where ffmpeg's scene score says a new shot starts. */
export async function detectShotCuts(
  source: string,
  fromMs: number,
  lengthMs: number,
): Promise<number[]> {
  const { stderr } = await run(
    "ffmpeg",
    [
      "-hide_banner",
      ...spanInput(source, fromMs, lengthMs),
      "-vf",
      `scale=192:-2,select='gt(scene\\,${SCENE_THRESHOLD})',showinfo`,
      "-f",
      "null",
      "-",
    ],
    { maxBuffer: 64 * 1024 * 1024 },
  );
  const cuts: number[] = [];
  for (const m of stderr.matchAll(/pts_time:([\d.]+)/g)) {
    const ms = Math.round(Number(m[1]) * 1000);
    if (ms - (cuts.at(-1) ?? 0) >= MIN_SHOT_MS && lengthMs - ms >= MIN_SHOT_MS)
      cuts.push(ms);
  }
  return cuts;
}

/** Small grey frames of the span, `SAMPLE_FPS` a second. */
function sampleFrames(
  source: string,
  fromMs: number,
  lengthMs: number,
): Promise<Uint8Array[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      "ffmpeg",
      [
        "-v",
        "error",
        ...spanInput(source, fromMs, lengthMs),
        "-vf",
        `fps=${SAMPLE_FPS},scale=${SAMPLE_WIDTH}:${SAMPLE_HEIGHT},format=gray`,
        "-f",
        "rawvideo",
        "-",
      ],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    const chunks: Buffer[] = [];
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => chunks.push(c));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    child.on("error", reject);
    child.on("close", (code) => {
      if (code !== 0)
        return reject(new Error(`ffmpeg could not sample frames: ${stderr}`));
      const all = Buffer.concat(chunks);
      const size = SAMPLE_WIDTH * SAMPLE_HEIGHT;
      const frames: Uint8Array[] = [];
      for (let at = 0; at + size <= all.length; at += size)
        frames.push(all.subarray(at, at + size));
      resolve(frames);
    });
  });
}

/**
 * Where the subject is in one frame: each pixel's interest is how far it stands from the
 * frame's mean plus how much it moved since the previous sample; the crop window (of the
 * vertical frame's width) holding the most interest wins. Returns the centre of the interest in
 * that window (share of the width) and whether the window holds clearly more than its share.
 */
export function locateSubject(
  frame: Uint8Array,
  previous: Uint8Array | null,
  windowShare: number,
): { x: number; standsOut: boolean } {
  let mean = 0;
  for (const v of frame) mean += v;
  mean /= frame.length;
  const columns = new Float64Array(SAMPLE_WIDTH);
  for (let y = 0; y < SAMPLE_HEIGHT; y++) {
    for (let x = 0; x < SAMPLE_WIDTH; x++) {
      const i = y * SAMPLE_WIDTH + x;
      columns[x] +=
        Math.abs(frame[i] - mean) +
        (previous ? MOTION_WEIGHT * Math.abs(frame[i] - previous[i]) : 0);
    }
  }
  const total = columns.reduce((a, b) => a + b, 0);
  const window = Math.max(1, Math.round(windowShare * SAMPLE_WIDTH));
  let sum = 0;
  for (let x = 0; x < window; x++) sum += columns[x];
  let best = sum;
  let bestAt = 0;
  for (let x = window; x < SAMPLE_WIDTH; x++) {
    sum += columns[x] - columns[x - window];
    if (sum > best) {
      best = sum;
      bestAt = x - window + 1;
    }
  }
  // Many windows may hold the whole subject: centre on the interest inside the best one.
  let weighted = 0;
  for (let x = bestAt; x < bestAt + window; x++)
    weighted += columns[x] * (x + 0.5);
  return {
    x: best > 0 ? weighted / best / SAMPLE_WIDTH : 0.5,
    standsOut:
      total > 0 && best / total >= STANDS_OUT * (window / SAMPLE_WIDTH),
  };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

/** A median (drops single wrong frames) and then a moving average (no jitter), each ±2 samples. */
export function smooth(values: number[]): number[] {
  const window = (arr: number[], i: number) =>
    arr.slice(Math.max(0, i - 2), i + 3);
  const medians = values.map((_, i) => median(window(values, i)));
  return medians.map((_, i) => {
    const w = window(medians, i);
    return w.reduce((a, b) => a + b, 0) / w.length;
  });
}

/**
 * Reframes a span of a wide source for a narrower frame: cuts it into shots, then per shot
 * follows the subject (smoothed), or fits the whole frame when nothing stands out.
 */
export async function reframe(options: {
  source: string;
  startMs: number;
  endMs: number;
  /** The source's width / height and the target's. */
  sourceAspect: number;
  targetAspect: number;
}): Promise<ShotFraming[]> {
  const { source, startMs, endMs } = options;
  const lengthMs = endMs - startMs;
  const windowShare = Math.min(1, options.targetAspect / options.sourceAspect);
  const [cuts, frames] = await Promise.all([
    detectShotCuts(source, startMs, lengthMs),
    sampleFrames(source, startMs, lengthMs),
  ]);
  const bounds = [0, ...cuts, lengthMs];
  const shots: ShotFraming[] = [];
  for (let s = 0; s + 1 < bounds.length; s++) {
    const [from, to] = [bounds[s], bounds[s + 1]];
    const samples: Array<{ ms: number; x: number; standsOut: boolean }> = [];
    let previous: Uint8Array | null = null;
    frames.forEach((frame, i) => {
      const ms = (i * 1000) / SAMPLE_FPS;
      if (ms < from || ms >= to) return;
      samples.push({ ms, ...locateSubject(frame, previous, windowShare) });
      previous = frame;
    });
    const clear = samples.filter((p) => p.standsOut).length;
    if (windowShare >= 1 || !samples.length || clear * 2 < samples.length) {
      shots.push({ startMs: from, endMs: to, mode: "fit", keyframes: [] });
      continue;
    }
    const xs = smooth(samples.map((p) => p.x));
    const still = Math.max(...xs) - Math.min(...xs) < STILL;
    shots.push({
      startMs: from,
      endMs: to,
      mode: "crop",
      keyframes: still
        ? [{ ms: from, x: median(xs) }]
        : samples.map((p, i) => ({ ms: p.ms, x: xs[i] })),
    });
  }
  return shots;
}
