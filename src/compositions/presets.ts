import type { PlatformId } from "../platforms/limits";

type PresetSpec = {
  label: string;
  platform: PlatformId;
  width: number;
  height: number;
  fps: number;
  minDurationMs: number;
  maxDurationMs: number;
  captionLayout: "lower-third" | "pages";
  thumbnail: { width: number; height: number };
  /** Pixels at each edge kept clear of the platform's own buttons and labels. */
  safeArea: { top: number; right: number; bottom: number; left: number };
  chapters: boolean;
};

/** The preset's own duration range in seconds (tighter than the platform's maximum where our format calls for it). */
type Seconds = [min: number, max: number];

const durations = ([min, max]: Seconds) => ({
  minDurationMs: min * 1000,
  maxDurationMs: max * 1000,
});

/** 16:9 for desktop viewing: captions in a lower third, chapters, a 720p thumbnail. */
const landscape = (
  label: string,
  platform: PlatformId,
  seconds: Seconds,
): PresetSpec => ({
  label,
  platform,
  width: 1920,
  height: 1080,
  fps: 30,
  ...durations(seconds),
  captionLayout: "lower-third",
  thumbnail: { width: 1280, height: 720 },
  safeArea: { top: 60, right: 80, bottom: 60, left: 80 },
  chapters: true,
});

/** 1080 wide for phones: paged captions, no chapters, a thumbnail the video's own size. */
const phone = (
  label: string,
  platform: PlatformId,
  spec: {
    height: number;
    seconds: Seconds;
    safeArea: PresetSpec["safeArea"];
  },
): PresetSpec => ({
  label,
  platform,
  width: 1080,
  height: spec.height,
  fps: 30,
  ...durations(spec.seconds),
  captionLayout: "pages",
  thumbnail: { width: 1080, height: spec.height },
  safeArea: spec.safeArea,
  chapters: false,
});

/** The one table of presets. */
export const PRESETS = {
  youtube_long: landscape("YouTube (long)", "youtube", [180, 900]),
  youtube_medium: landscape("YouTube (medium)", "youtube", [60, 180]),
  youtube_short: phone("YouTube Shorts", "youtube", {
    height: 1920,
    seconds: [30, 60],
    safeArea: { top: 160, right: 140, bottom: 380, left: 60 },
  }),
  instagram_reel: phone("Instagram Reel", "instagram", {
    height: 1920,
    seconds: [30, 90],
    safeArea: { top: 220, right: 140, bottom: 420, left: 60 },
  }),
  /** Feed posts: no buttons over the picture, only the caption bar Instagram may lay below it. */
  instagram_square: phone("Instagram (square feed post)", "instagram", {
    height: 1080,
    seconds: [30, 90],
    safeArea: { top: 60, right: 60, bottom: 120, left: 60 },
  }),
  instagram_feed: phone("Instagram (portrait feed post)", "instagram", {
    height: 1350,
    seconds: [30, 90],
    safeArea: { top: 80, right: 60, bottom: 160, left: 60 },
  }),
  tiktok: phone("TikTok", "tiktok", {
    height: 1920,
    seconds: [30, 180],
    safeArea: { top: 160, right: 150, bottom: 440, left: 60 },
  }),
};

export type PresetId = keyof typeof PRESETS;
export type Preset = (typeof PRESETS)[PresetId];
/** The preset ids in the table's order, as the non-empty tuple zod and Drizzle enums take. */
export const PRESET_IDS = Object.keys(PRESETS) as [PresetId, ...PresetId[]];

export const isPresetId = (value: string): value is PresetId =>
  value in PRESETS;

/** Remotion ids allow no underscores: the composition of `youtube_long` is `youtube-long`. */
export const compositionId = (preset: PresetId) => preset.replace(/_/g, "-");

/** The thumbnail composition registered for each preset. */
export const thumbnailId = (preset: PresetId) =>
  `${compositionId(preset)}-thumbnail`;
