import { makeCancelSignal } from "@remotion/renderer";
import { eq, sql } from "drizzle-orm";
import { renderedVideos } from "../../db/schema";
import { log } from "../../log";
import { buildMetadata } from "../../pipeline/metadata";
import {
  renderThumbnail,
  renderVideo,
  type MediaProbe,
} from "../../pipeline/render";
import type { JobContext, JobHandler } from "../context";
import { PermanentJobError } from "../../services/errors";
import { recordCost } from "../../services/cost-ledger";
import { settleProjectAfterRender } from "../../services/projects/outcome";
import { loadProject } from "../../services/projects/stages";
import {
  removePartialFiles,
  renderKeys,
  writeCaptionFiles,
} from "../../services/renders/files";
import { RenderLease } from "../render-lease";
import { sendRenderWebhook } from "../../services/renders/lifecycle";
import { renderRowOnLambda } from "../../services/renders/lambda";
import { composeRenderProps } from "../../services/renders/props";
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
  lease.start();
  const { cancelSignal, cancel } = makeCancelSignal();
  lease.lost.addEventListener("abort", cancel);
  context.shutdown.addEventListener("abort", cancel);
  try {
    await renderRow(
      context,
      lease,
      cancelSignal,
      AbortSignal.any([lease.lost, context.shutdown]),
    );
    return { completed: renderedVideoId };
  } catch (error) {
    await lease.end();
    // A cancelled or crashed render can leave the browser unusable: the next job starts a new one.
    await context.renderer.discardBrowser();
    if (lease.lost.aborted) return { stopped: "cancelled or taken over" };
    return await recordFailure(context, lease, job, error);
  } finally {
    lease.lost.removeEventListener("abort", cancel);
    context.shutdown.removeEventListener("abort", cancel);
    await lease.end();
  }
};

async function renderRow(
  context: JobContext,
  lease: RenderLease,
  cancelSignal: ReturnType<typeof makeCancelSignal>["cancelSignal"],
  signal: AbortSignal,
) {
  const { db } = context.database;
  const { storage } = context;
  const render = lease.row;
  const keys = renderKeys(render);
  await removePartialFiles(storage, keys.folder);
  const project = await loadProject(context, render.projectId);
  const { props, script, voiceover } = await composeRenderProps(
    context,
    project,
    render,
  );
  await writeStoredText(storage, keys.props, JSON.stringify(props, null, 2));
  await context.tools.store.fetchReferenced(props);
  lease.report("bundling", 0.02);
  const serveUrl = await context.renderer.serveUrl();
  const browser = await context.renderer.browser();
  const onLambda = context.config.RENDER_BACKEND === "lambda";
  lease.report("rendering", 0.05);
  const { probe, costUsd } = await storage.write<{
    probe: MediaProbe;
    costUsd?: number;
  }>(keys.video, (outFile) =>
    onLambda
      ? renderRowOnLambda(context, {
          render,
          props,
          outFile,
          signal,
          report: (stage, progress, etaMs) =>
            lease.report(stage, progress, etaMs),
        })
      : renderVideo({
          serveUrl,
          props,
          outFile,
          browser,
          scale: render.scale,
          quality: render.quality,
          cancelSignal,
          onProgress: (p) =>
            lease.report("rendering", 0.05 + p.fraction * 0.85, p.etaMs),
        }).then((probe) => ({ probe, costUsd: undefined })),
  );
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
    voiceover,
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
  await recordCost(db, {
    siteId: project.siteId,
    projectId: project.id,
    operation: "video_composition",
    provider: onLambda ? "remotion-lambda" : "remotion",
    units: 1,
    costUsd,
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
