import path from "node:path";
import type { CancelSignal, HeadlessBrowser } from "@remotion/renderer";
import { eq, sql } from "drizzle-orm";
import type { VideoProps } from "../../compositions/schema";
import { renderedVideos, type RenderPiece } from "../../db/schema";
import { log } from "../../log";
import { buildMetadata } from "../../pipeline/metadata";
import {
  joinVideoPieces,
  renderThumbnail,
  renderVideo,
  type FrameRange,
  type MediaProbe,
} from "../../pipeline/render";
import type { JobContext, JobHandler } from "../context";
import { PermanentJobError } from "../../services/errors";
import { recordCost } from "../../services/cost-ledger";
import { settleProjectAfterRender } from "../../services/projects/outcome";
import { loadProject } from "../../services/projects/stages";
import {
  readStoredProps,
  removePartialFiles,
  renderKeys,
  writeCaptionFiles,
} from "../../services/renders/files";
import {
  deletePieces,
  handToFleet,
  listPieces,
  pieceKeys,
} from "../../services/renders/pieces";
import { priorityOf } from "../queues";
import { RenderLease, workUnderLease } from "../render-lease";
import { sendRenderWebhook } from "../../services/renders/lifecycle";
import { withinBudget } from "../../services/budgets";
import {
  lambdaEstimateUsd,
  renderRowOnLambda,
} from "../../services/renders/lambda";
import {
  composeRenderProps,
  loadRenderSources,
} from "../../services/renders/props";
import { writeStoredText } from "../../storage";

/**
 * Renders one `rendered_videos` row: the MP4, its thumbnail, captions, props and metadata into
 * storage, then the row says `completed` with what was made. A second delivery of the same job
 * finds the row taken or done and does nothing; a cancelled row stops the render within a
 * heartbeat.
 */
export const videoHandler: JobHandler<"video"> = async (
  { renderedVideoId },
  job,
  context,
) => {
  const lease = await RenderLease.claim(context, renderedVideoId, job.id);
  if (!lease) {
    const [row] = await context.database.db
      .select({ status: renderedVideos.status })
      .from(renderedVideos)
      .where(eq(renderedVideos.id, renderedVideoId));
    if (row?.status === "rendering")
      throw new Error(`Render ${renderedVideoId} is held by another worker`);
    return { skipped: row?.status ?? "missing" };
  }
  return workUnderLease(
    context,
    lease,
    async (cancelSignal) => {
      const made = await makeVideo(context, lease, job, cancelSignal);
      if (!made) return { handedToFleet: renderedVideoId };
      await publishRender(context, lease, made);
      return { completed: renderedVideoId };
    },
    (error) => recordFailure(context, lease, job, error),
  );
};

type MadeVideo = {
  props: VideoProps;
  probe: MediaProbe;
  serveUrl: string;
  browser: HeadlessBrowser;
  /** Remotion Lambda's own estimate of what the render cost; else the list price applies. */
  lambdaCostUsd?: number;
};

/**
 * The checked MP4 of the row, in storage: rendered here (`local`), on Remotion Lambda (`lambda`),
 * or joined from the pieces the fleet rendered (`fleet`). Null when the row was handed to the
 * fleet: the last piece to finish sends a job that joins them.
 */
async function makeVideo(
  context: JobContext,
  lease: RenderLease,
  job: Parameters<JobHandler<"video">>[1],
  cancelSignal: CancelSignal,
): Promise<MadeVideo | null> {
  const { storage } = context;
  const render = lease.row;
  const keys = renderKeys(render);
  if (render.stage === "joining") {
    const props = await readStoredProps(storage, render);
    const pieces = await listPieces(context.database.db, render.id);
    return joinFleetPieces(context, lease, props, pieces, cancelSignal);
  }
  await removePartialFiles(storage, keys.folder);
  const project = await loadProject(context, render.projectId);
  const { props } = await composeRenderProps(context, project, render);
  await writeStoredText(storage, keys.props, JSON.stringify(props, null, 2));
  await context.tools.store.fetchReferenced(props);
  const backend =
    context.config.RENDER_BACKEND === "lambda"
      ? await withinBudget(
          context.database.db,
          project,
          await lambdaEstimateUsd(props),
          () => "lambda" as const,
          () => "local" as const,
        )
      : context.config.RENDER_BACKEND;
  if (backend === "fleet") {
    const { handedOver, pieces } = await handToFleet(
      context,
      render,
      props,
      lease.ours(),
      priorityOf(job.priority),
    );
    if (handedOver) return null;
    return joinFleetPieces(context, lease, props, pieces, cancelSignal);
  }
  await deletePieces(context.database.db, render.id);
  lease.report("bundling", 0.02);
  const serveUrl = await context.renderer.serveUrl();
  const browser = await context.renderer.browser();
  lease.report("rendering", 0.05);
  if (backend === "lambda") {
    const { probe, costUsd } = await storage.write(keys.video, (outFile) =>
      renderRowOnLambda(context, {
        render,
        props,
        outFile,
        signal: AbortSignal.any([lease.lost, context.shutdown]),
        report: (stage, progress, etaMs) =>
          lease.report(stage, progress, etaMs),
      }),
    );
    return { props, probe, serveUrl, browser, lambdaCostUsd: costUsd };
  }
  const probe = await storage.write(keys.video, (outFile) =>
    renderVideo({
      serveUrl,
      props,
      outFile,
      browser,
      scale: render.scale,
      quality: render.quality,
      cancelSignal,
      onProgress: (p) =>
        lease.report("rendering", 0.05 + p.fraction * 0.85, p.etaMs),
    }),
  );
  return { props, probe, serveUrl, browser };
}

/**
 * Joins a fleet render's pieces, fetched from storage (whichever machine rendered them), into the
 * row's MP4 and checks it like a local render.
 */
async function joinFleetPieces(
  context: JobContext,
  lease: RenderLease,
  props: VideoProps,
  pieces: RenderPiece[],
  cancelSignal: CancelSignal,
): Promise<MadeVideo> {
  const { storage } = context;
  const render = lease.row;
  lease.report("joining", 0.9);
  await context.tools.store.fetchReferenced(props);
  const parts = await Promise.all(
    pieces.map(async (piece) => {
      const keys = pieceKeys(render, piece.index);
      return {
        range: [piece.frameFrom, piece.frameTo] as FrameRange,
        files: {
          video: path.resolve(await storage.localCopy(keys.video)),
          audio: path.resolve(await storage.localCopy(keys.audio)),
        },
      };
    }),
  );
  const serveUrl = await context.renderer.serveUrl();
  const browser = await context.renderer.browser();
  const started = Date.now();
  const probe = await storage.write(renderKeys(render).video, (temporary) =>
    joinVideoPieces({
      serveUrl,
      browser,
      props,
      scale: render.scale,
      quality: render.quality,
      pieces: parts,
      outputLocation: temporary,
      cancelSignal,
    }),
  );
  log.info(
    {
      renderedVideoId: render.id,
      pieces: parts.length,
      ms: Date.now() - started,
    },
    "pieces joined and checked",
  );
  return { props, probe, serveUrl, browser };
}

/** The thumbnail, captions and metadata of a checked video; then the row says `completed`. */
async function publishRender(
  context: JobContext,
  lease: RenderLease,
  { props, probe, serveUrl, browser, lambdaCostUsd }: MadeVideo,
) {
  const { db } = context.database;
  const { storage } = context;
  const render = lease.row;
  const keys = renderKeys(render);
  const { script, narration } = await loadRenderSources(context, render);
  lease.report("thumbnail", 0.92);
  await storage.write(keys.thumbnail, (outFile) =>
    renderThumbnail({ serveUrl, props, outFile, browser }),
  );
  lease.report("captions", 0.97);
  await writeCaptionFiles(storage, keys, props);
  const metadata = buildMetadata(
    script,
    props,
    {
      video: keys.video,
      srt: keys.srt,
      vtt: keys.vtt,
      thumbnail: keys.thumbnail,
    },
    probe.sizeBytes,
    narration.voiceover,
  );
  await writeStoredText(
    storage,
    keys.metadata,
    JSON.stringify(metadata, null, 2),
  );
  await lease.end();
  const [done] = await db
    .update(renderedVideos)
    .set({
      status: "completed",
      stage: "done",
      progress: 1,
      etaMs: 0,
      resolution: probe.video
        ? `${probe.video.width}x${probe.video.height}`
        : metadata.resolution,
      durationMs: Math.round(probe.durationMs),
      fileSize: probe.sizeBytes,
      filePath: keys.video,
      srtPath: keys.srt,
      vttPath: keys.vtt,
      thumbnailPath: keys.thumbnail,
      propsPath: keys.props,
      metadata,
      renderCompletedAt: sql`now()`,
    })
    .where(lease.ours())
    .returning();
  // Cancelled in the last moments: the row says so and its files go.
  if (!done) {
    await storage.remove(keys.folder);
    return;
  }
  // A fleet render's pieces are joined into the video: only their rows stay, for the record.
  await storage.remove(pieceKeys(render, 0).folder);
  const project = await loadProject(context, render.projectId);
  await recordCost(db, {
    siteId: project.siteId,
    projectId: project.id,
    operation: "video_composition",
    provider: lambdaCostUsd === undefined ? "remotion" : "remotion-lambda",
    units: 1,
    costUsd: lambdaCostUsd,
  });
  for (const operation of ["video_thumbnail", "video_seo_metadata"] as const)
    await recordCost(db, {
      siteId: project.siteId,
      projectId: project.id,
      operation,
      provider: "remotion",
      units: 1,
    });
  await sendRenderWebhook(db, context.boss, "render.completed", done);
  await settleProjectAfterRender(context, project.id);
}

/**
 * A failed attempt: with attempts left the row goes back to `queued` (saying why) and the job is
 * retried; on the last attempt, or for a failure no retry can fix, the row is `failed` for good.
 * A worker that is shutting down gives the render back to the queue (at the cost of an attempt).
 */
async function recordFailure(
  context: JobContext,
  lease: RenderLease,
  job: Parameters<JobHandler<"video">>[1],
  error: unknown,
) {
  const { db } = context.database;
  const message = describeRenderFailure(error);
  if (context.shutdown.aborted) {
    await db
      .update(renderedVideos)
      .set({ status: "queued", stage: "waiting for a worker", workerId: null })
      .where(lease.ours());
    throw error;
  }
  const permanent = error instanceof PermanentJobError;
  const last = permanent || job.retryCount >= job.retryLimit;
  log.warn(
    {
      err: error,
      renderedVideoId: lease.row.id,
      attempt: job.retryCount + 1,
      last,
    },
    "render failed",
  );
  const [row] = await db
    .update(renderedVideos)
    .set(
      last
        ? { status: "failed", stage: "failed", etaMs: null, error: message }
        : {
            status: "queued",
            stage: "waiting to retry",
            workerId: null,
            error: `Attempt ${job.retryCount + 1} of ${job.retryLimit + 1} failed: ${message} Trying again.`,
          },
    )
    .where(lease.ours())
    .returning();
  if (!last) throw error;
  if (row) {
    await sendRenderWebhook(db, context.boss, "render.failed", row);
    await settleProjectAfterRender(context, row.projectId);
  }
  if (!permanent) throw error;
  return { failed: message };
}

/** The reason a render failed, in the words shown to the user. */
export function describeRenderFailure(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof PermanentJobError) return message;
  return `The video could not be rendered: ${message}`;
}
