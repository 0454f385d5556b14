/**
 * The life cycles the database stores as enums, the API answers with and the app shows: one list
 * each.
 */

export const PROJECT_STATUSES = [
  "draft",
  "scripting",
  "voiceover",
  "composing",
  "rendering",
  "review",
  "published",
  "failed",
] as const;
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];
/** The pipeline is working on the project: its pages follow along. */
export const WORKING_PROJECT_STATUSES: readonly ProjectStatus[] = [
  "scripting",
  "voiceover",
  "composing",
  "rendering",
];

export const RENDER_STATUSES = [
  "queued",
  "rendering",
  "completed",
  "failed",
  "cancelled",
] as const;
export type RenderStatus = (typeof RENDER_STATUSES)[number];
/** A render in one of these is still changing. */
export const LIVE_RENDER_STATUSES: readonly RenderStatus[] = [
  "queued",
  "rendering",
];

/**
 * A clip source's way through its jobs: transcribed, its moments selected, then its clips
 * rendered (each clip has a render status of its own).
 */
export const CLIP_SOURCE_STATUSES = [
  "queued",
  "transcribing",
  "selecting",
  "rendering",
  "completed",
  "failed",
] as const;
export type ClipSourceStatus = (typeof CLIP_SOURCE_STATUSES)[number];
/** The source's jobs are still working in one of these. */
export const LIVE_CLIP_SOURCE_STATUSES: readonly ClipSourceStatus[] =
  CLIP_SOURCE_STATUSES.filter((s) => s !== "completed" && s !== "failed");

export const REVIEW_STATUSES = ["pending", "approved", "rejected"] as const;

/**
 * `queued` waits for its time (`publish_at`) or its next attempt; `needs_review`: the retries
 * are used up and a person decides; `removed`: taken down, or called off before it went out.
 */
export const PUBLISH_STATUSES = [
  "queued",
  "publishing",
  "published",
  "failed",
  "removed",
  "needs_review",
] as const;
export type PublishStatus = (typeof PUBLISH_STATUSES)[number];
export const LIVE_PUBLISH_STATUSES: readonly PublishStatus[] = [
  "queued",
  "publishing",
];

export const ACCOUNT_STATUSES = [
  "connected",
  "reconnect_required",
  "disconnected",
] as const;

export const ASSET_TYPES = [
  "image",
  "footage",
  "music",
  "overlay",
  "subtitle",
] as const;

export const ASSET_SOURCES = [
  "article_image",
  "ai_generated",
  "stock_pexels",
  "stock_pixabay",
  "uploaded",
  "rendered",
] as const;

export const USER_ROLES = ["admin", "marketer", "designer"] as const;
export type UserRole = (typeof USER_ROLES)[number];

/** A piece of a fleet render (a frame range one worker renders): `render_pieces.status`. */
export const PIECE_STATUSES = [
  "queued",
  "rendering",
  "done",
  "failed",
  "cancelled",
] as const;
export type PieceStatus = (typeof PIECE_STATUSES)[number];
