import { eq } from "drizzle-orm";
import { publishedVideos, type PublishedVideo } from "../../db/schema";
import { sendJob } from "../../jobs/queues";
import { log } from "../../log";
import { PLATFORMS } from "../../platforms/limits";
import type { WorkContext } from "../context";
import { notifyAdmins } from "../notifications";
import {
  describePublishFailure,
  isPermanentPublishFailure,
  loadPost,
} from "./post";

/** Admins hear of a post that keeps failing after this many failed attempts (seed 001). */
const NOTIFY_AFTER_FAILURES = 3;

/** What a failed attempt writes to its post (besides giving up its lease). */
export type FailureUpdate = Partial<
  Pick<
    typeof publishedVideos.$inferInsert,
    "status" | "error" | "attempts" | "retryAt"
  >
>;

export type FailureDecision = {
  update: FailureUpdate;
  /** The next attempt is due this many seconds from now; null: no more attempts. */
  retryInSeconds: number | null;
  notify: "publish.failing" | "publish.needs_review" | null;
};

/**
 * The failure policy of seed 001: a transient failure is tried again after each of `delays` in
 * turn (1 h, 4 h, 24 h by default); when the last retry fails too, the post waits for a person
 * (`needs_review`). Admins are told after the third failure and when the post needs review. A
 * failure no retry can fix (refused by the platform, account to reconnect) ends it `failed` at
 * once, as the marketer must act first.
 */
export function decideFailure(
  row: Pick<PublishedVideo, "attempts">,
  error: unknown,
  delays: readonly number[],
  now = new Date(),
): FailureDecision {
  const message = describePublishFailure(error);
  if (isPermanentPublishFailure(error))
    return {
      update: { status: "failed", error: message, retryAt: null },
      retryInSeconds: null,
      notify: null,
    };
  const failures = row.attempts + 1;
  const delay = delays[failures - 1];
  if (delay === undefined)
    return {
      update: {
        status: "needs_review",
        attempts: failures,
        retryAt: null,
        error: `${failures} attempts failed; the post waits for a review (publish it again or remove it). Last failure: ${message}`,
      },
      retryInSeconds: null,
      notify: "publish.needs_review",
    };
  const retryAt = new Date(now.getTime() + delay * 1000);
  return {
    update: {
      status: "queued",
      attempts: failures,
      retryAt,
      error: `Attempt ${failures} failed: ${message} Next try at ${retryAt.toISOString()}.`,
    },
    retryInSeconds: delay,
    notify: failures === NOTIFY_AFTER_FAILURES ? "publish.failing" : null,
  };
}

/** Queues the next attempt the decision asks for and tells the admins when it says so. */
export async function followFailure(
  context: WorkContext,
  publishedVideoId: number,
  decision: FailureDecision,
) {
  const { db } = context.database;
  if (decision.retryInSeconds !== null) {
    const jobId = await sendJob(
      "publish",
      { publishedVideoId },
      { boss: context.boss, startAfter: decision.retryInSeconds },
    );
    await db
      .update(publishedVideos)
      .set({ jobId })
      .where(eq(publishedVideos.id, publishedVideoId));
  }
  if (!decision.notify) return;
  const post = await loadPost(context, publishedVideoId);
  if (!post) return;
  const title = post.row.title.slice(0, 120);
  const platform = PLATFORMS[post.row.platform].label;
  await notifyAdmins(
    db,
    post.project.siteId,
    {
      kind: decision.notify,
      title:
        decision.notify === "publish.needs_review"
          ? `"${title}" needs a review before it goes out on ${platform}`
          : `"${title}" failed ${decision.update.attempts} times on ${platform}`,
      body: (decision.update.error ?? "").slice(0, 2000),
      link: `/projects/${post.project.id}/publish`,
    },
    { boss: context.boss },
  );
  log.warn(
    { publishedVideoId, kind: decision.notify },
    "publishing keeps failing: admins told",
  );
}
