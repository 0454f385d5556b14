import { and, eq, sql, type SQL } from "drizzle-orm";
import type { PgUpdateSetSource } from "drizzle-orm/pg-core";
import { renderedVideos, type RenderedVideo } from "../db/schema";
import type { JobContext } from "./context";
import { isClaimable } from "../db/lease";
import { Lease } from "./lease";
import { makeCancelSignal, type CancelSignal } from "@remotion/renderer";
import { updateProjectRenderProgress } from "../services/renders/lifecycle";
import { heldByFleet } from "../services/renders/pieces";

/**
 * A worker's hold on one render row while it renders it. Claiming sets the row to `rendering`
 * with this worker's id; from then on the lease writes the progress (at most every
 * `progressIntervalMs`) with the heartbeat (at least every `heartbeatMs`). A write that finds the
 * row no longer this worker's — cancelled, or handed to another worker after this one went quiet —
 * aborts `lost`, and the render stops.
 */
export class RenderLease extends Lease {
  private state: { stage: string; progress: number; etaMs: number | null };

  private constructor(
    context: JobContext,
    readonly row: RenderedVideo,
  ) {
    super(context, { renderedVideoId: row.id });
    this.state = {
      stage: row.stage ?? "preparing",
      progress: row.progress,
      etaMs: null,
    };
  }

  /**
   * Takes a queued row, or a rendering one whose worker has gone quiet; or else a fleet render
   * whose pieces are all done, to join them (the job the last piece sent), keeping its attempt
   * and progress. Null when the row is finished, cancelled, failed or held by a live worker.
   */
  static async claim(
    context: JobContext,
    renderedVideoId: number,
    jobId: string,
  ): Promise<RenderLease | null> {
    const fresh = await RenderLease.take(
      context,
      {
        status: "rendering",
        stage: "preparing",
        progress: 0,
        etaMs: null,
        error: null,
        workerId: context.workerId,
        heartbeatAt: sql`now()`,
        jobId,
        attempts: sql`${renderedVideos.attempts} + 1`,
        renderStartedAt: sql`now()`,
      },
      and(
        eq(renderedVideos.id, renderedVideoId),
        isClaimable(renderedVideos, "rendering", context.timing.staleAfterMs),
      ),
    );
    return (
      fresh ??
      RenderLease.take(
        context,
        { workerId: context.workerId, heartbeatAt: sql`now()`, jobId },
        and(heldByFleet(renderedVideoId), eq(renderedVideos.stage, "joining")),
      )
    );
  }

  private static async take(
    context: JobContext,
    values: PgUpdateSetSource<typeof renderedVideos>,
    where: SQL | undefined,
  ) {
    const [row] = await context.database.db
      .update(renderedVideos)
      .set(values)
      .where(where)
      .returning();
    return row ? new RenderLease(context, row) : null;
  }

  /** Records where the render is; written now if the last write is old enough. */
  report(stage: string, progress: number, etaMs: number | null = null) {
    const stageChanged = stage !== this.state.stage;
    this.state = { stage, progress, etaMs };
    if (
      stageChanged ||
      Date.now() - this.lastWrite >= this.context.timing.progressIntervalMs
    )
      void this.heartbeat();
  }

  protected heartbeat() {
    const state = { ...this.state };
    return this.write(async () => {
      const held = await this.context.database.db
        .update(renderedVideos)
        .set({
          stage: state.stage,
          progress: state.progress,
          etaMs: state.etaMs === null ? null : Math.round(state.etaMs),
          heartbeatAt: sql`now()`,
        })
        .where(this.ours())
        .returning({ id: renderedVideos.id });
      if (!held.length) return false;
      await updateProjectRenderProgress(
        this.context.database.db,
        this.row.projectId,
        state.etaMs,
      );
      return true;
    });
  }

  /** The condition under which the row is still this worker's to write. */
  ours() {
    return and(
      eq(renderedVideos.id, this.row.id),
      eq(renderedVideos.workerId, this.context.workerId),
      eq(renderedVideos.status, "rendering"),
    );
  }
}

/**
 * Runs `work` on a claimed lease (a render or one of its pieces) with a cancel signal that fires
 * when the lease is lost (cancelled, taken over) or the worker is stopping. A failure ends the
 * heartbeat and discards the browser (a cancelled or crashed render can leave it unusable: the
 * next job starts a new one), then goes to `recordFailure` unless the lease was lost.
 */
export async function workUnderLease<T, F>(
  context: JobContext,
  lease: Lease,
  work: (cancelSignal: CancelSignal) => Promise<T>,
  recordFailure: (error: unknown) => Promise<F>,
): Promise<T | F | { stopped: string }> {
  lease.start();
  const { cancelSignal, cancel } = makeCancelSignal();
  lease.lost.addEventListener("abort", cancel);
  context.shutdown.addEventListener("abort", cancel);
  try {
    return await work(cancelSignal);
  } catch (error) {
    await lease.end();
    await context.renderer.discardBrowser();
    if (lease.lost.aborted) return { stopped: "cancelled or taken over" };
    return await recordFailure(error);
  } finally {
    lease.lost.removeEventListener("abort", cancel);
    context.shutdown.removeEventListener("abort", cancel);
    await lease.end();
  }
}
