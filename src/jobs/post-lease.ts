import { and, eq, isNull, lte, or, sql } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import { publishedVideos, type PublishedVideo } from "../db/schema";
import type { JobContext } from "./context";
import { isClaimable } from "../db/lease";
import { Lease } from "./lease";

const dueBy = (column: AnyPgColumn) =>
  or(isNull(column), lte(column, sql`now()`));

/**
 * A worker's hold on one post while it uploads it, so a post is uploaded by one worker at a time:
 * a second attempt of the same job (pg-boss retries a job that outlives its expiry, even while the
 * first attempt still uploads) finds a live lease and backs off, and a worker that died mid-upload
 * leaves a lease that goes stale and is taken over; the taker resumes from `upload_state`.
 */
export class PostLease extends Lease {
  private constructor(
    context: JobContext,
    readonly row: PublishedVideo,
  ) {
    super(context, { publishedVideoId: row.id });
  }

  /**
   * Takes a queued post whose time has come (`publish_at`, and after a failure `retry_at`), or a
   * publishing one whose worker has gone quiet; null when the post is not yet due, published,
   * failed, removed or held by a live worker. The database's clock decides what is due.
   */
  static async claim(
    context: JobContext,
    publishedVideoId: number,
    jobId: string | null,
  ): Promise<PostLease | null> {
    const [row] = await context.database.db
      .update(publishedVideos)
      .set({
        status: "publishing",
        error: null,
        workerId: context.workerId,
        heartbeatAt: sql`now()`,
        ...(jobId ? { jobId } : {}),
      })
      .where(
        and(
          eq(publishedVideos.id, publishedVideoId),
          isClaimable(
            publishedVideos,
            "publishing",
            context.timing.staleAfterMs,
          ),
          // A waiting post is taken only once its time (and its retry's) has come.
          or(
            eq(publishedVideos.status, "publishing"),
            and(
              dueBy(publishedVideos.publishAt),
              dueBy(publishedVideos.retryAt),
            ),
          ),
        ),
      )
      .returning();
    return row ? new PostLease(context, row) : null;
  }

  protected heartbeat() {
    return this.write(async () => {
      const held = await this.context.database.db
        .update(publishedVideos)
        .set({ heartbeatAt: sql`now()` })
        .where(this.ours())
        .returning({ id: publishedVideos.id });
      return held.length > 0;
    });
  }

  /** The condition under which the post is still this worker's to write. */
  ours() {
    return and(
      eq(publishedVideos.id, this.row.id),
      eq(publishedVideos.workerId, this.context.workerId),
      eq(publishedVideos.status, "publishing"),
    );
  }
}
