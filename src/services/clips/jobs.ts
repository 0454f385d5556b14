import { eq } from "drizzle-orm";
import type PgBoss from "pg-boss";
import type { ClipSourceStatus, RenderStatus } from "../../core/statuses";
import type { Db } from "../../db";
import { clips, clipSources } from "../../db/schema";
import { sendJob } from "../../jobs/queues";

/**
 * The clip jobs, one a stage, and the row each works on: the status the row waits in for its job
 * and the one it has while a worker holds it (`selecting` is both: a held row has a worker). The
 * handlers claim by these and the recovery sweep looks for stale rows by them.
 */
export const CLIP_JOBS = {
  clipTranscribe: {
    table: clipSources,
    waiting: "queued",
    working: "transcribing",
    /** What the user reads when the workers keep dying at this stage. */
    failed: "The video could not be transcribed",
    again: "it will be transcribed again",
  },
  clipSelect: {
    table: clipSources,
    waiting: "selecting",
    working: "selecting",
    failed: "The clips could not be chosen",
    again: "they will be chosen again",
  },
  clipRender: {
    table: clips,
    waiting: "queued",
    working: "rendering",
    failed: "The clip could not be rendered",
    again: "it will be rendered again",
  },
} as const satisfies Record<
  string,
  {
    table: typeof clipSources | typeof clips;
    waiting: ClipSourceStatus | RenderStatus;
    working: ClipSourceStatus | RenderStatus;
    failed: string;
    again: string;
  }
>;

export type ClipQueue = keyof typeof CLIP_JOBS;

const payload = (queue: ClipQueue, id: number) =>
  queue === "clipRender" ? { clipId: id } : { clipSourceId: id };

/**
 * Sends a clip row's job for its stage and notes the job on the row, where the recovery sweep
 * finds it (a row left without one, the process having died in between, is sent one by the sweep).
 */
export async function queueClipJob(
  db: Db,
  boss: PgBoss,
  queue: ClipQueue,
  id: number,
): Promise<string | null> {
  const jobId = await sendJob(queue, payload(queue, id) as never, { boss });
  // One table at a time: both have these columns, Drizzle cannot type the union.
  const t = CLIP_JOBS[queue].table as typeof clips;
  await db.update(t).set({ jobId }).where(eq(t.id, id));
  return jobId;
}
