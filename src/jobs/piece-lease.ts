import { and, eq, sql } from "drizzle-orm";
import { isClaimable } from "../db/lease";
import { renderedVideos, renderPieces, type RenderPiece } from "../db/schema";
import { updateProjectRenderProgress } from "../services/renders/lifecycle";
import { fleetProgress, heldByFleet } from "../services/renders/pieces";
import type { JobContext } from "./context";
import { Lease } from "./lease";

/** The share of a fleet render's progress its pieces make (the rest: props before, join after). */
const PIECES_SHARE = { from: 0.05, span: 0.85 };

/**
 * A worker's hold on one piece of a fleet render while it renders it: like a `RenderLease`, for
 * the piece's row. Each heartbeat also writes the render's progress (its pieces' sum) and keeps
 * the render row alive. A piece cancelled, taken over, or whose render was cancelled is lost.
 */
export class PieceLease extends Lease {
  private progress = 0;

  private constructor(
    context: JobContext,
    readonly piece: RenderPiece,
  ) {
    super(context, {
      renderedVideoId: piece.renderedVideoId,
      piece: piece.index,
    });
  }

  /** Takes a queued piece of a render out with the fleet, or a rendering one gone quiet. */
  static async claim(
    context: JobContext,
    payload: { renderedVideoId: number; index: number },
    jobId: string,
  ): Promise<PieceLease | null> {
    const [piece] = await context.database.db
      .update(renderPieces)
      .set({
        status: "rendering",
        progress: 0,
        error: null,
        workerId: context.workerId,
        heartbeatAt: sql`now()`,
        jobId,
        attempts: sql`${renderPieces.attempts} + 1`,
      })
      .where(
        and(
          eq(renderPieces.renderedVideoId, payload.renderedVideoId),
          eq(renderPieces.index, payload.index),
          isClaimable(renderPieces, "rendering", context.timing.staleAfterMs),
          sql`exists (select 1 from ${renderedVideos} where ${heldByFleet(payload.renderedVideoId)})`,
        ),
      )
      .returning();
    return piece ? new PieceLease(context, piece) : null;
  }

  /** Records how far the piece is (0..1); written now if the last write is old enough. */
  report(progress: number) {
    this.progress = progress;
    if (Date.now() - this.lastWrite >= this.context.timing.progressIntervalMs)
      void this.heartbeat();
  }

  protected heartbeat() {
    const progress = this.progress;
    return this.write(async () => {
      const held = await this.context.database.db
        .update(renderPieces)
        .set({ progress, heartbeatAt: sql`now()` })
        .where(this.ours())
        .returning({ id: renderPieces.id });
      if (!held.length) return false;
      await this.writeRenderProgress();
      return true;
    });
  }

  /** Marks the piece done (and the render's progress with it); false if it was no longer ours. */
  async finish(): Promise<boolean> {
    await this.end();
    const [done] = await this.context.database.db
      .update(renderPieces)
      .set({ status: "done", progress: 1, heartbeatAt: sql`now()` })
      .where(this.ours())
      .returning({ id: renderPieces.id });
    if (done) await this.writeRenderProgress();
    return Boolean(done);
  }

  /** The render's progress is its pieces' (until it is joining), and it is alive while they are. */
  private async writeRenderProgress() {
    const { db } = this.context.database;
    const { renderedVideoId } = this.piece;
    const [render] = await db
      .update(renderedVideos)
      .set({
        stage: "rendering",
        progress: sql`${PIECES_SHARE.from} + ${PIECES_SHARE.span} * ${fleetProgress(renderedVideoId)}`,
        heartbeatAt: sql`now()`,
      })
      .where(
        and(
          heldByFleet(renderedVideoId),
          sql`${renderedVideos.stage} <> 'joining'`,
        ),
      )
      .returning({ projectId: renderedVideos.projectId });
    if (render) await updateProjectRenderProgress(db, render.projectId, null);
  }

  /**
   * The condition under which the piece is still this worker's to write: its row names this
   * worker, and its render is still out with the fleet (not cancelled, not failed).
   */
  ours() {
    return and(
      eq(renderPieces.id, this.piece.id),
      eq(renderPieces.workerId, this.context.workerId),
      eq(renderPieces.status, "rendering"),
      sql`exists (select 1 from ${renderedVideos} where ${heldByFleet(this.piece.renderedVideoId)})`,
    );
  }
}
