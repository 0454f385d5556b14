import { z } from "zod";
import {
  CLIP_FILE_KINDS,
  CLIP_LIMITS,
  CLIP_PRESETS,
  CLIP_STAGES,
  CLIP_UPLOAD_TYPES,
  clipRangeProblem,
} from "../../core/clips";
import { CLIP_SOURCE_STATUSES, RENDER_STATUSES } from "../../core/statuses";
import { MAX_CLIP_SOURCE_BYTES } from "../../core/uploads";
import {
  idParams,
  idText,
  items,
  ok,
  preset,
  timestamp,
  V,
  type Operation,
  storedFileAnswers,
} from "./shared";

const { count, seconds } = CLIP_LIMITS;

/** What to cut and how: shared by the JSON body and the upload's query string. */
const clipRequestFields = {
  count: z.coerce.number().int().min(count.min).max(count.max).default(3),
  min: z.coerce.number().min(seconds.min).max(seconds.max).default(15),
  max: z.coerce.number().min(seconds.min).max(seconds.max).default(60),
  preset: z
    .enum(CLIP_PRESETS, {
      error: `choose a vertical preset: ${CLIP_PRESETS.join(", ")}`,
    })
    .default("tiktok"),
  /** Output size relative to the preset (drafts). */
  scale: z.coerce.number().min(0.1).max(1).default(1),
};

const withRange = <
  T extends z.ZodType<{
    min: number;
    max: number;
    preset: (typeof CLIP_PRESETS)[number];
  }>,
>(
  schema: T,
) =>
  schema.superRefine((request, ctx) => {
    const problem = clipRangeProblem(request.min, request.max, request.preset);
    if (problem)
      ctx.addIssue({
        code: "custom",
        message: problem.message,
        path: [problem.field],
      });
  });

export const clipUrlBody = withRange(
  z.object({
    source_url: z.url({ protocol: /^https?$/ }).max(2048),
    ...clipRequestFields,
  }),
);

export const clipUploadQuery = withRange(
  z.object({
    file_name: z.string().trim().min(1).max(255).default("upload.mp4"),
    ...clipRequestFields,
  }),
);

export { CLIP_UPLOAD_TYPES, MAX_CLIP_SOURCE_BYTES };

const stageSchema = z.object({
  status: z.enum(["pending", "running", "done", "failed"]),
  progress: z.number().meta({ description: "0..1" }),
});

export const clipSchema = z.object({
  id: z.number(),
  source_id: z.number(),
  number: z.number().meta({ description: "1 is the best-scoring" }),
  status: z.enum(RENDER_STATUSES),
  stage: z.string().nullable(),
  progress: z
    .number()
    .meta({ description: "0..1 over reframing (a fifth) and rendering" }),
  start_ms: z.number(),
  end_ms: z.number(),
  first_word: z.number(),
  last_word: z.number(),
  score: z.number(),
  components: z.record(
    z.string(),
    z.object({ raw: z.number(), scaled: z.number(), weight: z.number() }),
  ),
  reason: z.string().nullable(),
  title: z.string().nullable(),
  description: z.string().nullable(),
  hashtags: z.array(z.string()).nullable(),
  duration_ms: z.number().nullable(),
  file_size: z.number().nullable(),
  error: z.string().nullable(),
  project_id: z.number().nullable(),
  files: z
    .partialRecord(z.enum(CLIP_FILE_KINDS), z.string())
    .meta({ description: "Download URL of each file, once rendered" }),
  updated_at: timestamp,
});

export const clipSourceSchema = z.object({
  id: z.number(),
  origin: z.string(),
  preset,
  count: z.number(),
  min_ms: z.number(),
  max_ms: z.number(),
  scale: z.number(),
  status: z.enum(CLIP_SOURCE_STATUSES),
  stages: z.record(z.enum(CLIP_STAGES), stageSchema),
  width: z.number().nullable(),
  height: z.number().nullable(),
  duration_ms: z.number().nullable(),
  transcriber: z.string().nullable(),
  selector: z.string().nullable(),
  warnings: z.array(z.string()),
  error: z.string().nullable(),
  created_at: timestamp,
  updated_at: timestamp,
  clips: z.array(clipSchema),
});

export const clipTranscriptSchema = z.object({
  provider: z.string(),
  duration_ms: z.number(),
  words: z.array(
    z.object({ text: z.string(), start_ms: z.number(), end_ms: z.number() }),
  ),
  sentences: z.array(
    z.object({
      first_word: z.number(),
      last_word: z.number(),
      start_ms: z.number(),
      end_ms: z.number(),
    }),
  ),
});

const clipParams = z.object({ id: idText, clip_id: idText });

export const adjustClipBody = z
  .object({
    first_word: z.number().int().min(0).max(1_000_000),
    last_word: z.number().int().min(0).max(1_000_000),
  })
  .refine((b) => b.last_word >= b.first_word, {
    message: "must not come before first_word",
    path: ["last_word"],
  });

export const clipOperations = {
  createClips: {
    method: "POST",
    path: `${V}/clips/`,
    summary:
      "Cut a long video into short vertical clips: JSON naming an http(s) `source_url` (fetched through the outbound guard), or the video itself as the body (its fields in the query string)",
    tag: "clips",
    permission: "renders.create",
    otherBodies: {
      "application/json": clipUrlBody,
      "video/mp4": z
        .string()
        .max(MAX_CLIP_SOURCE_BYTES)
        .meta({ format: "binary" }),
    },
    responses: {
      202: ok(
        z.object({ source: clipSourceSchema, job_id: z.string().nullable() }),
        "Queued",
      ),
    },
  },
  listClipSources: {
    method: "GET",
    path: `${V}/clips/`,
    summary: "The site's clip sources, newest first, with their clips",
    tag: "clips",
    permission: "projects.read",
    query: z.object({
      limit: z.coerce.number().int().min(1).max(100).default(20),
    }),
    responses: { 200: ok(items(clipSourceSchema)) },
  },
  getClipSource: {
    method: "GET",
    path: `${V}/clips/{id}/`,
    summary: "A clip source with its clips",
    tag: "clips",
    permission: "projects.read",
    params: idParams,
    responses: { 200: ok(clipSourceSchema) },
  },
  clipSourceStatus: {
    method: "GET",
    path: `${V}/clips/{id}/status/`,
    summary:
      "Where a clip source is: its status and each stage's progress (transcribe, select, reframe, render)",
    tag: "clips",
    permission: "projects.read",
    params: idParams,
    responses: {
      200: ok(
        clipSourceSchema.pick({
          id: true,
          status: true,
          stages: true,
          error: true,
        }),
      ),
    },
  },
  deleteClipSource: {
    method: "DELETE",
    path: `${V}/clips/{id}/`,
    summary: "Remove a clip source, its clips and all their files",
    tag: "clips",
    permission: "projects.write",
    params: idParams,
    responses: { 204: { description: "Removed" } },
  },
  clipTranscript: {
    method: "GET",
    path: `${V}/clips/{id}/transcript/`,
    summary: "The source's words with their times, and its sentences",
    tag: "clips",
    permission: "projects.read",
    params: idParams,
    responses: { 200: ok(clipTranscriptSchema) },
  },
  adjustClip: {
    method: "PUT",
    path: `${V}/clips/{id}/clips/{clip_id}/`,
    summary:
      "Move a clip to start and end on words of the transcript, and render it again",
    tag: "clips",
    permission: "renders.create",
    params: clipParams,
    body: adjustClipBody,
    responses: { 202: ok(clipSchema, "Queued to render again") },
  },
  sendClipOn: {
    method: "POST",
    path: `${V}/clips/{id}/clips/{clip_id}/send/`,
    summary:
      "Turn a rendered clip into a project with a render waiting for review, to approve and publish like any video",
    tag: "clips",
    permission: "projects.write",
    params: clipParams,
    responses: {
      201: ok(
        z.object({ project_id: z.number(), render_id: z.number() }),
        "Sent on",
      ),
    },
  },
  clipFile: {
    method: "GET",
    path: `${V}/clips/{id}/clips/{clip_id}/files/{kind}`,
    summary: "A clip's file; honours Range",
    tag: "clips",
    permission: "projects.read",
    params: clipParams.extend({ kind: z.enum(CLIP_FILE_KINDS) }),
    responses: storedFileAnswers("The whole file"),
  },
} satisfies Record<string, Operation>;
