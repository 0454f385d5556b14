import { z } from "zod";
import { PUBLISH_STATUSES } from "../../core/statuses";
import { PLATFORM_IDS, POST_TEXT_MAX } from "../../platforms/limits";
import { id, idText, items, ok, timestamp, V, resource } from "./shared";

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
  publish_at: timestamp.nullable(),
  retry_at: timestamp.nullable(),
  attempts: z.number(),
  created_at: timestamp,
});

const YEAR_MS = 366 * 24 * 3600 * 1000;

/** When a post is to go out: an ISO 8601 time with its offset, in the future, within a year. */
export const publishAtSchema = z.iso
  .datetime({ offset: true })
  .max(40)
  .transform((value) => new Date(value))
  .refine((at) => at.getTime() > Date.now(), "must be in the future")
  .refine(
    (at) => at.getTime() <= Date.now() + YEAR_MS,
    "must be at most a year ahead",
  );

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
  publish_at: publishAtSchema.optional(),
});

const onePost = z.object({ published_video_id: idText });

export const publishingOperations = resource(
  { tag: "publishing", permission: "publish" },
  {
    publish: {
      method: "POST",
      path: `${V}/publish/`,
      summary:
        "Publish an approved render to a connected account (once per render and account)",
      body: publishBody,
      responses: { 202: ok(queuedPublication, "Queued") },
    },
    retryPublish: {
      params: onePost,
      method: "POST",
      path: `${V}/publish/{published_video_id}/retry/`,
      summary:
        "Try a failed or abandoned post again; the upload resumes from where it stopped",
      responses: { 202: ok(queuedPublication, "Queued again") },
    },
    reschedulePublish: {
      params: onePost,
      method: "PUT",
      path: `${V}/publish/{published_video_id}/`,
      summary:
        "Move a post that has not started going out to another time (`publish_at` null: at once)",
      body: z.object({ publish_at: publishAtSchema.nullable() }),
      responses: { 202: ok(queuedPublication, "Queued for the new time") },
    },
    cancelPublish: {
      params: onePost,
      method: "DELETE",
      path: `${V}/publish/{published_video_id}/`,
      summary:
        "Call off a post that has not started going out (it becomes `removed`)",
      responses: { 200: ok(publicationSchema, "Cancelled") },
    },
    publishHistory: {
      method: "GET",
      path: `${V}/publish/`,
      summary:
        "Publications of the site, or of one project, or in one status (`needs_review`: the manual-review queue)",
      permission: "projects.read",
      query: z.object({
        project_id: idText.optional(),
        status: z.enum(PUBLISH_STATUSES).optional(),
      }),
      responses: { 200: ok(items(publicationSchema)) },
    },
  },
);
