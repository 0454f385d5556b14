import type PgBoss from "pg-boss";
import type { WorkContext } from "../services/context";
import type { JobPayload, QueueName } from "./queues";
import type { Renderer } from "./renderer";

/** How often a worker reports, and when a silent one counts as gone. */
export type Timing = {
  /** Progress is written to the rows at most this often. */
  progressIntervalMs: number;
  /** A render's row is touched at least this often while it runs. */
  heartbeatMs: number;
  /** A rendering row untouched this long belongs to a worker that died. */
  staleAfterMs: number;
};

/** What every handler gets besides its payload: what the services it calls work with, and more. */
export type JobContext = WorkContext & {
  renderer: Renderer;
  workerId: string;
  timing: Timing;
  /** Aborted when the worker is asked to stop: a long job gives its work back. */
  shutdown: AbortSignal;
};

export type JobHandler<Q extends QueueName> = (
  payload: JobPayload<Q>,
  job: PgBoss.JobWithMetadata<unknown>,
  context: JobContext,
) => Promise<unknown>;
