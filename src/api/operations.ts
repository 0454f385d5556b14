import { z } from "zod";
import { PRESET_IDS } from "../compositions/presets";
import { PRIORITIES, type Priority } from "../core/priorities";
import {
  ACCOUNT_STATUSES,
  ASSET_SOURCES,
  ASSET_TYPES,
  PROJECT_STATUSES,
  PUBLISH_STATUSES,
  RENDER_STATUSES,
  REVIEW_STATUSES,
} from "../core/statuses";
import { MAX_ARTICLE_BYTES, MAX_IMAGE_BYTES } from "../core/uploads";
import { scriptSchema, videoTypeSchema } from "../pipeline/script/script";
import { PLATFORM_IDS, POST_TEXT_MAX } from "../platforms/limits";
import {
  PREVIEW_MAX_CHARS,
  SPEED_RANGE,
  VOICE_PROVIDER_IDS,
  voiceChoiceSchema,
} from "../core/narration";
import { RENDER_QUALITY_IDS } from "../core/render-quality";

/**
 * Every endpoint of the API: its method, path, inputs and answers as zod schemas. The route
 * handlers validate with these, and the OpenAPI document is generated from them. The app's pages
 * import it too (paths, answer types), so it imports only modules the browser can load.
 */

/** A row id in a JSON body. */
const id = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
/** A row id in a path or query string: digits only. */
const idText = z
  .string()
  .max(16)
  .regex(/^[1-9][0-9]{0,15}$/, "must be a positive whole number")
  .transform(Number)
  .pipe(id)
  .meta({ type: "integer", minimum: 1 });
const preset = z.enum(PRESET_IDS);
const priority = z.enum(Object.keys(PRIORITIES) as [Priority, ...Priority[]]);
const timestamp = z.string().meta({ format: "date-time" });
const idParams = z.object({ id: idText });
const projectParams = z.object({ project_id: idText });

// ---- answers -------------------------------------------------------------

export const projectSchema = z.object({
  id: z.number(),
  site_id: z.number(),
  content_id: z.number().nullable(),
  title: z.string(),
  project_type: videoTypeSchema.nullable(),
  target_presets: z.array(preset),
  status: z.enum(PROJECT_STATUSES),
  settings: z.record(z.string(), z.unknown()),
  progress: z
    .object({
      stage: z.string(),
      percent: z.number(),
      etaMs: z.number().optional(),
    })
    .nullable(),
  error: z.string().nullable(),
  /** What the pipeline did instead of what was asked (a cloud voice that fell back). */
  warning: z.string().nullable(),
  created_at: timestamp,
  updated_at: timestamp,
});

export const scriptRowSchema = z.object({
  id: z.number(),
  project_id: z.number(),
  video_type: videoTypeSchema,
  version: z.number(),
  script: scriptSchema,
  script_text: z.string(),
  total_estimated_duration_sec: z.number(),
  provider: z.string(),
  created_at: timestamp,
});

const focusSchema = z.object({
  x: z.number().min(0).max(1),
  y: z.number().min(0).max(1),
});

export const assetSchema = z.object({
  id: z.number(),
  project_id: z.number(),
  asset_type: z.enum(ASSET_TYPES),
  source: z.enum(ASSET_SOURCES),
  file_path: z.string(),
  file_url: z.string(),
  alt: z.string(),
  width: z.number().nullable(),
  height: z.number().nullable(),
  section_index: z.number().nullable(),
  focus: focusSchema.nullable(),
  order: z.number(),
  created_at: timestamp,
});

export const renderSchema = z.object({
  id: z.number(),
  project_id: z.number(),
  preset,
  script_id: z.number(),
  status: z.enum(RENDER_STATUSES),
  progress: z.number(),
  stage: z.string().nullable(),
  eta_ms: z.number().nullable(),
  scale: z.number(),
  quality: z.enum(RENDER_QUALITY_IDS),
  resolution: z.string().nullable(),
  duration_ms: z.number().nullable(),
  file_size: z.number().nullable(),
  metadata: z.record(z.string(), z.unknown()).nullable(),
  error: z.string().nullable(),
  review_status: z.enum(REVIEW_STATUSES),
  review_comment: z.string().nullable(),
  reviewed_at: timestamp.nullable(),
  files: z
    .record(z.string(), z.string())
    .meta({ description: "Download URL of each file that exists, by kind" }),
  created_at: timestamp,
  updated_at: timestamp,
});

export const voiceoverSchema = z.object({
  id: z.number(),
  script_id: z.number(),
  provider: z.string(),
  voice: z.string(),
  speed: z.number(),
  duration_ms: z.number(),
  approved_at: timestamp.nullable(),
  created_at: timestamp,
});

export const projectDetailSchema = z.object({
  project: projectSchema,
  script: scriptRowSchema.nullable(),
  voiceover: voiceoverSchema.nullable(),
  assets: z.array(assetSchema),
  renders: z.array(renderSchema),
});

export const renderStatusSchema = z.object({
  id: z.number(),
  status: z.enum(RENDER_STATUSES),
  progress: z.number().meta({ description: "0..1" }),
  stage: z.string().nullable(),
  eta_ms: z.number().nullable(),
  error: z.string().nullable(),
});

export const publicationSchema = z.object({
  id: z.number(),
  rendered_video_id: z.number(),
  social_account_id: z.number(),
  platform: z.enum(PLATFORM_IDS),
  status: z.enum(PUBLISH_STATUSES),
  title: z.string(),
  description: z.string(),
  tags: z.array(z.string()),
  privacy: z.string(),
  platform_video_id: z.string().nullable(),
  published_url: z.string().nullable(),
  error: z.string().nullable(),
  published_at: timestamp.nullable(),
  created_at: timestamp,
});

export const totalsSchema = z.object({
  videos: z.number(),
  views: z.number(),
  likes: z.number(),
  comments: z.number(),
  shares: z.number(),
  watch_time_seconds: z
    .number()
    .nullable()
    .describe(
      "null when no platform of these videos reports watch time (TikTok does not)",
    ),
});

const queuedSchema = z.object({
  job_id: z.string().nullable(),
});

// ---- inputs ----------------------------------------------------------------

export const PROJECT_BODY_LIMIT = MAX_ARTICLE_BYTES + 64 * 1024;
export const ASSET_UPLOAD_LIMIT = MAX_IMAGE_BYTES + 64 * 1024;
export const JSON_ASSET_LIMIT = 64 * 1024;

const createProjectBody = z
  .object({
    content_id: id.optional(),
    content: z
      .object({
        format: z.enum(["markdown", "html", "json"]),
        // The article's own limit (2 MB of UTF-8) is checked by the service: a 422 invalid_content.
        body: z.string().min(1, "is empty").max(PROJECT_BODY_LIMIT),
        title: z.string().trim().min(1).max(300).optional(),
      })
      .optional(),
    title: z.string().trim().min(1).max(300).optional(),
    project_type: videoTypeSchema.optional(),
    target_platforms: z
      .array(preset)
      .min(1, "name at least one preset")
      .max(PRESET_IDS.length)
      .refine(
        (list) => new Set(list).size === list.length,
        "lists a preset twice",
      ),
    /** The narration's voice: `{provider, id}`; by default the offline voice of the language. */
    settings: z.object({ voice: voiceChoiceSchema.optional() }).optional(),
    /** false: a draft only, nothing is queued. */
    start: z.boolean().default(true),
    priority: priority.default("normal"),
  })
  .refine((b) => (b.content_id === undefined) !== (b.content === undefined), {
    message: "give either content_id or content, not both",
    path: ["content_id"],
  });

const listProjectsQuery = z.object({
  status: z.enum(PROJECT_STATUSES).optional(),
  project_type: videoTypeSchema.optional(),
  q: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .optional()
    .meta({ description: "Words in the title" }),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  per_page: z.coerce.number().int().min(1).max(100).default(20),
});

const renderBody = z.object({
  project_id: id,
  presets: z
    .array(preset)
    .min(1, "name at least one preset")
    .max(PRESET_IDS.length)
    .refine(
      (list) => new Set(list).size === list.length,
      "lists a preset twice",
    ),
  priority: priority.default("normal"),
  scale: z.number().min(0.1).max(1).default(1),
  /** draft: half size, fast encoder; premium: higher bitrate, slower encoder. */
  quality: z.enum(RENDER_QUALITY_IDS).default("standard"),
});

const reviewBody = z.object({
  decision: z.enum(["approve", "reject"]),
  comment: z.string().trim().max(2000).optional(),
});

const publishBody = z.object({
  rendered_video_id: id,
  social_account_id: id,
  title: z.string().trim().min(1).max(POST_TEXT_MAX.title).optional(),
  description: z.string().max(POST_TEXT_MAX.description).optional(),
  tags: z.array(z.string().trim().min(1).max(100)).max(50).optional(),
  privacy: z.enum(["public", "unlisted", "private"]).default("private"),
});

export const assetJsonBody = z.object({
  section_index: z.number().int().min(0).max(1000),
  image_url: z.url({ protocol: /^https?$/ }).max(2048),
  alt: z.string().max(500).optional(),
  focus: focusSchema.optional(),
});

/** The multipart form of an asset upload: `file` plus the same fields as text. */
export const assetMultipartBody = z.object({
  section_index: z.coerce.number().int().min(0).max(1000),
  alt: z.string().max(500).optional(),
  focus_x: z.coerce.number().min(0).max(1).optional(),
  focus_y: z.coerce.number().min(0).max(1).optional(),
});

export const FILE_KINDS = [
  "video",
  "srt",
  "vtt",
  "thumbnail",
  "props",
] as const;
export type FileKind = (typeof FILE_KINDS)[number];

// ---- the operations --------------------------------------------------------

type Answer = { description: string; schema?: z.ZodType; content?: string };
export type Operation = {
  method: "GET" | "POST" | "PUT" | "DELETE";
  /** OpenAPI style: `{id}` for a path parameter. */
  path: string;
  summary: string;
  tag: string;
  auth?: false;
  /** false: API keys may not call it (only a signed-in user whose role allows it). */
  apiKeys?: false;
  params?: z.ZodType;
  /** Next.js folder names that differ from the documented parameter's (one name per level). */
  folderParams?: Record<string, string>;
  query?: z.ZodType;
  /** A JSON body. */
  body?: z.ZodType;
  bodyLimit?: number;
  /** Other request bodies this operation takes, documented only (the handler reads them). */
  otherBodies?: Record<string, z.ZodType>;
  responses: Record<number, Answer>;
};

const ok = (schema: z.ZodType, description = "OK"): Answer => ({
  description,
  schema,
});
const page = (item: z.ZodType) =>
  z.object({
    items: z.array(item),
    page: z.number(),
    per_page: z.number(),
    total: z.number(),
  });

export const accountSchema = z.object({
  id: z.number(),
  site_id: z.number(),
  platform: z.enum(PLATFORM_IDS),
  external_id: z.string(),
  display_name: z.string(),
  status: z.enum(ACCOUNT_STATUSES),
  token_expires_at: timestamp.nullable(),
  scopes: z.array(z.string()),
  audited: z.boolean().nullable(),
  connected_at: timestamp,
  updated_at: timestamp,
});

/** What the platform appends to the callback; completeConnection checks it (and redirects). */
const accountCallbackQuery = z.object({
  state: z.string().max(512).optional(),
  code: z.string().max(4096).optional(),
  error: z.string().max(512).optional(),
  error_description: z.string().max(2048).optional(),
});

const V = "/api/v1/video";
const A = "/api/v1/accounts";
const K = "/api/v1/keys";

export const apiKeySchema = z.object({
  id: z.number(),
  name: z.string(),
  prefix: z.string().meta({ description: "The key's first characters" }),
  created_at: timestamp,
  last_used_at: timestamp.nullable(),
  revoked_at: timestamp.nullable(),
});
export const newKeySchema = z.object({
  key: apiKeySchema,
  secret: z
    .string()
    .meta({ description: "The key itself: shown this once, stored hashed" }),
});

export const operations = {
  health: {
    method: "GET",
    path: "/api/v1/health",
    summary:
      "Whether the service can work: database, job queue, storage, browser. Each check is shown only to an API key or a signed-in admin; anyone else gets {ok}",
    tag: "service",
    auth: false,
    responses: {
      200: ok(
        z.object({
          ok: z.boolean(),
          checks: z
            .record(
              z.string(),
              z.object({ ok: z.boolean(), detail: z.string().optional() }),
            )
            .optional(),
        }),
      ),
      503: {
        description: "A check failed; the body names it (to a key or an admin)",
      },
    },
  },
  openapi: {
    method: "GET",
    path: "/api/v1/openapi.json",
    summary: "This document",
    tag: "service",
    auth: false,
    responses: {
      200: { description: "OpenAPI 3.1", content: "application/json" },
    },
  },
  createProject: {
    method: "POST",
    path: `${V}/projects/`,
    summary:
      "Create a project from stored or new content; queues the whole pipeline unless start is false",
    tag: "projects",
    body: createProjectBody,
    bodyLimit: PROJECT_BODY_LIMIT,
    responses: {
      201: ok(
        z.object({ project: projectSchema, job_id: z.string().nullable() }),
        "Created",
      ),
    },
  },
  listProjects: {
    method: "GET",
    path: `${V}/projects/`,
    summary: "The site's projects, newest first",
    tag: "projects",
    query: listProjectsQuery,
    responses: { 200: ok(page(projectSchema)) },
  },
  getProject: {
    method: "GET",
    path: `${V}/projects/{id}/`,
    summary: "A project with its latest script, voiceover, assets and renders",
    tag: "projects",
    params: idParams,
    responses: {
      200: ok(projectDetailSchema),
    },
  },
  deleteProject: {
    method: "DELETE",
    path: `${V}/projects/{id}/`,
    summary:
      "Delete a project, its rows and files; cancels its queued and running jobs",
    tag: "projects",
    params: idParams,
    responses: { 204: { description: "Deleted" } },
  },
  generateScript: {
    method: "POST",
    path: `${V}/scripts/generate/`,
    summary: "Queue a new script for the project",
    tag: "scripts",
    body: z.object({
      project_id: id,
      provider: z.enum(["extractive", "openai"]).optional(),
      priority: priority.default("normal"),
    }),
    responses: { 202: ok(queuedSchema, "Queued") },
  },
  editScript: {
    method: "PUT",
    path: `${V}/scripts/{project_id}/`,
    summary: "Save an edited script as the next version",
    tag: "scripts",
    params: projectParams,
    body: z.object({ script: scriptSchema }),
    responses: { 201: ok(scriptRowSchema, "The new version") },
  },
  generateVoiceover: {
    method: "POST",
    path: `${V}/voiceover/generate/`,
    summary: "Queue the narration of the project's latest script",
    tag: "voiceover",
    body: z.object({
      project_id: id,
      voice_id: z.string().min(1).max(100).optional(),
      /** Kept in the project's settings with the voice; by default VOICE_PROVIDER. */
      voice_provider: z.enum(VOICE_PROVIDER_IDS).optional(),
      speed: z.number().min(SPEED_RANGE.min).max(SPEED_RANGE.max).optional(),
      priority: priority.default("normal"),
    }),
    responses: { 202: ok(queuedSchema, "Queued") },
  },
  previewVoice: {
    method: "POST",
    path: `${V}/voiceover/preview/`,
    summary: "Speak a short text with a voice; answers with the audio",
    tag: "voiceover",
    body: z.object({
      text: z.string().trim().min(1).max(PREVIEW_MAX_CHARS),
      voice_id: z.string().min(1).max(100).optional(),
      speed: z.number().min(SPEED_RANGE.min).max(SPEED_RANGE.max).optional(),
    }),
    responses: {
      200: { description: "The audio", content: "audio/wav" },
    },
  },
  listAssets: {
    method: "GET",
    path: `${V}/assets/{project_id}/`,
    summary: "The project's assets",
    tag: "assets",
    params: projectParams,
    responses: { 200: ok(z.object({ items: z.array(assetSchema) })) },
  },
  addAsset: {
    method: "POST",
    path: `${V}/assets/{project_id}/`,
    summary:
      "Add or replace a section's image (JSON with an image URL, or a multipart upload of `file`)",
    tag: "assets",
    params: projectParams,
    otherBodies: {
      "application/json": assetJsonBody,
      "multipart/form-data": assetMultipartBody.extend({
        file: z.string().max(MAX_IMAGE_BYTES).meta({ format: "binary" }),
      }),
    },
    responses: { 201: ok(assetSchema, "Stored") },
  },
  render: {
    method: "POST",
    path: `${V}/render/`,
    summary:
      "Render the project's latest script in each preset; an identical render already queued or done is reused",
    tag: "renders",
    body: renderBody,
    responses: {
      202: ok(
        z.object({
          renders: z.array(
            z.object({
              id: z.number(),
              preset,
              quality: z.enum(RENDER_QUALITY_IDS),
              status: z.enum(RENDER_STATUSES),
              reused: z.boolean(),
              job_id: z.string().nullable(),
            }),
          ),
        }),
        "Queued or reused",
      ),
    },
  },
  renderStatus: {
    method: "GET",
    path: `${V}/render/{id}/status/`,
    summary: "Where a render is",
    tag: "renders",
    params: idParams,
    responses: { 200: ok(renderStatusSchema) },
  },
  listRendered: {
    method: "GET",
    path: `${V}/rendered/{project_id}/`,
    summary: "The project's renders, newest first",
    tag: "renders",
    params: projectParams,
    folderParams: { id: "project_id" },
    responses: { 200: ok(z.object({ items: z.array(renderSchema) })) },
  },
  reviewRendered: {
    method: "POST",
    path: `${V}/rendered/{id}/review/`,
    summary: "Approve or reject a finished render",
    tag: "renders",
    params: idParams,
    body: reviewBody,
    responses: { 200: ok(renderSchema) },
  },
  downloadFile: {
    method: "GET",
    path: `${V}/rendered/{id}/files/{kind}`,
    summary: "A render's file; honours Range",
    tag: "renders",
    params: z.object({ id: idText, kind: z.enum(FILE_KINDS) }),
    responses: {
      200: {
        description: "The whole file",
        content: "application/octet-stream",
      },
      206: {
        description: "The requested range",
        content: "application/octet-stream",
      },
      416: { description: "The range lies outside the file" },
    },
  },
  publish: {
    method: "POST",
    path: `${V}/publish/`,
    summary:
      "Publish an approved render to a connected account (once per render and account)",
    tag: "publishing",
    body: publishBody,
    responses: {
      202: ok(
        z.object({
          publication: publicationSchema,
          job_id: z.string().nullable(),
        }),
        "Queued",
      ),
    },
  },
  retryPublish: {
    method: "POST",
    path: `${V}/publish/{published_video_id}/retry/`,
    summary:
      "Try a failed or abandoned post again; the upload resumes from where it stopped",
    tag: "publishing",
    params: z.object({ published_video_id: idText }),
    responses: {
      202: ok(
        z.object({
          publication: publicationSchema,
          job_id: z.string().nullable(),
        }),
        "Queued again",
      ),
    },
  },
  publishHistory: {
    method: "GET",
    path: `${V}/publish/`,
    summary: "Publications of the site, or of one project",
    tag: "publishing",
    query: z.object({ project_id: idText.optional() }),
    responses: { 200: ok(z.object({ items: z.array(publicationSchema) })) },
  },
  analytics: {
    method: "GET",
    path: `${V}/analytics/`,
    summary:
      "Totals across the site's published videos (each video's latest numbers), per platform",
    tag: "analytics",
    responses: {
      200: ok(
        z.object({
          totals: totalsSchema,
          platforms: z.record(z.string(), totalsSchema),
        }),
      ),
    },
  },
  videoAnalytics: {
    method: "GET",
    path: `${V}/analytics/{published_video_id}/`,
    summary: "One published video's numbers over time",
    tag: "analytics",
    params: z.object({ published_video_id: idText }),
    responses: {
      200: ok(
        z.object({
          publication: publicationSchema,
          timeline: z.array(
            z.object({
              fetched_at: timestamp,
              views: z.number(),
              likes: z.number(),
              comments: z.number(),
              shares: z.number(),
              watch_time_seconds: z
                .number()
                .nullable()
                .describe("null when the platform does not report it (TikTok)"),
              avg_view_duration_sec: z.number().nullable(),
            }),
          ),
        }),
      ),
    },
  },
  listAccounts: {
    method: "GET",
    path: `${A}/`,
    summary:
      "The site's YouTube, Instagram and TikTok accounts (never their tokens)",
    tag: "accounts",
    responses: { 200: ok(z.object({ items: z.array(accountSchema) })) },
  },
  connectAccount: {
    method: "POST",
    path: `${A}/connect/`,
    summary:
      "Start connecting an account: the platform's consent URL to send the user's browser to",
    tag: "accounts",
    body: z.object({ platform: z.enum(PLATFORM_IDS) }),
    responses: { 200: ok(z.object({ url: z.url() })) },
  },
  accountCallback: {
    method: "GET",
    path: `${A}/callback/{platform}`,
    summary:
      "Where the platform sends the user back (the state names the site, so no API key); redirects to the app's /accounts page with ?connected=<platform> or ?error=<reason>",
    tag: "accounts",
    auth: false,
    params: z.object({ platform: z.string().max(20) }),
    query: accountCallbackQuery,
    responses: { 303: { description: "To the app's accounts page" } },
  },
  disconnectAccount: {
    method: "DELETE",
    path: `${A}/{id}/`,
    summary:
      "Disconnect an account: its tokens are wiped, the row stays for its posts' history",
    tag: "accounts",
    params: idParams,
    responses: { 200: ok(accountSchema) },
  },
  listKeys: {
    method: "GET",
    path: `${K}/`,
    summary:
      "The site's API keys, live ones first (name, first characters, last use; never the key)",
    tag: "keys",
    apiKeys: false,
    responses: { 200: ok(z.object({ items: z.array(apiKeySchema) })) },
  },
  createKey: {
    method: "POST",
    path: `${K}/`,
    summary: "A new API key for the site; the key is in this answer only",
    tag: "keys",
    apiKeys: false,
    body: z.object({ name: z.string().trim().min(1, "is empty").max(100) }),
    responses: { 201: ok(newKeySchema, "Created") },
  },
  revokeKey: {
    method: "DELETE",
    path: `${K}/{id}/`,
    summary: "Revoke a key: every process refuses it from now on",
    tag: "keys",
    apiKeys: false,
    params: idParams,
    responses: { 200: ok(apiKeySchema) },
  },
  rotateKey: {
    method: "POST",
    path: `${K}/{id}/rotate/`,
    summary:
      "Replace a live key with a new one of the same name; the old key stops working at once",
    tag: "keys",
    apiKeys: false,
    params: idParams,
    responses: {
      201: ok(newKeySchema.extend({ replaced: z.number() }), "Created"),
    },
  },
} satisfies Record<string, Operation>;

export const COMMON_ERRORS: Record<number, string> = {
  400: "Malformed JSON or an invalid field (named in `error.field`)",
  401: "Missing or unknown API key or session",
  403: "The signed-in user's role may not do this, or an API key called a call keys may not make",
  404: "No such record for this site",
  409: "Conflicts with what exists",
  413: "The body is too large",
  415: "Wrong content type",
  422: "Breaks a business rule",
};
