import { PRESET_IDS, PRESETS, type PresetId } from "../compositions/presets";
import { PLATFORMS } from "../platforms/limits";

/** Clips are vertical: the presets taller than wide. */
export const CLIP_PRESETS = PRESET_IDS.filter(
  (p) => PRESETS[p].height > PRESETS[p].width,
) as [PresetId, ...PresetId[]];

/** What a clip request may ask for (the CLI's flags and the API's fields). */
export const CLIP_LIMITS = {
  count: { min: 1, max: 20 },
  seconds: { min: 3, max: 600 },
} as const;

/** Why a length range does not suit the preset, or null when it does. */
export function clipRangeProblem(
  minSeconds: number,
  maxSeconds: number,
  preset: PresetId,
): { field: "max"; message: string } | null {
  if (maxSeconds < minSeconds)
    return { field: "max", message: "must be at least min" };
  if (maxSeconds * 1000 > PLATFORMS[PRESETS[preset].platform].maxDurationMs)
    return {
      field: "max",
      message: "is longer than the preset's platform takes",
    };
  return null;
}

/** The files a rendered clip has, by the name the API gives them, and their name endings. */
export const CLIP_FILE_SUFFIXES = {
  video: ".mp4",
  srt: ".srt",
  vtt: ".vtt",
  thumbnail: ".thumbnail.jpg",
  metadata: ".metadata.json",
} as const;
export type ClipFileKind = keyof typeof CLIP_FILE_SUFFIXES;
export const CLIP_FILE_KINDS = Object.keys(CLIP_FILE_SUFFIXES) as [
  ClipFileKind,
  ...ClipFileKind[],
];

/** The stages a source's status reports progress for. */
export const CLIP_STAGES = [
  "transcribe",
  "select",
  "reframe",
  "render",
] as const;
export type ClipStage = (typeof CLIP_STAGES)[number];

/** The media types a long video may be uploaded as (the body is the video itself). */
export const CLIP_UPLOAD_TYPES = [
  "video/mp4",
  "video/quicktime",
  "video/webm",
  "video/x-matroska",
];
