import { and, eq, inArray } from "drizzle-orm";
import { publishedVideos, type PublishedVideo } from "../../db/schema";
import { log } from "../../log";
import {
  decideFailure,
  followFailure,
  type FailureDecision,
  type FailureUpdate,
} from "../../services/publications/failures";
import {
  describePublishFailure,
  isPermanentPublishFailure,
  loadPost,
  postToPublish,
  uploadHeldPost,
  type PublishProgress,
} from "../../services/publications/post";
import { PostLease } from "../post-lease";
import type { JobContext, JobHandler } from "../context";

/** Another attempt holds a live lease on the post: this one backs off and touches nothing. */
export class PostBusyError extends Error {
  constructor(publishedVideoId: number) {
    super(`Post ${publishedVideoId} is being uploaded by another attempt`);
    this.name = "PostBusyError";
  }
}

/**
 * Publishes one post, exactly once: a `published` row returns at once; otherwise the post is
 * claimed with a lease (a second attempt finds it held and gets `PostBusyError`; a dead worker's
 * stale lease is taken over) and uploaded (src/services/publications/post.ts). Losing the lease
 * (the project was deleted, the post taken over) aborts the upload. On failure the lease is given
 * up, with what `onFailure` says to write.
 */
export async function publishPost(
  context: JobContext,
  publishedVideoId: number,
  options: {
    onProgress?: PublishProgress;
    jobId?: string;
    onFailure?: (error: unknown, row: PublishedVideo) => FailureUpdate;
  } = {},
) {
  const { post, done } = await postToPublish(context, publishedVideoId);
  if (done) return done;
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
    if (now?.row.status === "queued")
      return { notDue: now.row.retryAt ?? now.row.publishAt };
    // Failed or removed meanwhile: a retry is asked for through retryPost, which queues it anew.
    return { skipped: now?.row.status ?? "deleted" };
  }
  lease.start();
  const stop = AbortSignal.any([context.shutdown, lease.lost]);
  try {
    return await uploadHeldPost(context, post, lease, stop, options.onProgress);
  } catch (error) {
    await lease.end();
    await context.database.db
      .update(publishedVideos)
      .set({
        ...options.onFailure?.(error, lease.row),
        workerId: null,
        heartbeatAt: null,
      })
      .where(lease.ours());
    if (lease.lost.aborted) return { stopped: "cancelled or taken over" };
    throw error;
  }
}

/**
 * The `publish` queue. A failed attempt follows the failure policy (src/services/publications/
 * failures.ts): the next attempt is queued after its delay, or the post ends `failed` or
 * `needs_review`, and admins are told when the policy says so. An attempt that finds the post
 * held by a live lease (pg-boss retried a job past its expiry while the first attempt still
 * uploads) touches nothing and is retried by the queue; one that comes before the post's time
 * (a job left from before a reschedule) does nothing.
 */
export const publishHandler: JobHandler<"publish"> = async (
  { publishedVideoId },
  job,
  context,
) => {
  // Set by the failed attempt, under the lease; followed once the lease is given up.
  let decision = null as FailureDecision | null;
  try {
    return await publishPost(context, publishedVideoId, {
      jobId: job.id,
      onProgress: (sent, total) =>
        log.debug({ publishedVideoId, sent, total }, "upload progress"),
      onFailure: (error, row) => {
        decision = decideFailure(
          row,
          error,
          context.config.PUBLISH_RETRY_DELAYS_SECONDS,
        );
        return decision.update;
      },
    });
  } catch (error) {
    if (error instanceof PostBusyError) {
      log.info({ publishedVideoId }, "post held by another attempt");
      if (job.retryCount < job.retryLimit) throw error;
      return { busy: true };
    }
    log.warn({ err: error, publishedVideoId }, "publishing failed");
    if (decision) {
      await followFailure(context, publishedVideoId, decision);
      return { failed: decision.update.error, status: decision.update.status };
    }
    // Failures before the post was claimed: the permanent ones (no post, not finished) are
    // written here; anything else is the queue's to retry.
    if (!isPermanentPublishFailure(error)) throw error;
    const message = describePublishFailure(error);
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
