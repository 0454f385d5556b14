/** The script lengths a project can ask for: the narration's range in seconds. */
export const VIDEO_TYPES = {
  short: { label: "Short", minSec: 30, maxSec: 90 },
  medium: { label: "Medium", minSec: 60, maxSec: 180 },
  long: { label: "Long", minSec: 300, maxSec: 900 },
} as const;
export type VideoType = keyof typeof VIDEO_TYPES;
export const VIDEO_TYPE_IDS = [
  "short",
  "medium",
  "long",
] as const satisfies readonly VideoType[];
