import { and, eq, or, sql } from "drizzle-orm";
import { renderedVideos, type RenderedVideo } from "../db/schema";
import { log } from "../log";
import type { JobContext } from "./context";
import { updateProjectRenderProgress } from "./renders";

/**
 * A worker's hold on one render row while it renders it. Claiming sets the row to `rendering`
 * with this worker's id; from then on the lease writes the progress (at most every
 * `progressIntervalMs`) and a heartbeat (at least every `heartbeatMs`). A write that finds the
 * row no longer this worker's — cancelled, or handed to another worker after this one went quiet —
 * aborts `lost`, and the render stops.
 */
export class RenderLease {
  private readonly lostController = new AbortController();
  readonly lost = this.lostController.signal;
  private timer: NodeJS.Timeout | null = null;
  private lastWrite = 0;
  private writing: Promise<void> = Promise.resolve();
  private state: { stage: string; progress: number; etaMs: number | null } = {
    stage: "preparing",
    progress: 0,
    etaMs: null,
  };

  private constructor(
    private readonly context: JobContext,
    readonly row: RenderedVideo,
  ) {}

  /**
   * Takes a queued row, or a rendering one whose worker has gone quiet; null when the row is
   * finished, cancelled, failed or held by a live worker.
   */
  static async claim(
    context: JobContext,
    renderedVideoId: number,
    jobId: string,
  ): Promise<RenderLease | null> {
    const [row] = await context.database.db
      .update(renderedVideos)
      .set({
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
      })
      .where(
        and(
          eq(renderedVideos.id, renderedVideoId),
          or(
            eq(renderedVideos.status, "queued"),
            and(
              eq(renderedVideos.status, "rendering"),
              sql`(${renderedVideos.heartbeatAt} is null or ${renderedVideos.heartbeatAt} < now() - ${context.timing.staleAfterMs} * interval '1 millisecond')`,
            ),
          ),
        ),
      )
      .returning();
    return row ? new RenderLease(context, row) : null;
  }

  start() {
    this.timer = setInterval(
      () => void this.write(),
      this.context.timing.heartbeatMs,
    );
    return this;
  }

  /** Records where the render is; written now if the last write is old enough. */
  report(stage: string, progress: number, etaMs: number | null = null) {
    const stageChanged = stage !== this.state.stage;
    this.state = { stage, progress, etaMs };
    if (
      stageChanged ||
      Date.now() - this.lastWrite >= this.context.timing.progressIntervalMs
    )
      void this.write();
  }

  /** Ends the heartbeat and waits for a write under way. */
  async end() {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.writing;
  }

  /** Writes are chained, so an older state never lands after a newer one. */
  private write(): Promise<void> {
    this.lastWrite = Date.now();
    const state = { ...this.state };
    this.writing = this.writing.then(async () => {
      if (this.lost.aborted) return;
      try {
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
        if (!held.length) {
          log.info({ renderedVideoId: this.row.id }, "render taken away");
          this.lostController.abort();
          return;
        }
        await updateProjectRenderProgress(
          this.context.database.db,
          this.row.projectId,
          state.etaMs,
        );
      } catch (error) {
        // A missed heartbeat is harmless unless they keep failing: then the row goes stale.
        log.warn(
          { err: error, renderedVideoId: this.row.id },
          "heartbeat failed",
        );
      }
    });
    return this.writing;
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
