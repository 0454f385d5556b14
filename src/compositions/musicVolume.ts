import type { Caption } from "@remotion/captions";

/** Pauses shorter than this do not lift the music back up. */
const BRIDGE_MS = 700;
const RAMP_MS = 250;

/** When the narrator speaks, as merged intervals. */
export function speakingIntervals(
  captions: Caption[],
): Array<[number, number]> {
  const intervals: Array<[number, number]> = [];
  for (const c of captions) {
    const last = intervals.at(-1);
    if (last && c.startMs - last[1] < BRIDGE_MS)
      last[1] = Math.max(last[1], c.endMs);
    else intervals.push([c.startMs, c.endMs]);
  }
  return intervals;
}

/**
 * Music volume at a moment: `volume`, ducked to `volume * duckTo` while the voice speaks with
 * short ramps either side, faded in over the first half second and out over the last 1.5 s.
 */
export function musicVolumeAt(
  ms: number,
  intervals: Array<[number, number]>,
  music: { volume: number; duckTo: number },
  durationMs: number,
): number {
  let duck = 0;
  for (const [start, end] of intervals) {
    if (ms < start - RAMP_MS) break;
    if (ms <= end + RAMP_MS) {
      duck = Math.max(
        duck,
        Math.min(
          1,
          (ms - (start - RAMP_MS)) / RAMP_MS,
          (end + RAMP_MS - ms) / RAMP_MS,
        ),
      );
    }
  }
  const edges = Math.min(1, ms / 500, Math.max(0, (durationMs - ms) / 1500));
  return music.volume * (1 - duck * (1 - music.duckTo)) * edges;
}
