import { makeCancelSignal } from "@remotion/renderer";
import { clips, clipSources } from "../../db/schema";
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
 * Runs `work` under a lease on the row; a row that is not waiting (done, deleted, held by a live
 * worker) is skipped. A failure is recorded on the row: retried while attempts are left.
 */
async function leased(
  context: JobContext,
  job: Job,
  target: {
    table: "source" | "clip";
    id: number;
    waiting: string;
    working: string;
  },
  work: (lease: ClipLease) => Promise<void>,
) {
  const lease = await ClipLease.claim(
    context,
    target.table === "source" ? clipSources : clips,
    target.id,
    target,
  );
  if (!lease) return { skipped: target.id };
  try {
    await work(lease);
    return { done: target.id };
  } catch (error) {
    await lease.end();
    if (lease.lost.aborted) return { stopped: "deleted or taken over" };
    const { last, message } = await recordClipFailure(
      context,
      target,
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

/** A job on a source's row: from `waiting` it is `working` while `work` runs. */
const sourceHandler =
  (
    statuses: { waiting: string; working: string },
    work: (
      context: JobContext,
      clipSourceId: number,
      lease: ClipLease,
    ) => Promise<void>,
  ): JobHandler<"clipTranscribe" | "clipSelect"> =>
  ({ clipSourceId }, job, context) =>
    leased(
      context,
      job,
      { table: "source", id: clipSourceId, ...statuses },
      (lease) => work(context, clipSourceId, lease),
    );

export const clipTranscribeHandler = sourceHandler(
  { waiting: "queued", working: "transcribing" },
  transcribeClipSource,
);

export const clipSelectHandler = sourceHandler(
  { waiting: "selecting", working: "selecting" },
  selectClipMoments,
);

export const clipRenderHandler: JobHandler<"clipRender"> = (
  { clipId },
  job,
  context,
) =>
  leased(
    context,
    job,
    { table: "clip", id: clipId, waiting: "queued", working: "rendering" },
    async (lease) => {
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
    },
  );
