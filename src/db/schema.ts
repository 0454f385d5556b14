import {
  bigint,
  bigserial,
  index,
  integer,
  jsonb,
  numeric,
  pgEnum,
  pgTable,
  real,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";
import { PRESET_IDS } from "../compositions/presets";
import type { Credit } from "../compositions/schema";
import {
  ACCOUNT_STATUSES,
  ASSET_SOURCES,
  ASSET_TYPES,
  CLIP_SOURCE_STATUSES,
  PIECE_STATUSES,
  PROJECT_STATUSES,
  PUBLISH_STATUSES,
  RENDER_STATUSES,
  REVIEW_STATUSES,
  USER_ROLES,
} from "../core/statuses";
import { RENDER_QUALITY_IDS } from "../core/render-quality";
import { VIDEO_TYPE_IDS } from "../core/video-types";
import { PLATFORM_IDS } from "../platforms/limits";

/**
 * The service's tables. Durations are milliseconds, sizes bytes, times `timestamptz`. Files are
 * paths relative to the storage root. Every row a tenant owns hangs off a site.
 */

const id = () => bigserial("id", { mode: "number" }).primaryKey();
const ref = (name: string) => bigint(name, { mode: "number" });
/** The project a row belongs to; it goes with the project. */
const projectRef = () =>
  ref("project_id")
    .notNull()
    .references(() => videoProjects.id, { onDelete: "cascade" });
/** The script version a row belongs to; it goes with the version. */
const scriptRef = () =>
  ref("script_id")
    .notNull()
    .references(() => videoScripts.id, { onDelete: "cascade" });
const createdAt = () =>
  timestamp("created_at", { withTimezone: true }).notNull().defaultNow();
const updatedAt = () =>
  timestamp("updated_at", { withTimezone: true })
    .notNull()
    .defaultNow()
    .$onUpdate(() => new Date());

export const videoTypeEnum = pgEnum("video_type", VIDEO_TYPE_IDS);
export const presetEnum = pgEnum("preset", PRESET_IDS);
export const renderQualityEnum = pgEnum("render_quality", RENDER_QUALITY_IDS);
export const platformEnum = pgEnum("platform", PLATFORM_IDS);
export const projectStatusEnum = pgEnum("project_status", PROJECT_STATUSES);
export const renderStatusEnum = pgEnum("render_status", RENDER_STATUSES);
export const pieceStatusEnum = pgEnum("piece_status", PIECE_STATUSES);
export const reviewStatusEnum = pgEnum("review_status", REVIEW_STATUSES);
export const publishStatusEnum = pgEnum("publish_status", PUBLISH_STATUSES);
export const assetTypeEnum = pgEnum("asset_type", ASSET_TYPES);
export const assetSourceEnum = pgEnum("asset_source", ASSET_SOURCES);
export const clipSourceStatusEnum = pgEnum(
  "clip_source_status",
  CLIP_SOURCE_STATUSES,
);
export const accountStatusEnum = pgEnum("account_status", ACCOUNT_STATUSES);

/** The tenant: a brand or website whose team makes videos. */
export const sites = pgTable("sites", {
  id: id(),
  name: text("name").notNull(),
  slug: text("slug").notNull().unique(),
  /** {autoPublish, madeForKids, containsSyntheticMedia, webhookUrl, webhookSecret, ...} */
  settings: jsonb("settings")
    .$type<Record<string, unknown>>()
    .notNull()
    .default({}),
  createdAt: createdAt(),
});

/** API keys are stored as SHA-256 hashes; the key itself is shown once. */
export const apiKeys = pgTable(
  "api_keys",
  {
    id: id(),
    siteId: ref("site_id")
      .notNull()
      .references(() => sites.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    keyHash: text("key_hash").notNull().unique(),
    /** The first characters of the key, to tell keys apart in a list. */
    prefix: text("prefix").notNull(),
    createdAt: createdAt(),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (t) => [index("api_keys_site_idx").on(t.siteId)],
);

/** Source content: an article as written (Markdown, HTML or the JSON article format). */
export const contents = pgTable(
  "contents",
  {
    id: id(),
    siteId: ref("site_id")
      .notNull()
      .references(() => sites.id, { onDelete: "cascade" }),
    title: text("title").notNull(),
    /**
     * "topic": the body is only a topic, which a model writes the script about; "story": a plain
     * story, told in beats; "storyboard": the JSON `{title, scenes}`.
     */
    format: text("format", {
      enum: ["markdown", "html", "json", "topic", "story", "storyboard"],
    }).notNull(),
    body: text("body").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("contents_site_idx").on(t.siteId)],
);

export const videoProjects = pgTable(
  "video_projects",
  {
    id: id(),
    siteId: ref("site_id")
      .notNull()
      .references(() => sites.id, { onDelete: "cascade" }),
    contentId: ref("content_id").references(() => contents.id, {
      onDelete: "set null",
    }),
    title: text("title").notNull(),
    /** One script type for every preset; null: long for youtube_long, short for the others. */
    projectType: videoTypeEnum("project_type"),
    targetPresets: presetEnum("target_presets").array().notNull(),
    status: projectStatusEnum("status").notNull().default("draft"),
    /** {voice, speed, music, theme, visuals, madeForKids, containsSyntheticMedia} */
    settings: jsonb("settings")
      .$type<Record<string, unknown>>()
      .notNull()
      .default({}),
    /** Where the pipeline is: {stage, percent, etaMs}, written as it happens. */
    progress: jsonb("progress").$type<{
      stage: string;
      percent: number;
      etaMs?: number;
    }>(),
    error: text("error"),
    /** What the pipeline did instead of what was asked (a voice that fell back), if anything. */
    warning: text("warning"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("video_projects_site_status_idx").on(t.siteId, t.status),
    index("video_projects_site_created_idx").on(t.siteId, t.createdAt),
    index("video_projects_content_idx").on(t.contentId),
  ],
);

/** Scripts are versioned: an edit is a new row; renders record the version they used. */
export const videoScripts = pgTable(
  "video_scripts",
  {
    id: id(),
    projectId: projectRef(),
    videoType: videoTypeEnum("video_type").notNull(),
    version: integer("version").notNull(),
    /** The whole `Script` (src/pipeline/script/script.ts). */
    script: jsonb("script").$type<Record<string, unknown>>().notNull(),
    scriptText: text("script_text").notNull(),
    totalEstimatedDurationSec: real("total_estimated_duration_sec").notNull(),
    provider: text("provider").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("video_scripts_version_idx").on(
      t.projectId,
      t.videoType,
      t.version,
    ),
  ],
);

export const voiceovers = pgTable(
  "voiceovers",
  {
    id: id(),
    projectId: projectRef(),
    scriptId: scriptRef(),
    provider: text("provider").notNull(),
    voice: text("voice").notNull(),
    speed: real("speed").notNull(),
    /** The whole `Voiceover` (audio, words, segments). */
    voiceover: jsonb("voiceover").$type<Record<string, unknown>>().notNull(),
    durationMs: integer("duration_ms").notNull(),
    approvedAt: timestamp("approved_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [index("voiceovers_project_idx").on(t.projectId)],
);

export const videoAssets = pgTable(
  "video_assets",
  {
    id: id(),
    projectId: projectRef(),
    assetType: assetTypeEnum("asset_type").notNull(),
    source: assetSourceEnum("source").notNull(),
    filePath: text("file_path").notNull(),
    fileUrl: text("file_url").notNull().default(""),
    alt: text("alt").notNull().default(""),
    width: integer("width"),
    height: integer("height"),
    durationMs: integer("duration_ms"),
    /** The script section it illustrates (0 is the hook); null for project-wide assets. */
    sectionIndex: integer("section_index"),
    /** {x, y} in 0..1: where the Ken Burns move centres. */
    focus: jsonb("focus").$type<{ x: number; y: number }>(),
    /** Where a chosen stock or AI image came from, for the props and the description's credits. */
    credit: jsonb("credit").$type<Credit>(),
    order: integer("order").notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [index("video_assets_project_idx").on(t.projectId)],
);

export const renderedVideos = pgTable(
  "rendered_videos",
  {
    id: id(),
    projectId: projectRef(),
    preset: presetEnum("preset").notNull(),
    /** The script version rendered. */
    scriptId: scriptRef(),
    status: renderStatusEnum("status").notNull().default("queued"),
    /** 0..1 with the stage it is in and an estimate of the time left. */
    progress: real("progress").notNull().default(0),
    stage: text("stage"),
    etaMs: integer("eta_ms"),
    jobId: text("job_id"),
    attempts: integer("attempts").notNull().default(0),
    scale: real("scale").notNull().default(1),
    quality: renderQualityEnum("quality").notNull().default("standard"),
    resolution: text("resolution"),
    durationMs: integer("duration_ms"),
    fileSize: bigint("file_size", { mode: "number" }),
    filePath: text("file_path"),
    srtPath: text("srt_path"),
    vttPath: text("vtt_path"),
    thumbnailPath: text("thumbnail_path"),
    propsPath: text("props_path"),
    /** Per-platform title, description, tags (src/pipeline/metadata). */
    metadata: jsonb("metadata").$type<Record<string, unknown>>(),
    error: text("error"),
    reviewStatus: reviewStatusEnum("review_status")
      .notNull()
      .default("pending"),
    reviewComment: text("review_comment"),
    reviewedAt: timestamp("reviewed_at", { withTimezone: true }),
    /** The worker rendering it (host:pid:random) and when it last said it is alive. */
    workerId: text("worker_id"),
    heartbeatAt: timestamp("heartbeat_at", { withTimezone: true }),
    renderStartedAt: timestamp("render_started_at", { withTimezone: true }),
    renderCompletedAt: timestamp("render_completed_at", {
      withTimezone: true,
    }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("rendered_videos_project_idx").on(t.projectId, t.status),
    // The recovery sweep looks for renders whose worker went quiet.
    index("rendered_videos_heartbeat_idx")
      .on(t.heartbeatAt)
      .where(sql`status = 'rendering'`),
    // Rendering the same project, preset, script version and quality twice reuses the first render.
    uniqueIndex("rendered_videos_once_idx")
      .on(t.projectId, t.preset, t.scriptId, t.scale, t.quality)
      .where(sql`status not in ('failed', 'cancelled')`),
  ],
);

/**
 * The frame-range pieces of a fleet render (RENDER_BACKEND=fleet), each rendered by its own
 * `render-piece` job on any worker. A table rather than a jsonb column on the render: workers on
 * several machines write their pieces' progress and heartbeats at the same time, which row locks
 * keep apart, and the sweep finds a stale piece by index.
 */
export const renderPieces = pgTable(
  "render_pieces",
  {
    id: id(),
    renderedVideoId: ref("rendered_video_id")
      .notNull()
      .references(() => renderedVideos.id, { onDelete: "cascade" }),
    index: integer("index").notNull(),
    /** Inclusive frame range. */
    frameFrom: integer("frame_from").notNull(),
    frameTo: integer("frame_to").notNull(),
    status: pieceStatusEnum("status").notNull().default("queued"),
    progress: real("progress").notNull().default(0),
    /** The worker rendering or having rendered it (host:pid:random). */
    workerId: text("worker_id"),
    heartbeatAt: timestamp("heartbeat_at", { withTimezone: true }),
    jobId: text("job_id"),
    attempts: integer("attempts").notNull().default(0),
    error: text("error"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("render_pieces_render_index_idx").on(
      t.renderedVideoId,
      t.index,
    ),
    index("render_pieces_heartbeat_idx")
      .on(t.heartbeatAt)
      .where(sql`status = 'rendering'`),
  ],
);

export const socialAccounts = pgTable(
  "social_accounts",
  {
    id: id(),
    siteId: ref("site_id")
      .notNull()
      .references(() => sites.id, { onDelete: "cascade" }),
    platform: platformEnum("platform").notNull(),
    /** The platform's id of the account (channel id, IG user id, TikTok open_id). */
    externalId: text("external_id").notNull(),
    displayName: text("display_name").notNull(),
    /** AES-256-GCM ciphertexts (src/db/crypto.ts). */
    accessTokenEnc: text("access_token_enc").notNull(),
    refreshTokenEnc: text("refresh_token_enc"),
    tokenExpiresAt: timestamp("token_expires_at", { withTimezone: true }),
    scopes: text("scopes").array().notNull().default([]),
    status: accountStatusEnum("status").notNull().default("connected"),
    /** Platform details, e.g. {audited: false} for an unaudited TikTok app. */
    details: jsonb("details")
      .$type<Record<string, unknown>>()
      .notNull()
      .default({}),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("social_accounts_external_idx").on(
      t.siteId,
      t.platform,
      t.externalId,
    ),
  ],
);

/** A pending OAuth authorization: the state parameter and the PKCE verifier. */
export const oauthStates = pgTable("oauth_states", {
  state: text("state").primaryKey(),
  siteId: ref("site_id")
    .notNull()
    .references(() => sites.id, { onDelete: "cascade" }),
  platform: platformEnum("platform").notNull(),
  codeVerifier: text("code_verifier"),
  redirectUri: text("redirect_uri").notNull(),
  /** Who started the flow: the session's token hash (the callback must carry that session)… */
  sessionHash: text("session_hash"),
  /** …or the API key (the callback is refused once the key is revoked). */
  apiKeyId: ref("api_key_id").references(() => apiKeys.id, {
    onDelete: "cascade",
  }),
  expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  createdAt: createdAt(),
});

export const publishedVideos = pgTable(
  "published_videos",
  {
    id: id(),
    renderedVideoId: ref("rendered_video_id")
      .notNull()
      .references(() => renderedVideos.id, { onDelete: "cascade" }),
    socialAccountId: ref("social_account_id")
      .notNull()
      .references(() => socialAccounts.id, { onDelete: "cascade" }),
    platform: platformEnum("platform").notNull(),
    status: publishStatusEnum("status").notNull().default("queued"),
    title: text("title").notNull(),
    description: text("description").notNull(),
    tags: text("tags").array().notNull().default([]),
    privacy: text("privacy").notNull(),
    /** What the upload has reached (session URI, container id, publish id), saved as it goes. */
    uploadState: jsonb("upload_state").$type<Record<string, unknown>>(),
    platformVideoId: text("platform_video_id"),
    publishedUrl: text("published_url"),
    error: text("error"),
    jobId: text("job_id"),
    /** When it is to go out (null: at once); the worker never posts it earlier. */
    publishAt: timestamp("publish_at", { withTimezone: true }),
    /** After a failed attempt, when the next one is due (the failure policy's delays). */
    retryAt: timestamp("retry_at", { withTimezone: true }),
    /** Failed attempts so far (transient failures; a permanent one ends the post `failed`). */
    attempts: integer("attempts").notNull().default(0),
    /** The worker uploading it (host:pid:random) and when it last said it is alive. */
    workerId: text("worker_id"),
    heartbeatAt: timestamp("heartbeat_at", { withTimezone: true }),
    publishedAt: timestamp("published_at", { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    // One post per render and account: a retried publish resumes, it never posts twice.
    uniqueIndex("published_videos_once_idx")
      .on(t.renderedVideoId, t.socialAccountId)
      .where(sql`status <> 'removed'`),
    // The calendar: what goes out when.
    index("published_videos_publish_at_idx").on(t.publishAt),
    index("published_videos_account_idx").on(t.socialAccountId),
    // The recovery sweep looks for uploads whose worker went quiet.
    index("published_videos_heartbeat_idx")
      .on(t.heartbeatAt)
      .where(sql`status = 'publishing'`),
  ],
);

export const videoEngagement = pgTable(
  "video_engagement",
  {
    id: id(),
    publishedVideoId: ref("published_video_id")
      .notNull()
      .references(() => publishedVideos.id, { onDelete: "cascade" }),
    views: bigint("views", { mode: "number" }).notNull().default(0),
    likes: bigint("likes", { mode: "number" }).notNull().default(0),
    comments: bigint("comments", { mode: "number" }).notNull().default(0),
    shares: bigint("shares", { mode: "number" }).notNull().default(0),
    /** Null where the platform does not report it (TikTok). */
    watchTimeSeconds: bigint("watch_time_seconds", { mode: "number" }),
    avgViewDurationSec: real("avg_view_duration_sec"),
    raw: jsonb("raw").$type<Record<string, unknown>>().notNull().default({}),
    fetchedAt: timestamp("fetched_at", { withTimezone: true })
      .notNull()
      .defaultNow(),
  },
  (t) => [
    index("video_engagement_published_idx").on(t.publishedVideoId, t.fetchedAt),
  ],
);

/** What each stage cost: the provider, the units it used and their price. */
export const costLedger = pgTable(
  "cost_ledger",
  {
    id: id(),
    siteId: ref("site_id")
      .notNull()
      .references(() => sites.id, { onDelete: "cascade" }),
    projectId: ref("project_id").references(() => videoProjects.id, {
      onDelete: "set null",
    }),
    operation: text("operation").notNull(),
    provider: text("provider").notNull(),
    units: real("units").notNull(),
    unit: text("unit").notNull(),
    credits: numeric("credits", { precision: 12, scale: 3, mode: "number" })
      .notNull()
      .default(0),
    costUsd: numeric("cost_usd", { precision: 12, scale: 6, mode: "number" })
      .notNull()
      .default(0),
    createdAt: createdAt(),
  },
  (t) => [
    index("cost_ledger_project_idx").on(t.projectId),
    index("cost_ledger_site_created_idx").on(t.siteId, t.createdAt),
  ],
);

export type Site = typeof sites.$inferSelect;
export type VideoProject = typeof videoProjects.$inferSelect;
export type VideoScriptRow = typeof videoScripts.$inferSelect;
export type RenderedVideo = typeof renderedVideos.$inferSelect;
export type RenderPiece = typeof renderPieces.$inferSelect;
export type SocialAccount = typeof socialAccounts.$inferSelect;
export type PublishedVideo = typeof publishedVideos.$inferSelect;
export type EngagementRecord = typeof videoEngagement.$inferSelect;

export const userRoleEnum = pgEnum("user_role", USER_ROLES);

/** A team member of a site. Passwords are scrypt hashes (src/auth/passwords.ts). */
export const users = pgTable(
  "users",
  {
    id: id(),
    siteId: ref("site_id")
      .notNull()
      .references(() => sites.id, { onDelete: "cascade" }),
    email: text("email").notNull().unique(),
    name: text("name").notNull(),
    role: userRoleEnum("role").notNull(),
    passwordHash: text("password_hash").notNull(),
    createdAt: createdAt(),
    lastSignInAt: timestamp("last_sign_in_at", { withTimezone: true }),
  },
  (t) => [index("users_site_idx").on(t.siteId)],
);

/** A signed-in browser: the cookie holds a random token, the table its SHA-256. */
export const sessions = pgTable(
  "sessions",
  {
    tokenHash: text("token_hash").primaryKey(),
    userId: ref("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);

/**
 * Content picked up automatically (a feed's item, a `content.published` webhook): one row per
 * site, source and item id, so an item seen again starts nothing. `project_id` is null for the
 * items a feed already had when it was first read.
 */
export const contentIntake = pgTable(
  "content_intake",
  {
    id: id(),
    siteId: ref("site_id")
      .notNull()
      .references(() => sites.id, { onDelete: "cascade" }),
    source: text("source", { enum: ["feed", "hook"] }).notNull(),
    externalId: text("external_id").notNull(),
    projectId: ref("project_id").references(() => videoProjects.id, {
      onDelete: "set null",
    }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("content_intake_once_idx").on(t.siteId, t.source, t.externalId),
  ],
);

/** What the site's admins are told in the app (a post that keeps failing, a budget alert, ...). */
export const notifications = pgTable(
  "notifications",
  {
    id: id(),
    siteId: ref("site_id")
      .notNull()
      .references(() => sites.id, { onDelete: "cascade" }),
    kind: text("kind").notNull(),
    title: text("title").notNull(),
    body: text("body").notNull(),
    /** An app path to what the notification is about (`/projects/3`), or null. */
    link: text("link"),
    readAt: timestamp("read_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [index("notifications_site_idx").on(t.siteId, t.createdAt)],
);

export type Notification = typeof notifications.$inferSelect;

export type User = typeof users.$inferSelect;
export type UserRole = (typeof userRoleEnum.enumValues)[number];

/**
 * Sign-in attempts per IP address and per email (`ip:<address>`, `email:<address>`), counted in
 * a window; shared by every app process through Postgres.
 */
export const signInThrottle = pgTable("sign_in_throttle", {
  subject: text("subject").primaryKey(),
  attempts: integer("attempts").notNull(),
  windowStartedAt: timestamp("window_started_at", {
    withTimezone: true,
  }).notNull(),
  lockedUntil: timestamp("locked_until", { withTimezone: true }),
});

/** A site's spending limits in dollars (null: no limit); checked before every paid provider call. */
export const siteBudgets = pgTable("site_budgets", {
  siteId: ref("site_id")
    .primaryKey()
    .references(() => sites.id, { onDelete: "cascade" }),
  dailyUsd: numeric("daily_usd", { precision: 12, scale: 2, mode: "number" }),
  monthlyUsd: numeric("monthly_usd", {
    precision: 12,
    scale: 2,
    mode: "number",
  }),
  perVideoUsd: numeric("per_video_usd", {
    precision: 12,
    scale: 2,
    mode: "number",
  }),
  updatedAt: updatedAt(),
});

/** A budget alert sent: one per site, period (day or month), period start and threshold. */
export const budgetAlerts = pgTable(
  "budget_alerts",
  {
    id: id(),
    siteId: ref("site_id")
      .notNull()
      .references(() => sites.id, { onDelete: "cascade" }),
    period: text("period", { enum: ["day", "month"] }).notNull(),
    periodStart: text("period_start").notNull(),
    threshold: integer("threshold").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("budget_alerts_once_idx").on(
      t.siteId,
      t.period,
      t.periodStart,
      t.threshold,
    ),
  ],
);

/**
 * Who did what, when: publishing, approvals, moderation overrides, settings changes. `actor` is
 * the user's email or the API key's name, kept as text so the entry outlives the user or key.
 */
export const auditLog = pgTable(
  "audit_log",
  {
    id: id(),
    siteId: ref("site_id")
      .notNull()
      .references(() => sites.id, { onDelete: "cascade" }),
    userId: ref("user_id").references(() => users.id, { onDelete: "set null" }),
    actor: text("actor").notNull(),
    action: text("action").notNull(),
    targetType: text("target_type").notNull(),
    targetId: text("target_id"),
    details: jsonb("details")
      .$type<Record<string, unknown>>()
      .notNull()
      .default({}),
    createdAt: createdAt(),
  },
  (t) => [index("audit_log_site_created_idx").on(t.siteId, t.createdAt)],
);

/**
 * An admin's decision that a render flagged by moderation may go on: at `approve` (the render's
 * content) or at `publish` (the post's text).
 */
export const moderationOverrides = pgTable(
  "moderation_overrides",
  {
    id: id(),
    renderedVideoId: ref("rendered_video_id")
      .notNull()
      .references(() => renderedVideos.id, { onDelete: "cascade" }),
    checkpoint: text("checkpoint", { enum: ["approve", "publish"] }).notNull(),
    categories: text("categories").array().notNull(),
    userId: ref("user_id").references(() => users.id, { onDelete: "set null" }),
    actor: text("actor").notNull(),
    reason: text("reason").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index("moderation_overrides_render_idx").on(
      t.renderedVideoId,
      t.checkpoint,
    ),
  ],
);

/**
 * The Visuals step's plan of one script version for one preset: each section's visual and its
 * candidates, kept so that listing them does not search and generate again.
 */
export const visualPlans = pgTable(
  "visual_plans",
  {
    id: id(),
    projectId: projectRef(),
    scriptId: scriptRef(),
    preset: presetEnum("preset").notNull(),
    /** `StoredPlan` (src/services/visuals.ts). */
    sections: jsonb("sections").$type<unknown[]>().notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("visual_plans_script_preset_idx").on(
      t.projectId,
      t.scriptId,
      t.preset,
    ),
  ],
);

export type AuditEntry = typeof auditLog.$inferSelect;

/** A row a worker leases while it works on it: who holds it, its heartbeat, its attempts. */
const leaseColumns = () => ({
  workerId: text("worker_id"),
  heartbeatAt: timestamp("heartbeat_at", { withTimezone: true }),
  attempts: integer("attempts").notNull().default(0),
  /** The pg-boss job of the row's current stage: where the recovery sweep looks for it. */
  jobId: text("job_id"),
});

/**
 * A long video to cut into clips (an upload or a fetched URL) and the jobs' way through it. Its
 * files live under `clips/<id>/` in storage: the source, the analysis (transcript, loudness).
 */
export const clipSources = pgTable(
  "clip_sources",
  {
    id: id(),
    siteId: ref("site_id")
      .notNull()
      .references(() => sites.id, { onDelete: "cascade" }),
    /** The URL it was fetched from, or the uploaded file's name. */
    origin: text("origin").notNull(),
    preset: presetEnum("preset").notNull(),
    count: integer("count").notNull(),
    minMs: integer("min_ms").notNull(),
    maxMs: integer("max_ms").notNull(),
    scale: real("scale").notNull().default(1),
    status: clipSourceStatusEnum("status").notNull().default("queued"),
    /** 0..1 of the transcribe and select stages (the clips carry their own). */
    transcribeProgress: real("transcribe_progress").notNull().default(0),
    selectProgress: real("select_progress").notNull().default(0),
    sourcePath: text("source_path"),
    analysisPath: text("analysis_path"),
    width: integer("width"),
    height: integer("height"),
    durationMs: integer("duration_ms"),
    transcriber: text("transcriber"),
    selector: text("selector"),
    warnings: jsonb("warnings").$type<string[]>().notNull().default([]),
    error: text("error"),
    ...leaseColumns(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("clip_sources_site_created_idx").on(t.siteId, t.createdAt)],
);

/** One clip of a source: its span, why it was picked, what it says, and its render. */
export const clips = pgTable(
  "clips",
  {
    id: id(),
    sourceId: ref("source_id")
      .notNull()
      .references(() => clipSources.id, { onDelete: "cascade" }),
    /** 1 is the best. */
    number: integer("number").notNull(),
    firstWord: integer("first_word").notNull(),
    lastWord: integer("last_word").notNull(),
    startMs: integer("start_ms").notNull(),
    endMs: integer("end_ms").notNull(),
    score: real("score").notNull(),
    components: jsonb("components")
      .$type<Record<string, { raw: number; scaled: number; weight: number }>>()
      .notNull(),
    reason: text("reason"),
    /** What the model said (title, hook, hashtags) when it picked the moment. */
    pick: jsonb("pick")
      .$type<{ title?: string; hook?: string; hashtags?: string[] }>()
      .notNull()
      .default({}),
    title: text("title"),
    description: text("description"),
    hashtags: jsonb("hashtags").$type<string[]>(),
    status: renderStatusEnum("status").notNull().default("queued"),
    /** reframe, then render: 0..1 each. */
    stage: text("stage"),
    reframeProgress: real("reframe_progress").notNull().default(0),
    renderProgress: real("render_progress").notNull().default(0),
    durationMs: integer("duration_ms"),
    fileSize: bigint("file_size", { mode: "number" }),
    /** The clip's files: `clips/<source>/<clip>/clip-<n>.*`; null until rendered. */
    folder: text("folder"),
    error: text("error"),
    ...leaseColumns(),
    /** The project a user sent the clip on to (review, approval, publishing). */
    projectId: ref("project_id").references(() => videoProjects.id, {
      onDelete: "set null",
    }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("clips_source_number_idx").on(t.sourceId, t.number),
    index("clips_heartbeat_idx")
      .on(t.heartbeatAt)
      .where(sql`status = 'rendering'`),
  ],
);

export type ClipSourceRow = typeof clipSources.$inferSelect;
export type ClipRow = typeof clips.$inferSelect;
