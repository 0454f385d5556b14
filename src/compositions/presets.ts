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

/** What every preset of a format shares. */
type Format = Pick<
  PresetSpec,
  "width" | "height" | "captionLayout" | "thumbnail" | "safeArea" | "chapters"
>;

/** 16:9 for desktop viewing: captions in a lower third, chapters, a 720p thumbnail. */
const LANDSCAPE: Format = {
  width: 1920,
  height: 1080,
  captionLayout: "lower-third",
  thumbnail: { width: 1280, height: 720 },
  safeArea: { top: 60, right: 80, bottom: 60, left: 80 },
  chapters: true,
};

/** 1080 wide for phones: paged captions, no chapters, a thumbnail the video's own size. */
const phone = (height: number, safeArea: PresetSpec["safeArea"]): Format => ({
  width: 1080,
  height,
  captionLayout: "pages",
  thumbnail: { width: 1080, height },
  safeArea,
  chapters: false,
});

/**
 * A preset of `format`, its duration range in seconds its own (tighter than the platform's maximum
 * where our format calls for it).
 */
const preset = (
  label: string,
  platform: PlatformId,
  [min, max]: [min: number, max: number],
  format: Format,
): PresetSpec => ({
  label,
  platform,
  fps: 30,
  minDurationMs: min * 1000,
  maxDurationMs: max * 1000,
  ...format,
});

/** The one table of presets. */
export const PRESETS = {
  youtube_long: preset("YouTube (long)", "youtube", [180, 900], LANDSCAPE),
  youtube_medium: preset("YouTube (medium)", "youtube", [60, 180], LANDSCAPE),
  youtube_short: preset(
    "YouTube Shorts",
    "youtube",
    [30, 60],
    phone(1920, { top: 160, right: 140, bottom: 380, left: 60 }),
  ),
  instagram_reel: preset(
    "Instagram Reel",
    "instagram",
    [30, 90],
    phone(1920, { top: 220, right: 140, bottom: 420, left: 60 }),
  ),
  /** Feed posts: no buttons over the picture, only the caption bar Instagram may lay below it. */
  instagram_square: preset(
    "Instagram (square feed post)",
    "instagram",
    [30, 90],
    phone(1080, { top: 60, right: 60, bottom: 120, left: 60 }),
  ),
  instagram_feed: preset(
    "Instagram (portrait feed post)",
    "instagram",
    [30, 90],
    phone(1350, { top: 80, right: 60, bottom: 160, left: 60 }),
  ),
  tiktok: preset(
    "TikTok",
    "tiktok",
    [30, 180],
    phone(1920, { top: 160, right: 150, bottom: 440, left: 60 }),
  ),
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

/** How many frames of the preset a video of `durationMs` lasts (at least one). */
export const durationInFrames = (preset: PresetId, durationMs: number) =>
  Math.max(1, Math.round((durationMs / 1000) * PRESETS[preset].fps));
