import { z } from "zod";
import { PUBLISH_STATUSES } from "../../core/statuses";
import { PLATFORM_IDS, POST_TEXT_MAX } from "../../platforms/limits";
import { id, idText, items, ok, timestamp, V, type Operation } from "./shared";

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

const queuedPublication = z.object({
  publication: publicationSchema,
  job_id: z.string().nullable(),
});

const publishBody = z.object({
  rendered_video_id: id,
  social_account_id: id,
  title: z.string().trim().min(1).max(POST_TEXT_MAX.title).optional(),
  description: z.string().max(POST_TEXT_MAX.description).optional(),
  tags: z.array(z.string().trim().min(1).max(100)).max(50).optional(),
  privacy: z.enum(["public", "unlisted", "private"]).default("private"),
});

export const publishingOperations = {
  publish: {
    method: "POST",
    path: `${V}/publish/`,
    summary:
      "Publish an approved render to a connected account (once per render and account)",
    tag: "publishing",
    permission: "publish",
    body: publishBody,
    responses: { 202: ok(queuedPublication, "Queued") },
  },
  retryPublish: {
    method: "POST",
    path: `${V}/publish/{published_video_id}/retry/`,
    summary:
      "Try a failed or abandoned post again; the upload resumes from where it stopped",
    tag: "publishing",
    permission: "publish",
    params: z.object({ published_video_id: idText }),
    responses: { 202: ok(queuedPublication, "Queued again") },
  },
  publishHistory: {
    method: "GET",
    path: `${V}/publish/`,
    summary: "Publications of the site, or of one project",
    tag: "publishing",
    permission: "projects.read",
    query: z.object({ project_id: idText.optional() }),
    responses: { 200: ok(items(publicationSchema)) },
  },
} satisfies Record<string, Operation>;
