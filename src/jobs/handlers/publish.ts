import { and, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import type { PresetId } from "../../compositions/presets";
import {
  publishedVideos,
  renderedVideos,
  sites,
  socialAccounts,
  videoProjects,
} from "../../db/schema";
import { log, redactSecrets } from "../../log";
import {
  PlatformApiError,
  platformAdapter,
  PublishRefusedError,
  QuotaExceededError,
  ReconnectRequiredError,
  type PublishOutcome,
} from "../../platforms";
import { PLATFORMS } from "../../platforms/limits";
import { accountAccess } from "../../services/social-accounts";
import { cleanupAfterPublish } from "../../services/cleanup";
import { PostLease } from "../post-lease";
import type { JobContext, JobHandler } from "../context";
import { PermanentJobError } from "../../services/errors";

/** Who a YouTube video is for, from the project's settings, else the site's. */
const youtubeAudienceSchema = z.looseObject({
  madeForKids: z.boolean().optional(),
  containsSyntheticMedia: z.boolean().optional(),
});

const privacySchema = z.enum(["public", "unlisted", "private"]);

const accountDetailsSchema = z.looseObject({ username: z.string().optional() });

export type PublishProgress = (sentBytes: number, totalBytes: number) => void;

type Post = NonNullable<Awaited<ReturnType<typeof loadPost>>>;

/** A post's row with what publishing it needs: the render, project, site and account. */
async function loadPost(context: JobContext, publishedVideoId: number) {
  const [post] = await context.database.db
    .select({
      row: publishedVideos,
      render: renderedVideos,
      project: videoProjects,
      siteSettings: sites.settings,
      accountDetails: socialAccounts.details,
    })
    .from(publishedVideos)
    .innerJoin(
      renderedVideos,
      eq(renderedVideos.id, publishedVideos.renderedVideoId),
    )
    .innerJoin(videoProjects, eq(videoProjects.id, renderedVideos.projectId))
    .innerJoin(sites, eq(sites.id, videoProjects.siteId))
    .innerJoin(
      socialAccounts,
      eq(socialAccounts.id, publishedVideos.socialAccountId),
    )
    .where(eq(publishedVideos.id, publishedVideoId));
  return post;
}

/** Another attempt holds a live lease on the post: this one backs off and touches nothing. */
export class PostBusyError extends Error {
  constructor(publishedVideoId: number) {
    super(`Post ${publishedVideoId} is being uploaded by another attempt`);
    this.name = "PostBusyError";
  }
}

/** What a failed attempt writes to its post (besides giving up its lease). */
export type FailureUpdate = Partial<
  Pick<typeof publishedVideos.$inferInsert, "status" | "error">
>;

/**
 * Publishes one post, exactly once: a `published` row returns at once; otherwise the post is
 * claimed with a lease (a second attempt finds it held and gets `PostBusyError`; a dead worker's
 * stale lease is taken over), and every step the publisher reaches is saved in `upload_state`
 * before the next, so whoever takes the post over resumes it. Losing the lease (the project was
 * deleted, the post taken over) aborts the upload. On failure the lease is given up, with what
 * `onFailure` says to write.
 */
export async function publishPost(
  context: JobContext,
  publishedVideoId: number,
  options: {
    onProgress?: PublishProgress;
    jobId?: string;
    onFailure?: (error: unknown) => FailureUpdate;
  } = {},
) {
  const { db } = context.database;
  const post = await loadPost(context, publishedVideoId);
  if (!post)
    throw new PermanentJobError(`Post ${publishedVideoId} no longer exists`);
  if (post.row.status === "published")
    return { publishedUrl: post.row.publishedUrl, alreadyPublished: true };
  if (post.row.status === "removed")
    throw new PermanentJobError("The post was removed before it went out.");
  if (post.render.status !== "completed" || !post.render.filePath)
    throw new PermanentJobError(
      "The video to publish is not finished (or was removed): render it again, then publish.",
    );
  const lease = await PostLease.claim(
    context,
    publishedVideoId,
    options.jobId ?? null,
  );
  if (!lease) {
    const now = await loadPost(context, publishedVideoId);
    if (now?.row.status === "published")
      return { publishedUrl: now.row.publishedUrl, alreadyPublished: true };
    if (now?.row.status === "publishing")
      throw new PostBusyError(publishedVideoId);
    // Failed or removed meanwhile: a retry is asked for through retryPost, which queues it anew.
    return { skipped: now?.row.status ?? "deleted" };
  }
  lease.start();
  const stop = AbortSignal.any([context.shutdown, lease.lost]);
  try {
    const access = await accountAccess(
      db,
      post.row.socialAccountId,
      context.config,
    );
    const saveState = async (state: object) => {
      const held = await db
        .update(publishedVideos)
        .set({ uploadState: { ...state } })
        .where(lease.ours())
        .returning({ id: publishedVideos.id });
      if (!held.length) throw new Error("The post was taken away");
    };
    const outcome = await upload(
      context,
      { ...post, row: lease.row },
      access,
      saveState,
      stop,
      options.onProgress,
    );
    await lease.end();
    const [published] = await db
      .update(publishedVideos)
      .set({
        status: "published",
        platformVideoId: outcome.platformVideoId,
        publishedUrl: outcome.url,
        publishedAt: new Date(),
        error: outcome.note,
        workerId: null,
        heartbeatAt: null,
      })
      .where(lease.ours())
      .returning({ id: publishedVideos.id });
    if (!published) return { skipped: "taken away" };
    await db
      .update(videoProjects)
      .set({ status: "published" })
      .where(eq(videoProjects.id, post.project.id));
    log.info(
      { publishedVideoId, platform: post.row.platform, url: outcome.url },
      "post published",
    );
    await cleanupAfterPublish(
      context.database,
      { storage: context.storage, media: context.tools.store },
      post.render.id,
      context.timing,
    ).catch((error) =>
      // The post is live; leftover files only cost disk space.
      log.warn(
        { err: error, publishedVideoId },
        "cleanup after publishing failed",
      ),
    );
    return {
      publishedUrl: outcome.url,
      platformVideoId: outcome.platformVideoId,
    };
  } catch (error) {
    await lease.end();
    await db
      .update(publishedVideos)
      .set({
        ...options.onFailure?.(error),
        workerId: null,
        heartbeatAt: null,
      })
      .where(lease.ours());
    if (lease.lost.aborted) return { stopped: "cancelled or taken over" };
    throw error;
  }
}

async function upload(
  context: JobContext,
  post: Post,
  access: Awaited<ReturnType<typeof accountAccess>>,
  saveState: (state: object) => Promise<void>,
  signal: AbortSignal,
  onProgress?: PublishProgress,
): Promise<PublishOutcome> {
  const { row, render, project } = post;
  const { storage } = context;
  return platformAdapter(row.platform).publish({
    file: await storage.localCopy(render.filePath!),
    preset: render.preset as PresetId,
    title: row.title,
    description: row.description,
    tags: row.tags,
    privacy: privacySchema.catch("private").parse(row.privacy),
    thumbnailFile: render.thumbnailPath
      ? await storage.localCopy(render.thumbnailPath)
      : undefined,
    srtFile: render.srtPath
      ? await storage.localCopy(render.srtPath)
      : undefined,
    audience: {
      ...youtubeAudienceSchema.catch({}).parse(post.siteSettings ?? {}),
      ...youtubeAudienceSchema.catch({}).parse(project.settings ?? {}),
    },
    account: {
      externalId: access.account.externalId,
      username:
        accountDetailsSchema.catch({}).parse(post.accountDetails).username ??
        null,
    },
    config: context.config,
    accessToken: access.accessToken,
    state: row.uploadState,
    saveState,
    onProgress,
    signal,
  });
}

/** The reason a post failed, in the words a marketer reads, with no token or code in it. */
export function describePublishFailure(error: unknown): string {
  return redactSecrets(failureReason(error));
}

function failureReason(error: unknown): string {
  if (error instanceof PublishRefusedError)
    return `${PLATFORMS[error.platform].label} would not take this video: ${error.reasons.join("; ")}.`;
  if (error instanceof ReconnectRequiredError)
    return `The ${PLATFORMS[error.platform].label} account needs to be connected again (its sign-in no longer works). Reconnect it under Accounts, then publish again.`;
  if (error instanceof QuotaExceededError)
    return `${PLATFORMS[error.platform].label}'s daily upload limit for this account is used up. Publish again tomorrow.`;
  if (error instanceof PlatformApiError)
    return `${PLATFORMS[error.platform].label} refused the upload: ${error.message}`;
  const message = error instanceof Error ? error.message : String(error);
  return `The video could not be published: ${message}`;
}

/** Whether another attempt can help: only transient platform and network failures. */
function isPermanent(error: unknown) {
  return (
    error instanceof PermanentJobError ||
    error instanceof PublishRefusedError ||
    error instanceof ReconnectRequiredError ||
    (error instanceof PlatformApiError && !error.retryable)
  );
}

/**
 * The `publish` queue. A failure no retry can fix ends the post `failed` at once; a transient one
 * is rethrown for the queue to retry (the saved upload state makes the retry resume), and the
 * post is `failed` after the last attempt. An attempt that finds the post held by a live lease
 * (pg-boss retried a job past its expiry while the first attempt still uploads) touches nothing
 * and is retried later, when it finds the post published, or abandoned and free to take over.
 */
export const publishHandler: JobHandler<"publish"> = async (
  { publishedVideoId },
  job,
  context,
) => {
  const attempt = job.retryCount + 1;
  const failure = (error: unknown) => {
    const permanent = isPermanent(error);
    const last = permanent || job.retryCount >= job.retryLimit;
    return { permanent, last, message: describePublishFailure(error) };
  };
  try {
    return await publishPost(context, publishedVideoId, {
      jobId: job.id,
      onProgress: (sent, total) =>
        log.debug({ publishedVideoId, sent, total }, "upload progress"),
      onFailure: (error) => {
        const { last, message } = failure(error);
        return last
          ? { status: "failed", error: message }
          : {
              status: "queued",
              error: `Attempt ${attempt} of ${job.retryLimit + 1} failed: ${message} Trying again.`,
            };
      },
    });
  } catch (error) {
    if (error instanceof PostBusyError) {
      log.info({ publishedVideoId, attempt }, "post held by another attempt");
      if (job.retryCount < job.retryLimit) throw error;
      return { busy: true };
    }
    const { permanent, last, message } = failure(error);
    log.warn(
      { err: error, publishedVideoId, attempt, last },
      "publishing failed",
    );
    if (!permanent) throw error;
    // Failures before the post was claimed (no post, not finished) are written here.
    await context.database.db
      .update(publishedVideos)
      .set({ status: "failed", error: message })
      .where(
        and(
          eq(publishedVideos.id, publishedVideoId),
          inArray(publishedVideos.status, ["queued", "failed"]),
        ),
      );
    return { failed: message };
  }
};
