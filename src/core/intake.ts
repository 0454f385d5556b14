import type { PresetId } from "../compositions/presets";

/** The presets a project started from a site's feed or content hook gets when the site names none. */
export const DEFAULT_INTAKE_PRESETS = [
  "youtube_short",
] as const satisfies readonly PresetId[];

/** At most this many auto-publish times a day (`auto_publish_times`). */
export const MAX_PUBLISHING_TIMES = 24;

/** How often the worker's `feeds` queue reads every site's feed. */
export const FEED_POLL_MINUTES = 15;
