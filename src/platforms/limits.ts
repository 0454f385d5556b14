/**
 * What each platform accepts: the one table that the compositions, the script's SEO metadata,
 * the output validators and the publishers all read.
 */
export const PLATFORMS = {
  youtube: {
    label: "YouTube",
    maxDurationMs: 12 * 60 * 60 * 1000,
    maxFileBytes: 256 * 1024 ** 3,
    titleMaxChars: 100,
    descriptionMaxBytes: 5000,
    tagsMaxTotalChars: 500,
    hashtagsMax: 15,
    thumbnail: { width: 1280, height: 720, maxBytes: 2 * 1024 ** 2 },
    chapters: { minCount: 3, minLengthMs: 10_000 },
  },
  instagram: {
    label: "Instagram",
    maxDurationMs: 90_000,
    maxFileBytes: 650 * 1024 ** 2,
    titleMaxChars: null,
    descriptionMaxBytes: null,
    captionMaxChars: 2200,
    hashtagsMax: 30,
  },
  tiktok: {
    label: "TikTok",
    maxDurationMs: 10 * 60 * 1000,
    maxFileBytes: 72 * 1024 ** 2,
    /** TikTok counts the title in UTF-16 code units. */
    titleMaxUtf16: 2200,
    hashtagsMax: 30,
    /** Upload chunks (the last one may hold up to one more chunk's remainder); smaller files go whole. */
    uploadChunkBytes: { min: 5 * 1024 ** 2, max: 64 * 1024 ** 2 },
  },
} as const;

export type PlatformId = keyof typeof PLATFORMS;
export const PLATFORM_IDS = Object.keys(PLATFORMS) as [
  PlatformId,
  ...PlatformId[],
];

/** Every platform takes the same delivery format. */
export const DELIVERY_FORMAT = {
  container: "mp4",
  videoCodec: "h264",
  audioCodec: "aac",
  pixelFormat: "yuv420p",
  fps: 30,
} as const;
