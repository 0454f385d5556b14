import { makeCancelSignal } from "@remotion/renderer";
import { clipSources } from "../../db/schema";
import { CLIP_JOBS, type ClipQueue } from "../../services/clips/jobs";
import {
  recordClipFailure,
  renderSourceClip,
  selectClipMoments,
  transcribeClipSource,
} from "../../services/clips/work";
import { ClipLease } from "../clip-lease";
import type { JobContext, JobHandler } from "../context";

type Job = Parameters<JobHandler<"clipRender">>[1];

/**
 * Runs `work` under a lease on the row of `queue`'s stage (CLIP_JOBS); a row that is not waiting
 * (done, deleted, held by a live worker) is skipped. A failure is recorded on the row: retried
 * while attempts are left.
 */
async function leased(
  context: JobContext,
  job: Job,
  queue: ClipQueue,
  id: number,
  work: (lease: ClipLease) => Promise<void>,
) {
  const stage = CLIP_JOBS[queue];
  const lease = await ClipLease.claim(context, stage.table, id, {
    ...stage,
    jobId: job.id,
  });
  if (!lease) return { skipped: id };
  try {
    await work(lease);
    return { done: id };
  } catch (error) {
    await lease.end();
    if (lease.lost.aborted) return { stopped: "deleted or taken over" };
    const { last, message } = await recordClipFailure(
      context,
      {
        table: stage.table === clipSources ? "source" : "clip",
        id,
        waiting: stage.waiting,
      },
      lease,
      error,
      job,
    );
    if (!last) throw error;
    return { failed: message };
  } finally {
    await lease.end();
  }
}

/** A job on a source's row: from waiting it is working while `work` runs. */
const sourceHandler =
  (
    queue: "clipTranscribe" | "clipSelect",
    work: (
      context: JobContext,
      clipSourceId: number,
      lease: ClipLease,
    ) => Promise<void>,
  ): JobHandler<"clipTranscribe" | "clipSelect"> =>
  ({ clipSourceId }, job, context) =>
    leased(context, job, queue, clipSourceId, (lease) =>
      work(context, clipSourceId, lease),
    );

export const clipTranscribeHandler = sourceHandler(
  "clipTranscribe",
  transcribeClipSource,
);

export const clipSelectHandler = sourceHandler("clipSelect", selectClipMoments);

export const clipRenderHandler: JobHandler<"clipRender"> = (
  { clipId },
  job,
  context,
) =>
  leased(context, job, "clipRender", clipId, async (lease) => {
    const { cancelSignal, cancel } = makeCancelSignal();
    lease.lost.addEventListener("abort", cancel);
    context.shutdown.addEventListener("abort", cancel);
    try {
      await renderSourceClip(context, clipId, lease, {
        serveUrl: await context.renderer.serveUrl(),
        browser: await context.renderer.browser(),
        cancelSignal,
      });
    } catch (error) {
      // A cancelled or crashed render can leave the browser unusable.
      await context.renderer.discardBrowser();
      throw error;
    } finally {
      lease.lost.removeEventListener("abort", cancel);
      context.shutdown.removeEventListener("abort", cancel);
    }
  });
