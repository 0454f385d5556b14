import type { PlatformId } from "../platforms/limits";

/**
 * The one table of presets. Durations are the preset's own range (tighter than the platform's
 * maximum where our format calls for it).
 */
export const PRESETS = {
  youtube_long: {
    label: "YouTube (long)",
    platform: "youtube",
    width: 1920,
    height: 1080,
    fps: 30,
    minDurationMs: 180_000,
    maxDurationMs: 900_000,
    captionLayout: "lower-third",
    thumbnail: { width: 1280, height: 720 },
    /** Pixels at each edge kept clear of the platform's own buttons and labels. */
    safeArea: { top: 60, right: 80, bottom: 60, left: 80 },
    chapters: true,
  },
  youtube_medium: {
    label: "YouTube (medium)",
    platform: "youtube",
    width: 1920,
    height: 1080,
    fps: 30,
    minDurationMs: 60_000,
    maxDurationMs: 180_000,
    captionLayout: "lower-third",
    thumbnail: { width: 1280, height: 720 },
    safeArea: { top: 60, right: 80, bottom: 60, left: 80 },
    chapters: true,
  },
  youtube_short: {
    label: "YouTube Shorts",
    platform: "youtube",
    width: 1080,
    height: 1920,
    fps: 30,
    minDurationMs: 30_000,
    maxDurationMs: 60_000,
    captionLayout: "pages",
    thumbnail: { width: 1080, height: 1920 },
    safeArea: { top: 160, right: 140, bottom: 380, left: 60 },
    chapters: false,
  },
  instagram_reel: {
    label: "Instagram Reel",
    platform: "instagram",
    width: 1080,
    height: 1920,
    fps: 30,
    minDurationMs: 30_000,
    maxDurationMs: 90_000,
    captionLayout: "pages",
    thumbnail: { width: 1080, height: 1920 },
    safeArea: { top: 220, right: 140, bottom: 420, left: 60 },
    chapters: false,
  },
  /** Feed posts: no buttons over the picture, only the caption bar Instagram may lay below it. */
  instagram_square: {
    label: "Instagram (square feed post)",
    platform: "instagram",
    width: 1080,
    height: 1080,
    fps: 30,
    minDurationMs: 30_000,
    maxDurationMs: 90_000,
    captionLayout: "pages",
    thumbnail: { width: 1080, height: 1080 },
    safeArea: { top: 60, right: 60, bottom: 120, left: 60 },
    chapters: false,
  },
  instagram_feed: {
    label: "Instagram (portrait feed post)",
    platform: "instagram",
    width: 1080,
    height: 1350,
    fps: 30,
    minDurationMs: 30_000,
    maxDurationMs: 90_000,
    captionLayout: "pages",
    thumbnail: { width: 1080, height: 1350 },
    safeArea: { top: 80, right: 60, bottom: 160, left: 60 },
    chapters: false,
  },
  tiktok: {
    label: "TikTok",
    platform: "tiktok",
    width: 1080,
    height: 1920,
    fps: 30,
    minDurationMs: 30_000,
    maxDurationMs: 180_000,
    captionLayout: "pages",
    thumbnail: { width: 1080, height: 1920 },
    safeArea: { top: 160, right: 150, bottom: 440, left: 60 },
    chapters: false,
  },
} as const satisfies Record<
  string,
  {
    label: string;
    platform: PlatformId;
    width: number;
    height: number;
    fps: number;
    minDurationMs: number;
    maxDurationMs: number;
    captionLayout: "lower-third" | "pages";
    thumbnail: { width: number; height: number };
    safeArea: { top: number; right: number; bottom: number; left: number };
    chapters: boolean;
  }
>;

export type PresetId = keyof typeof PRESETS;
export type Preset = (typeof PRESETS)[PresetId];
/** The preset ids in the table's order, as the non-empty tuple zod and Drizzle enums take. */
export const PRESET_IDS = Object.keys(PRESETS) as [PresetId, ...PresetId[]];

export const isPresetId = (value: string): value is PresetId =>
  value in PRESETS;

/** Remotion ids allow no underscores: the composition of `youtube_long` is `youtube-long`. */
/** How many frames a video of `durationMs` lasts in `preset` (at least one). */
export const durationInFrames = (preset: PresetId, durationMs: number) =>
  Math.max(1, Math.round((durationMs / 1000) * PRESETS[preset].fps));

export const compositionId = (preset: PresetId) => preset.replace(/_/g, "-");

/** The thumbnail composition registered for each preset. */
export const thumbnailId = (preset: PresetId) =>
  `${compositionId(preset)}-thumbnail`;
