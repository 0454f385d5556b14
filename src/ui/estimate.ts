import { PRESETS, type PresetId } from "@/src/compositions/presets";
import { END_HOLD_MS } from "@/src/core/end-card";
import { spokenSeconds, wordsOf } from "@/src/core/narration";
import type { Script } from "@/src/pipeline/script/script";

const secondsFor = (text: string, speed = 1) =>
  spokenSeconds(wordsOf(text).length) / speed;

/** Seconds of each narrated part, in speaking order, and the video's length. */
export function estimateScript(script: Script, speed = 1) {
  const parts = {
    hook: secondsFor(script.hook, speed),
    intro: secondsFor(script.intro, speed),
    points: script.points.map((p) => secondsFor(p.text, speed)),
    cta: secondsFor(script.cta, speed),
  };
  const narration =
    parts.hook +
    parts.intro +
    parts.points.reduce((a, b) => a + b, 0) +
    parts.cta;
  return { parts, narration, video: narration + END_HOLD_MS / 1000 };
}

export type PresetFit = {
  preset: PresetId;
  minSec: number;
  maxSec: number;
  fits: boolean;
  tooLong: boolean;
};

export function presetFit(preset: PresetId, videoSec: number): PresetFit {
  const minSec = PRESETS[preset].minDurationMs / 1000;
  const maxSec = PRESETS[preset].maxDurationMs / 1000;
  return {
    preset,
    minSec,
    maxSec,
    fits: videoSec >= minSec && videoSec <= maxSec,
    tooLong: videoSec > maxSec,
  };
}

/** The script with its duration fields brought up to date with its text. */
export function withEstimates(script: Script): Script {
  const { parts, narration } = estimateScript(script);
  const round = (n: number) => Math.max(0.1, Math.round(n * 10) / 10);
  const chapters = script.chapters.length
    ? script.chapters
    : [{ timeSec: 0, title: "Intro" }];
  return {
    ...script,
    points: script.points.map((p, i) => ({
      ...p,
      durationEstSec: round(parts.points[i]),
    })),
    chapters,
    totalEstimatedDurationSec: round(narration),
  };
}
