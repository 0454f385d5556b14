import {
  and,
  asc,
  eq,
  inArray,
  notInArray,
  sql,
  type AnyColumn,
  type SQL,
} from "drizzle-orm";
import { durationInFrames, PRESETS } from "../../compositions/presets";
import type { VideoProps } from "../../compositions/schema";
import type PgBoss from "pg-boss";
import type { Db } from "../../db";
import {
  renderedVideos,
  renderPieces,
  type RenderedVideo,
  type RenderPiece,
} from "../../db/schema";
import { sendJob, type Priority } from "../../jobs/queues";
import { planPieces, type FrameRange } from "../../pipeline/render";
import { settleProjectAfterRender } from "../projects/outcome";
import type { WorkContext } from "../context";
import { renderKeys } from "./files";
import { sendRenderWebhook } from "./lifecycle";

/**
 * A fleet render (RENDER_BACKEND=fleet) as rows: its frame-range pieces, each a `render-piece`
 * job any worker takes, and the render row they belong to while they are out with the workers.
 */

/** What a fleet render's row names as its worker while its pieces are out with the workers. */
export const FLEET_HOLDER = "fleet";

/** The condition under which a render row is out with the fleet. */
export const heldByFleet = (renderedVideoId: number | AnyColumn) =>
  and(
    eq(renderedVideos.id, renderedVideoId),
    eq(renderedVideos.status, "rendering"),
    eq(renderedVideos.workerId, FLEET_HOLDER),
  );

/** Where a piece's two files are stored, under the render's folder. */
export function pieceKeys(
  render: Pick<RenderedVideo, "id" | "projectId" | "preset">,
  index: number,
) {
  const folder = `${renderKeys(render).folder}/pieces`;
  return {
    folder,
    video: `${folder}/${index}.ts`,
    audio: `${folder}/${index}.aac`,
  };
}

export const listPieces = (db: Db, renderedVideoId: number) =>
  db
    .select()
    .from(renderPieces)
    .where(eq(renderPieces.renderedVideoId, renderedVideoId))
    .orderBy(asc(renderPieces.index));

/** Forgets a render's pieces (a local render of a row a fleet once had). */
export async function deletePieces(db: Db, renderedVideoId: number) {
  await db
    .delete(renderPieces)
    .where(eq(renderPieces.renderedVideoId, renderedVideoId));
}

/**
 * Lays out a render's pieces for `ranges`: a piece already done with the same frames is kept
 * (a retried render renders only what it lacks); every other piece is replaced by a queued one.
 */
export async function planFleetPieces(
  db: Db,
  renderedVideoId: number,
  ranges: FrameRange[],
): Promise<RenderPiece[]> {
  return db.transaction(async (tx) => {
    const kept = (await listPieces(tx, renderedVideoId)).filter(
      (p) =>
        p.status === "done" &&
        ranges[p.index]?.[0] === p.frameFrom &&
        ranges[p.index]?.[1] === p.frameTo,
    );
    await tx.delete(renderPieces).where(
      and(
        eq(renderPieces.renderedVideoId, renderedVideoId),
        notInArray(
          renderPieces.id,
          kept.map((p) => p.id),
        ),
      ),
    );
    const missing = ranges
      .map(([frameFrom, frameTo], index) => ({
        renderedVideoId,
        index,
        frameFrom,
        frameTo,
      }))
      .filter(({ index }) => !kept.some((p) => p.index === index));
    if (missing.length) await tx.insert(renderPieces).values(missing);
    return listPieces(tx, renderedVideoId);
  });
}

/**
 * Splits a render whose props are stored into pieces of RENDER_PIECE_SECONDS and hands the
 * row (still held under `held`) to the fleet: its pieces not yet done get their jobs. When every
 * piece is already done (a retried join) nothing is handed over: the caller joins them.
 */
export async function handToFleet(
  context: WorkContext,
  render: RenderedVideo,
  props: VideoProps,
  held: SQL | undefined,
  priority?: Priority,
): Promise<{ handedOver: boolean; pieces: RenderPiece[] }> {
  const { db } = context.database;
  const frames = durationInFrames(render.preset, props.durationMs);
  const framesPerPiece =
    context.config.RENDER_PIECE_SECONDS * PRESETS[render.preset].fps;
  const pieces = await planFleetPieces(
    db,
    render.id,
    planPieces([0, frames - 1], Math.ceil(frames / framesPerPiece)),
  );
  const waiting = pieces.filter((p) => p.status !== "done");
  if (!waiting.length) return { handedOver: false, pieces };
  const [handed] = await db
    .update(renderedVideos)
    .set({
      workerId: FLEET_HOLDER,
      stage: "rendering",
      heartbeatAt: sql`now()`,
    })
    .where(held)
    .returning({ id: renderedVideos.id });
  if (handed) await queuePieceJobs(db, context.boss, waiting, priority);
  return { handedOver: Boolean(handed), pieces };
}

/** Sends the `render-piece` job of each piece and records its id on the piece. */
export async function queuePieceJobs(
  db: Db,
  boss: PgBoss,
  pieces: RenderPiece[],
  priority?: Priority,
) {
  for (const piece of pieces) {
    const jobId = await sendJob(
      "render-piece",
      { renderedVideoId: piece.renderedVideoId, index: piece.index },
      { boss, priority, singletonKey: `piece:${piece.id}` },
    );
    await db
      .update(renderPieces)
      .set({ jobId })
      .where(eq(renderPieces.id, piece.id));
  }
}

/** Cancels a render's pieces still waiting or rendering; their queued jobs are dropped. */
export async function cancelPieces(
  db: Db,
  renderedVideoId: number,
  boss?: PgBoss,
) {
  const live = and(
    eq(renderPieces.renderedVideoId, renderedVideoId),
    inArray(renderPieces.status, ["queued", "rendering"]),
  );
  const cancelled = await db
    .update(renderPieces)
    .set({ status: "cancelled", workerId: null })
    .where(live)
    .returning({ jobId: renderPieces.jobId });
  const jobIds = cancelled.flatMap((p) => (p.jobId ? [p.jobId] : []));
  if (boss && jobIds.length) await boss.cancel("render-piece", jobIds);
}

/**
 * Once every piece is done, moves the render to its `joining` stage, exactly once however many
 * pieces finish together, and sends the `video` job that joins them. True for the caller that
 * moved it.
 */
export async function joinWhenComplete(
  db: Db,
  boss: PgBoss,
  renderedVideoId: number,
): Promise<boolean> {
  const [moved] = await db
    .update(renderedVideos)
    .set({ stage: "joining", progress: 0.9, etaMs: null })
    .where(
      and(
        heldByFleet(renderedVideoId),
        sql`${renderedVideos.stage} <> 'joining'`,
        sql`not exists (select 1 from ${renderPieces} where ${renderPieces.renderedVideoId} = ${renderedVideoId} and ${renderPieces.status} <> 'done')`,
      ),
    )
    .returning();
  if (!moved) return false;
  const jobId = await sendJob(
    "video",
    { renderedVideoId },
    { boss, singletonKey: `join:${renderedVideoId}` },
  );
  await db
    .update(renderedVideos)
    .set({ jobId })
    .where(eq(renderedVideos.id, renderedVideoId));
  return true;
}

/**
 * A piece failed for good (or its job is gone): the render fails with `message`, its other
 * pieces are cancelled, and the site and the project hear of it.
 */
export async function failFleetRender(
  context: WorkContext,
  renderedVideoId: number,
  message: string,
) {
  const { db } = context.database;
  const [failed] = await db
    .update(renderedVideos)
    .set({ status: "failed", stage: "failed", etaMs: null, error: message })
    .where(heldByFleet(renderedVideoId))
    .returning();
  await cancelPieces(db, renderedVideoId, context.boss);
  if (!failed) return;
  await sendRenderWebhook(db, context.boss, "render.failed", failed);
  await settleProjectAfterRender(context, failed.projectId);
}

/** The progress of a render out with the fleet: its pieces' progress, weighted by their frames. */
export const fleetProgress = (renderedVideoId: number) =>
  sql<number>`(select coalesce(sum(${renderPieces.progress} * (${renderPieces.frameTo} - ${renderPieces.frameFrom} + 1)) / nullif(sum(${renderPieces.frameTo} - ${renderPieces.frameFrom} + 1), 0), 0) from ${renderPieces} where ${renderPieces.renderedVideoId} = ${renderedVideoId})`;
