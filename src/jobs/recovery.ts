import { and, eq, isNotNull, isNull, or, sql } from "drizzle-orm";
import type PgBoss from "pg-boss";
import type { Database } from "../db";
import {
  clips,
  publishedVideos,
  renderedVideos,
  renderPieces,
} from "../db/schema";
import { log } from "../log";
import {
  CLIP_JOBS,
  queueClipJob,
  type ClipQueue,
} from "../services/clips/jobs";
import { settleClipSource } from "../services/clips/work";
import type { WorkContext } from "../services/context";
import {
  failFleetRender,
  FLEET_HOLDER,
  heldByFleet,
  queuePieceJobs,
} from "../services/renders/pieces";
import type { Timing } from "./context";
import { leaseIsStale } from "../db/lease";
import { sendJob } from "./queues";
import {
  queueRenderJob,
  sendRenderWebhook,
  settleProject,
} from "../services/renders/lifecycle";

/**
 * Finds renders whose worker died and puts them back in line, long before pg-boss would expire
 * their jobs (a render may legitimately run for an hour, so its expiry is generous):
 *
 * - a `rendering` row whose heartbeat is older than `staleAfterMs`: its pg-boss job, still
 *   `active`, is failed, which sends it to retry when attempts remain (the row goes back to
 *   `queued`) or ends it (the row is `failed`, in words the user understands);
 * - a `queued` row that never got its job (the process died between the insert and the send):
 *   its job is sent.
 *
 * Every worker runs this at start-up and then periodically; the conditional updates make two
 * sweeps at once harmless. Returns the ids of the rows it touched.
 */
export async function recoverStaleRenders(
  database: Database,
  boss: PgBoss,
  timing: Pick<Timing, "staleAfterMs">,
): Promise<number[]> {
  const { db } = database;
  const stale = sql`now() - ${timing.staleAfterMs} * interval '1 millisecond'`;
  const staleRows = await db
    .select()
    .from(renderedVideos)
    .where(
      and(
        eq(renderedVideos.status, "rendering"),
        // A render out with the fleet is alive while its pieces are: recoverStalePieces.
        sql`${renderedVideos.workerId} is distinct from ${FLEET_HOLDER}`,
        sql`coalesce(${renderedVideos.heartbeatAt}, ${renderedVideos.updatedAt}) < ${stale}`,
      ),
    );
  const touched: number[] = [];
  for (const row of staleRows) {
    const state = await settleJob(boss, "video", row.jobId);
    const stillStale = and(
      eq(renderedVideos.id, row.id),
      eq(renderedVideos.status, "rendering"),
      sql`coalesce(${renderedVideos.heartbeatAt}, ${renderedVideos.updatedAt}) < ${stale}`,
    );
    if (state === "failed") {
      const [failed] = await db
        .update(renderedVideos)
        .set({
          status: "failed",
          stage: "failed",
          etaMs: null,
          workerId: null,
          error:
            "The video could not be rendered: the worker rendering it stopped responding on every attempt",
        })
        .where(stillStale)
        .returning();
      if (failed) {
        await sendRenderWebhook(db, boss, "render.failed", failed);
        await settleProject(db, failed.projectId);
      }
    } else {
      const [reset] = await db
        .update(renderedVideos)
        .set({
          status: "queued",
          stage: "waiting for a worker",
          workerId: null,
          etaMs: null,
          error:
            "The worker rendering it stopped responding; it will be rendered again",
        })
        .where(stillStale)
        .returning();
      // The job is gone (finished or removed) while the row never finished: give it a new one.
      if (reset && state !== "retry" && state !== "created")
        await queueRenderJob(db, reset, "normal", boss);
    }
    log.warn(
      { renderedVideoId: row.id, jobState: state },
      "recovered a stale render",
    );
    touched.push(row.id);
  }

  const orphans = await db
    .select()
    .from(renderedVideos)
    .where(
      and(
        eq(renderedVideos.status, "queued"),
        isNull(renderedVideos.jobId),
        sql`${renderedVideos.createdAt} < ${stale}`,
      ),
    );
  for (const row of orphans) {
    await queueRenderJob(db, row, "normal", boss);
    touched.push(row.id);
  }
  return touched;
}

/**
 * The fleet's counterpart of `recoverStaleRenders`, for the renders out with the fleet:
 *
 * - a `rendering` piece whose heartbeat is older than `staleAfterMs` (its worker died): its active
 *   job is failed, which sends it to retry on any worker; the piece goes back to `queued`. When no
 *   attempt is left the render fails. Only that piece is rendered again;
 * - a queued piece that never got its job, or whose job is gone: its job is sent;
 * - a render whose pieces are all done but whose join job is gone: the join is sent again.
 *
 * Returns the ids of the pieces and renders it touched.
 */
export async function recoverStalePieces(
  context: WorkContext,
  timing: Pick<Timing, "staleAfterMs">,
): Promise<{ pieces: number[]; joins: number[] }> {
  const { db } = context.database;
  const { boss } = context;
  const stale = leaseIsStale(renderPieces.heartbeatAt, timing.staleAfterMs);
  const pieces = await db
    .select({ piece: renderPieces })
    .from(renderPieces)
    .innerJoin(renderedVideos, heldByFleet(renderPieces.renderedVideoId))
    .where(
      or(
        and(eq(renderPieces.status, "rendering"), stale),
        and(
          eq(renderPieces.status, "queued"),
          sql`${renderPieces.updatedAt} < now() - ${timing.staleAfterMs} * interval '1 millisecond'`,
        ),
      ),
    );
  const touched: number[] = [];
  for (const { piece } of pieces) {
    const queued =
      piece.jobId &&
      (await boss.getJobById("render-piece", piece.jobId))?.state;
    // A queued piece whose job waits for a free worker is fine.
    if (
      piece.status === "queued" &&
      (queued === "created" || queued === "retry" || queued === "active")
    )
      continue;
    const state = await settleJob(boss, "render-piece", piece.jobId);
    const stillThere = and(
      eq(renderPieces.id, piece.id),
      piece.status === "rendering"
        ? and(eq(renderPieces.status, "rendering"), stale)
        : and(
            eq(renderPieces.status, "queued"),
            sql`${renderPieces.jobId} is not distinct from ${piece.jobId}`,
          ),
    );
    if (state === "failed") {
      const message = `The video could not be rendered: the worker rendering piece ${piece.index} stopped responding on every attempt`;
      const [failed] = await db
        .update(renderPieces)
        .set({ status: "failed", workerId: null, error: message })
        .where(stillThere)
        .returning();
      if (failed)
        await failFleetRender(context, piece.renderedVideoId, message);
    } else {
      const [reset] = await db
        .update(renderPieces)
        .set({
          status: "queued",
          workerId: null,
          error:
            piece.status === "rendering"
              ? "The worker rendering it stopped responding; it will be rendered again"
              : piece.error,
        })
        .where(stillThere)
        .returning();
      if (reset && state !== "retry" && state !== "created")
        await queuePieceJobs(db, boss, [reset]);
    }
    log.warn(
      {
        renderedVideoId: piece.renderedVideoId,
        piece: piece.index,
        jobState: state,
      },
      "recovered a stale render piece",
    );
    touched.push(piece.id);
  }

  const joins: number[] = [];
  const joining = and(
    heldByFleet(renderedVideos.id),
    eq(renderedVideos.stage, "joining"),
    leaseIsStale(renderedVideos.heartbeatAt, timing.staleAfterMs),
  );
  const waiting = await db.select().from(renderedVideos).where(joining);
  for (const row of waiting) {
    const state = row.jobId
      ? (await boss.getJobById("video", row.jobId))?.state
      : undefined;
    if (state === "created" || state === "retry" || state === "active")
      continue;
    await queueRenderJob(db, row, "normal", boss);
    joins.push(row.id);
  }
  return { pieces: touched, joins };
}

/**
 * Finds posts whose uploading worker died (a `publishing` row with a stale lease) and hands them
 * on at once instead of when pg-boss expires their job, an hour later: an active job is failed,
 * which sends it to retry, and its next attempt takes over the stale lease and resumes the
 * upload from `upload_state`. A post whose job is gone for good is queued with a new job.
 */
export async function recoverStalePosts(
  database: Database,
  boss: PgBoss,
  timing: Pick<Timing, "staleAfterMs">,
): Promise<number[]> {
  const { db } = database;
  const stale = leaseIsStale(publishedVideos.heartbeatAt, timing.staleAfterMs);
  const rows = await db
    .select()
    .from(publishedVideos)
    .where(and(eq(publishedVideos.status, "publishing"), stale));
  const touched: number[] = [];
  for (const row of rows) {
    const state = await settleJob(boss, "publish", row.jobId);
    if (state !== "retry" && state !== "created" && state !== "active") {
      const [reset] = await db
        .update(publishedVideos)
        .set({ status: "queued", workerId: null, heartbeatAt: null })
        .where(
          and(
            eq(publishedVideos.id, row.id),
            eq(publishedVideos.status, "publishing"),
            stale,
          ),
        )
        .returning();
      if (reset) {
        const jobId = await sendJob(
          "publish",
          { publishedVideoId: row.id },
          { boss },
        );
        await db
          .update(publishedVideos)
          .set({ jobId })
          .where(eq(publishedVideos.id, row.id));
      }
    }
    log.warn(
      { publishedVideoId: row.id, jobState: state },
      "recovered a stale post",
    );
    touched.push(row.id);
  }
  return touched;
}

/**
 * The clip jobs' counterpart of `recoverStaleRenders`, for every stage of CLIP_JOBS (a source being
 * transcribed or its clips chosen, a clip being rendered):
 *
 * - a row held by a worker whose heartbeat is older than `staleAfterMs`: its active job is failed,
 *   which sends it to retry; the row waits again, saying why, and the next attempt takes it. When
 *   no attempt is left the row is `failed`, in words the user understands (a clip's source is
 *   settled as when a clip fails);
 * - a waiting row whose job never came or is gone (the process died between the row's move and
 *   the send): it is sent its job.
 *
 * Returns the ids of the rows it touched, by queue.
 */
export async function recoverStaleClips(
  context: WorkContext,
  timing: Pick<Timing, "staleAfterMs">,
): Promise<Record<ClipQueue, number[]>> {
  const { db } = context.database;
  const { boss } = context;
  const touched: Record<ClipQueue, number[]> = {
    clipTranscribe: [],
    clipSelect: [],
    clipRender: [],
  };
  for (const queue of Object.keys(CLIP_JOBS) as ClipQueue[]) {
    const stage = CLIP_JOBS[queue];
    // One table at a time: both have these columns, Drizzle cannot type the union.
    const t = stage.table as typeof clips;
    const working = and(
      eq(t.status, stage.working as never),
      isNotNull(t.workerId),
      leaseIsStale(t.heartbeatAt, timing.staleAfterMs),
    );
    const waiting = and(
      eq(t.status, stage.waiting as never),
      isNull(t.workerId),
      sql`${t.updatedAt} < now() - ${timing.staleAfterMs} * interval '1 millisecond'`,
    );
    const rows = await db
      .select({ id: t.id, jobId: t.jobId, workerId: t.workerId })
      .from(t)
      .where(or(working, waiting));
    for (const row of rows) {
      const held = row.workerId !== null;
      const state = held
        ? await settleJob(boss, queue, row.jobId)
        : row.jobId && (await boss.getJobById(queue, row.jobId))?.state;
      const alive =
        state === "created" || state === "retry" || state === "active";
      // A waiting row whose job waits for a free worker is fine.
      if (!held && alive) continue;
      if (held && state === "failed") {
        const [failed] = await db
          .update(t)
          .set({
            status: "failed",
            workerId: null,
            error: `${stage.failed}: ${STOPPED[queue]} on every attempt`,
          })
          .where(and(eq(t.id, row.id), working))
          .returning();
        // A clip's source is done once none of its clips is left to render.
        if (failed && stage.table === clips)
          await settleClipSource(context, failed.sourceId);
      } else if (held) {
        const [reset] = await db
          .update(t)
          .set({
            status: stage.waiting as never,
            workerId: null,
            error: `${upperFirst(STOPPED[queue])}; ${stage.again}`,
          })
          .where(and(eq(t.id, row.id), working))
          .returning({ id: t.id });
        // The job is gone (finished or removed) while the row never finished: a new one.
        if (reset && !alive) await queueClipJob(db, boss, queue, row.id);
      } else await queueClipJob(db, boss, queue, row.id);
      log.warn(
        { queue, id: row.id, jobState: state },
        "recovered a stale clip job",
      );
      touched[queue].push(row.id);
    }
  }
  return touched;
}

const upperFirst = (text: string) => text[0].toUpperCase() + text.slice(1);

/** Why a stale job is failed, by queue. */
const STOPPED = {
  video: "the worker rendering it stopped responding",
  "render-piece": "the worker rendering it stopped responding",
  publish: "the worker uploading it stopped responding",
  clipTranscribe: "the worker transcribing it stopped responding",
  clipSelect: "the worker choosing its clips stopped responding",
  clipRender: "the worker rendering it stopped responding",
};

/**
 * The state of a stale row's job once it cannot be running any more: an active one is failed
 * first (its worker stopped answering), which sends it to retry.
 */
async function settleJob(
  boss: PgBoss,
  queue: keyof typeof STOPPED,
  jobId: string | null,
) {
  if (!jobId) return undefined;
  const state = (await boss.getJobById(queue, jobId))?.state;
  if (state !== "active") return state;
  await boss.fail(queue, jobId, { reason: STOPPED[queue] });
  return (await boss.getJobById(queue, jobId))?.state;
}
