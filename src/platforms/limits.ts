/**
 * What each platform accepts: the one table that the compositions, the script's SEO metadata,
 * the output validators, the publishers, the API and the app all read. Every entry has the same
 * keys, null where the platform has no such limit. Imports nothing: the browser loads it.
 */

/** A text limit and what it counts: characters (code points), UTF-16 code units or UTF-8 bytes. */
export type TextLimit = {
  max: number;
  unit: "characters" | "utf16" | "bytes";
};

export type PlatformLimits = {
  label: string;
  maxDurationMs: number;
  maxFileBytes: number;
  title: TextLimit | null;
  description: TextLimit | null;
  /** Instagram takes one caption instead of a title and a description. */
  caption: TextLimit | null;
  hashtagsMax: number;
  tagsMaxTotalChars: number | null;
  thumbnail: { width: number; height: number; maxBytes: number } | null;
  chapters: { minCount: number; minLengthMs: number } | null;
  /** Upload chunks (the last one may hold up to one more chunk's remainder); smaller files go whole. */
  uploadChunkBytes: { min: number; max: number } | null;
  /** The video bitrate renders for this platform are capped at. */
  maxVideoKbps: number;
};

export const PLATFORMS = {
  youtube: {
    label: "YouTube",
    maxDurationMs: 12 * 60 * 60 * 1000,
    maxFileBytes: 256 * 1024 ** 3,
    title: { max: 100, unit: "characters" },
    description: { max: 5000, unit: "bytes" },
    caption: null,
    hashtagsMax: 15,
    tagsMaxTotalChars: 500,
    thumbnail: { width: 1280, height: 720, maxBytes: 2 * 1024 ** 2 },
    chapters: { minCount: 3, minLengthMs: 10_000 },
    uploadChunkBytes: null,
    /** YouTube's recommendation for 1080p uploads. */
    maxVideoKbps: 12_000,
  },
  instagram: {
    label: "Instagram",
    maxDurationMs: 90_000,
    maxFileBytes: 650 * 1024 ** 2,
    title: null,
    description: null,
    caption: { max: 2200, unit: "characters" },
    hashtagsMax: 30,
    tagsMaxTotalChars: null,
    thumbnail: null,
    chapters: null,
    uploadChunkBytes: null,
    maxVideoKbps: 8_000,
  },
  tiktok: {
    label: "TikTok",
    maxDurationMs: 10 * 60 * 1000,
    maxFileBytes: 72 * 1024 ** 2,
    title: { max: 2200, unit: "utf16" },
    description: null,
    caption: null,
    hashtagsMax: 30,
    tagsMaxTotalChars: null,
    thumbnail: null,
    chapters: null,
    uploadChunkBytes: { min: 5 * 1024 ** 2, max: 64 * 1024 ** 2 },
    /** With 192 kbps of audio, 3 minutes (the longest TikTok preset) stay inside maxFileBytes. */
    maxVideoKbps: 2_800,
  },
} as const satisfies Record<string, PlatformLimits>;

export type PlatformId = keyof typeof PLATFORMS;
export const PLATFORM_IDS = Object.keys(PLATFORMS) as [
  PlatformId,
  ...PlatformId[],
];

const longest = (limits: (TextLimit | null)[]) =>
  Math.max(...limits.map((limit) => limit?.max ?? 0));

/**
 * The most any platform takes, which bounds what the API accepts for a post before the post's
 * own platform checks it: the longest title, and the longest description or caption.
 */
export const POST_TEXT_MAX = {
  title: longest(PLATFORM_IDS.map((id) => PLATFORMS[id].title)),
  description: longest(
    PLATFORM_IDS.flatMap((id) => [
      PLATFORMS[id].description,
      PLATFORMS[id].caption,
    ]),
  ),
};

/** Every platform takes the same delivery format. */
export const DELIVERY_FORMAT = {
  container: "mp4",
  videoCodec: "h264",
  audioCodec: "aac",
  pixelFormat: "yuv420p",
  fps: 30,
} as const;
