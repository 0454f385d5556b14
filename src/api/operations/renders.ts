import { z } from "zod";
import { RENDER_QUALITY_IDS } from "../../core/render-quality";
import {
  PIECE_STATUSES,
  RENDER_STATUSES,
  REVIEW_STATUSES,
} from "../../core/statuses";
import {
  idParams,
  idText,
  items,
  ok,
  preset,
  projectParams,
  timestamp,
  V,
  storedFileAnswers,
  resource,
  presetList,
  projectJobBody,
} from "./shared";

export const FILE_KINDS = [
  "video",
  "srt",
  "vtt",
  "thumbnail",
  "props",
] as const;
export type FileKind = (typeof FILE_KINDS)[number];

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
    .partialRecord(z.enum(FILE_KINDS), z.string())
    .meta({ description: "Download URL of each file that exists, by kind" }),
  created_at: timestamp,
  updated_at: timestamp,
});

export const renderStatusSchema = z.object({
  id: z.number(),
  status: z.enum(RENDER_STATUSES),
  progress: z.number().meta({ description: "0..1" }),
  stage: z.string().nullable(),
  eta_ms: z.number().nullable(),
  error: z.string().nullable(),
  pieces: z
    .array(
      z.object({
        index: z.number(),
        frames: z
          .tuple([z.number(), z.number()])
          .meta({ description: "First and last frame, inclusive" }),
        status: z.enum(PIECE_STATUSES),
        worker: z.string().nullable().meta({
          description: "host:pid of the worker rendering or having rendered it",
        }),
      }),
    )
    .meta({
      description:
        "A fleet render's frame-range pieces (RENDER_BACKEND=fleet); empty for a render made in one worker",
    }),
});

const renderBody = projectJobBody.extend({
  presets: presetList,
  scale: z.number().min(0.1).max(1).default(1),
  /**
   * draft: half size, fast encoder; premium: higher bitrate, slower encoder. By default the
   * project's `settings.quality`, else standard.
   */
  quality: z.enum(RENDER_QUALITY_IDS).optional(),
});

const reviewBody = z.object({
  decision: z.enum(["approve", "reject"]),
  comment: z.string().trim().max(2000).optional(),
});

export const renderOperations = resource(
  { tag: "renders" },
  {
    render: {
      method: "POST",
      path: `${V}/render/`,
      summary:
        "Render the project's latest script in each preset; an identical render already queued or done is reused",
      permission: "renders.create",
      body: renderBody,
      responses: {
        202: ok(
          z.object({
            renders: z.array(
              z.object({
                id: z.number(),
                preset,
                status: z.enum(RENDER_STATUSES),
                quality: z.enum(RENDER_QUALITY_IDS),
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
      permission: "projects.read",
      params: idParams,
      responses: { 200: ok(renderStatusSchema) },
    },
    listRendered: {
      method: "GET",
      path: `${V}/rendered/{project_id}/`,
      summary: "The project's renders, newest first",
      permission: "projects.read",
      params: projectParams,
      folderParams: { id: "project_id" },
      responses: { 200: ok(items(renderSchema)) },
    },
    reviewRendered: {
      method: "POST",
      path: `${V}/rendered/{id}/review/`,
      summary: "Approve or reject a finished render",
      permission: "renders.review",
      params: idParams,
      body: reviewBody,
      responses: { 200: ok(renderSchema) },
    },
    downloadFile: {
      method: "GET",
      path: `${V}/rendered/{id}/files/{kind}`,
      summary:
        "A render's file; honours Range (with S3 storage, a redirect to the object store)",
      permission: "projects.read",
      params: z.object({ id: idText, kind: z.enum(FILE_KINDS) }),
      responses: storedFileAnswers("The whole file"),
    },
  },
);
