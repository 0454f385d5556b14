import path from "node:path";
import type { CancelSignal } from "@remotion/renderer";
import { and, eq } from "drizzle-orm";
import { renderedVideos, renderPieces } from "../../db/schema";
import { log } from "../../log";
import { renderVideoPiece } from "../../pipeline/render";
import { PermanentJobError } from "../../services/errors";
import { readStoredProps } from "../../services/renders/files";
import {
  failFleetRender,
  joinWhenComplete,
  pieceKeys,
} from "../../services/renders/pieces";
import type { JobContext, JobHandler } from "../context";
import { PieceLease } from "../piece-lease";
import { workUnderLease } from "../render-lease";
import { describeRenderFailure } from "./video";

/**
 * Renders one frame-range piece of a fleet render (RENDER_BACKEND=fleet) on whichever worker took
 * the job: the props from storage, the piece's video and audio into storage. The last piece to
 * finish sends the job that joins them. A duplicate delivery finds the piece taken or done.
 */
export const pieceHandler: JobHandler<"render-piece"> = async (
  payload,
  job,
  context,
) => {
  const lease = await PieceLease.claim(context, payload, job.id);
  if (!lease) {
    const [piece] = await context.database.db
      .select({ status: renderPieces.status })
      .from(renderPieces)
      .where(
        and(
          eq(renderPieces.renderedVideoId, payload.renderedVideoId),
          eq(renderPieces.index, payload.index),
        ),
      );
    if (piece?.status === "rendering")
      throw new Error(
        `Piece ${payload.index} of render ${payload.renderedVideoId} is held by another worker`,
      );
    return { skipped: piece?.status ?? "missing" };
  }
  return workUnderLease(
    context,
    lease,
    async (cancelSignal) => {
      await renderOnePiece(context, lease, cancelSignal);
      if (!(await lease.finish()))
        return { stopped: "cancelled or taken over" };
      const joining = await joinWhenComplete(
        context.database.db,
        context.boss,
        payload.renderedVideoId,
      );
      return { done: payload, joining };
    },
    (error) => recordPieceFailure(context, lease, job, error),
  );
};

async function renderOnePiece(
  context: JobContext,
  lease: PieceLease,
  cancelSignal: CancelSignal,
) {
  const started = Date.now();
  const { storage } = context;
  const { piece } = lease;
  const [render] = await context.database.db
    .select()
    .from(renderedVideos)
    .where(eq(renderedVideos.id, piece.renderedVideoId));
  const props = await readStoredProps(storage, render);
  // The narration and images the props name, from shared storage when this machine lacks them.
  await context.tools.store.fetchReferenced(props);
  const keys = pieceKeys(render, piece.index);
  let firstFrameAt: number | null = null;
  let encodedAt = 0;
  await storage.write(keys.video, (video) =>
    storage.write(keys.audio, async (audio) => {
      await renderVideoPiece({
        serveUrl: await context.renderer.serveUrl(),
        browser: await context.renderer.browser(),
        props,
        scale: render.scale,
        quality: render.quality,
        range: [piece.frameFrom, piece.frameTo],
        files: { video: path.resolve(video), audio: path.resolve(audio) },
        cancelSignal,
        onProgress: (p) => {
          if (p.renderedFrames > 0) firstFrameAt ??= Date.now();
          lease.report(p.fraction);
        },
      });
      encodedAt = Date.now();
    }),
  );
  const ended = Date.now();
  log.info(
    {
      renderedVideoId: render.id,
      piece: piece.index,
      frames: [piece.frameFrom, piece.frameTo],
      ms: ended - started,
      // What a piece costs besides its frames: props, composition and page before the first
      // frame, storing after the last (the benchmark's per-piece overhead).
      overheadMs: (firstFrameAt ?? encodedAt) - started + (ended - encodedAt),
    },
    "piece rendered",
  );
}

/**
 * A failed piece: with attempts left it goes back to `queued` and its job is retried (on any
 * worker); on the last attempt, or for a failure no retry can fix, the whole render fails and
 * its other pieces are cancelled. A worker shutting down gives the piece back.
 */
async function recordPieceFailure(
  context: JobContext,
  lease: PieceLease,
  job: Parameters<JobHandler<"render-piece">>[1],
  error: unknown,
) {
  const { db } = context.database;
  const permanent = error instanceof PermanentJobError;
  const last =
    !context.shutdown.aborted &&
    (permanent || job.retryCount >= job.retryLimit);
  const message = describeRenderFailure(error);
  log.warn(
    { err: error, ...lease.piece, attempt: job.retryCount + 1, last },
    "render piece failed",
  );
  await db
    .update(renderPieces)
    .set(
      last
        ? { status: "failed", error: message }
        : { status: "queued", workerId: null, error: message },
    )
    .where(lease.ours());
  if (!last) throw error;
  await failFleetRender(context, lease.piece.renderedVideoId, message);
  if (!permanent) throw error;
  return { failed: message };
}
