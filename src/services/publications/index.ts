import { and, desc, eq, inArray, or, type SQL } from "drizzle-orm";
import { z } from "zod";
import { PRESETS } from "../../compositions/presets";
import type { PublishStatus } from "../../core/statuses";
import { schema } from "../../db";
import { leaseIsStale } from "../../db/lease";
import { sendJob } from "../../jobs/queues";
import { PLATFORMS, type PlatformId } from "../../platforms/limits";
import { services } from "../context";
import { conflict, notFound, unprocessable } from "../errors";
import { findOwned } from "../owned";
import { findProject } from "../projects";
import { findRender } from "../renders";
import { loadConfig } from "../../config";
import { renderTexts, requireModeration } from "../moderation";

const { publishedVideos, renderedVideos, videoProjects, socialAccounts } =
  schema;

export type PublishRequest = {
  renderedVideoId: number;
  socialAccountId: number;
  title?: string;
  description?: string;
  tags?: string[];
  privacy: "public" | "unlisted" | "private";
  /** When it goes out; absent: at once. */
  publishAt?: Date;
};

/** The render's own metadata (src/pipeline/metadata), where the job wrote it. */
const renderMetadataSchema = z
  .object({
    title: z.string(),
    description: z.string(),
    tags: z.array(z.string()),
  })
  .partial();

/** The platform's limits on what the post says. */
function checkLimits(
  platform: PlatformId,
  post: { title: string; description: string },
) {
  const limits = PLATFORMS[platform];
  if (limits.title && post.title.length > limits.title.max)
    throw unprocessable(
      "title_too_long",
      `${limits.label} takes titles of at most ${limits.title.max} characters`,
      "title",
    );
  if (
    limits.description?.unit === "bytes" &&
    Buffer.byteLength(post.description) > limits.description.max
  )
    throw unprocessable(
      "description_too_long",
      `${limits.label} takes descriptions of at most ${limits.description.max} bytes`,
      "description",
    );
  if (limits.caption && post.description.length > limits.caption.max)
    throw unprocessable(
      "description_too_long",
      `${limits.label} takes captions of at most ${limits.caption.max} characters`,
      "description",
    );
}

/**
 * Queues the post of an approved render to a connected account of the same site and platform,
 * once moderation passes the render and the post's text (again: the text is new).
 * One post per render and account: the unique index turns a second request into a 409.
 */
export async function publishRender(siteId: number, request: PublishRequest) {
  const render = await findRender(siteId, request.renderedVideoId);
  const { db } = (await services()).database;
  const account = await findOwned(
    db,
    socialAccounts,
    request.socialAccountId,
    [socialAccounts.siteId, siteId],
    "social account",
  );
  if (render.status !== "completed" || render.reviewStatus !== "approved")
    throw unprocessable(
      "render_not_approved",
      `Render ${render.id} is ${render.status === "completed" ? render.reviewStatus : render.status}: only an approved render is published`,
      "rendered_video_id",
    );
  if (render.scale < 1 || render.quality === "draft")
    throw unprocessable(
      "render_is_draft",
      render.quality === "draft"
        ? `Render ${render.id} is a draft (half size, fast encoder): render it at standard quality or better to publish`
        : `Render ${render.id} is a draft at ${Math.round(render.scale * 100)}% size: render it at full size to publish`,
      "rendered_video_id",
    );
  const platform = PRESETS[render.preset].platform;
  if (account.platform !== platform)
    throw unprocessable(
      "wrong_platform",
      `A ${render.preset} render goes to ${platform}, and account ${account.id} is on ${account.platform}`,
      "social_account_id",
    );
  if (account.status !== "connected")
    throw unprocessable(
      "account_not_connected",
      `Account ${account.id} must be reconnected before it can publish`,
      "social_account_id",
    );
  const [{ projectTitle }] = await db
    .select({ projectTitle: videoProjects.title })
    .from(videoProjects)
    .where(eq(videoProjects.id, render.projectId));
  const metadata = renderMetadataSchema.safeParse(render.metadata ?? {});
  const defaults = metadata.success ? metadata.data : {};
  const post = {
    title: request.title ?? defaults.title ?? projectTitle,
    description: request.description ?? defaults.description ?? "",
    tags: request.tags ?? defaults.tags ?? [],
  };
  checkLimits(platform, post);
  await requireModeration(db, loadConfig(), render, "publish", [
    ...(await renderTexts(db, render)),
    post.title,
    post.description,
    post.tags.join(" "),
  ]);
  const [created] = await db
    .insert(publishedVideos)
    .values({
      renderedVideoId: render.id,
      socialAccountId: account.id,
      platform,
      privacy: request.privacy,
      publishAt: request.publishAt ?? null,
      ...post,
    })
    .onConflictDoNothing()
    .returning();
  if (!created)
    throw conflict(
      "already_published",
      `Render ${render.id} is already published (or being published) to account ${account.id}`,
    );
  return queuePublish(created.id, created.publishAt);
}

/**
 * Sends the row's publish job, to start at the post's time, and records the job's id on it. A
 * job left from an earlier time finds the post not yet due (or already out) and does nothing.
 */
async function queuePublish(publishedVideoId: number, publishAt: Date | null) {
  const { database, queues } = await services();
  const jobId = await sendJob(
    "publish",
    { publishedVideoId },
    {
      singletonKey: `publish:${publishedVideoId}`,
      boss: await queues(),
      startAfter: publishAt && publishAt > new Date() ? publishAt : undefined,
    },
  );
  const [withJob] = await database.db
    .update(publishedVideos)
    .set({ jobId })
    .where(eq(publishedVideos.id, publishedVideoId))
    .returning();
  return { publication: withJob, jobId };
}

/** The publications of the site's projects that also meet `where`, newest first. */
async function sitePublications(siteId: number, where?: SQL) {
  const { db } = (await services()).database;
  const rows = await db
    .select({ publication: publishedVideos })
    .from(publishedVideos)
    .innerJoin(
      renderedVideos,
      eq(renderedVideos.id, publishedVideos.renderedVideoId),
    )
    .innerJoin(videoProjects, eq(videoProjects.id, renderedVideos.projectId))
    .where(and(eq(videoProjects.siteId, siteId), where))
    .orderBy(desc(publishedVideos.id));
  return rows.map((r) => r.publication);
}

/** The site's publications, newest first; only one project's, or in one status, when given. */
export async function publishHistory(
  siteId: number,
  filter: { projectId?: number; status?: PublishStatus } = {},
) {
  if (filter.projectId !== undefined)
    await findProject(siteId, filter.projectId);
  return sitePublications(
    siteId,
    and(
      filter.projectId === undefined
        ? undefined
        : eq(videoProjects.id, filter.projectId),
      filter.status === undefined
        ? undefined
        : eq(publishedVideos.status, filter.status),
    ),
  );
}

/** A post that has not started going out: its time can still change, or it can be called off. */
const notStarted = (publicationId: number) =>
  and(
    eq(publishedVideos.id, publicationId),
    eq(publishedVideos.status, "queued"),
    eq(publishedVideos.attempts, 0),
  );

async function notStartedConflict(siteId: number, publicationId: number) {
  const current = await findPublication(siteId, publicationId);
  return conflict(
    "already_started",
    `Published video ${publicationId} is ${current.status}${current.attempts ? ` after ${current.attempts} failed attempts` : ""}: only a post that has not started going out can be rescheduled or cancelled`,
  );
}

/** Moves a post that has not started going out to a new time (null: at once). */
export async function reschedulePublication(
  siteId: number,
  publicationId: number,
  publishAt: Date | null,
) {
  await findPublication(siteId, publicationId);
  const { db } = (await services()).database;
  const [moved] = await db
    .update(publishedVideos)
    .set({ publishAt })
    .where(notStarted(publicationId))
    .returning();
  if (!moved) throw await notStartedConflict(siteId, publicationId);
  return queuePublish(moved.id, moved.publishAt);
}

/** Calls off a post that has not started going out: it is `removed`, and its job does nothing. */
export async function cancelPublication(siteId: number, publicationId: number) {
  await findPublication(siteId, publicationId);
  const { db } = (await services()).database;
  const [cancelled] = await db
    .update(publishedVideos)
    .set({ status: "removed", error: "Cancelled before it went out." })
    .where(notStarted(publicationId))
    .returning();
  if (!cancelled) throw await notStartedConflict(siteId, publicationId);
  return cancelled;
}

/** The publication if it belongs to the site. */
export async function findPublication(siteId: number, publicationId: number) {
  const [found] = await sitePublications(
    siteId,
    eq(publishedVideos.id, publicationId),
  );
  if (!found) throw notFound("published video", publicationId);
  return found;
}

/** A worker's lease older than this is abandoned (the worker's default WORKER_STALE_SECONDS). */
const ABANDONED_AFTER_MS = 60_000;

/**
 * Queues a failed post again, one waiting for a review, or one whose worker stopped mid-upload
 * (its lease went stale), with the failure policy's count started afresh. The same row is
 * reused, with its saved upload state, so the upload resumes where it stopped and a video the
 * platform already has is never posted twice. A post that is queued, being uploaded by a live
 * worker, or published is a 409.
 */
export async function retryPublication(siteId: number, publicationId: number) {
  await findPublication(siteId, publicationId);
  const { db } = (await services()).database;
  const [reset] = await db
    .update(publishedVideos)
    .set({
      status: "queued",
      error: null,
      attempts: 0,
      retryAt: null,
      workerId: null,
      heartbeatAt: null,
    })
    .where(
      and(
        eq(publishedVideos.id, publicationId),
        or(
          inArray(publishedVideos.status, ["failed", "needs_review"]),
          and(
            eq(publishedVideos.status, "publishing"),
            leaseIsStale(publishedVideos.heartbeatAt, ABANDONED_AFTER_MS),
          ),
        ),
      ),
    )
    .returning();
  if (!reset) {
    const current = await findPublication(siteId, publicationId);
    throw conflict(
      "not_retryable",
      `Published video ${publicationId} is ${current.status}: only a failed, abandoned or reviewed post is tried again`,
    );
  }
  return queuePublish(reset.id, reset.publishAt);
}
