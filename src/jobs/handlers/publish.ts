import { and, eq, inArray } from "drizzle-orm";
import { publishedVideos } from "../../db/schema";
import { log } from "../../log";
import type { FailureUpdate } from "../../services/publications/failures";
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
    onFailure?: (error: unknown) => FailureUpdate;
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
      .set({ ...options.onFailure?.(error), workerId: null, heartbeatAt: null })
      .where(lease.ours());
    if (lease.lost.aborted) return { stopped: "cancelled or taken over" };
    throw error;
  }
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
    const permanent = isPermanentPublishFailure(error);
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
