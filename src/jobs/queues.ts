import { PRIORITIES, type Priority } from "../core/priorities";
import PgBoss from "pg-boss";
import { z } from "zod";
import { getDatabase, type Database } from "../db";
import { log } from "../log";

/**
 * The job queues (pg-boss on the service's own Postgres): their names, what each job carries, and
 * how jobs are sent. The API and the CLI send; the workers (src/jobs/worker.ts) work.
 */

const id = z.number().int().positive();

export const jobPayloads = {
  /** The whole chain: content → script → voice → render every target preset → review. */
  pipeline: z.object({
    projectId: id,
    /** Output size relative to the presets (drafts, tests); 1 by default. */
    scale: z.number().min(0.1).max(1).optional(),
  }),
  script: z.object({ projectId: id, provider: z.string().optional() }),
  voiceover: z.object({ projectId: id }),
  /** The `video` queue: one render per job, concurrency 1 per worker. */
  video: z.object({ renderedVideoId: id }),
  /** One frame-range piece of a fleet render (RENDER_BACKEND=fleet), taken by any worker. */
  "render-piece": z.object({
    renderedVideoId: id,
    index: z.number().int().min(0).max(10_000),
  }),
  thumbnail: z.object({ renderedVideoId: id }),
  subtitles: z.object({ renderedVideoId: id }),
  publish: z.object({ publishedVideoId: id }),
  /** Every 12 hours: every published video's numbers; or one video's, on demand. */
  engagement: z.object({ publishedVideoId: id.optional() }),
  /** Every 15 minutes: each site's feed (or one site's), new items starting projects. */
  feeds: z.object({ siteId: id.optional() }),
  /** Long videos into clips: transcribe the source, select its moments, render each clip. */
  clipTranscribe: z.object({ clipSourceId: id }),
  clipSelect: z.object({ clipSourceId: id }),
  clipRender: z.object({ clipId: id }),
  /** A signed POST to the site's webhook URL (render finished or failed). */
  webhook: z.object({
    siteId: id,
    event: z.string(),
    data: z.record(z.string(), z.unknown()),
  }),
} as const;

export type QueueName = keyof typeof jobPayloads;
export type JobPayload<Q extends QueueName> = z.infer<(typeof jobPayloads)[Q]>;
export const QUEUE_NAMES = Object.keys(jobPayloads) as QueueName[];

export { PRIORITIES, type Priority };

/** The priority name of a job's number, so work a job starts can inherit its priority. */
export const priorityOf = (value: number): Priority =>
  value > 0 ? "high" : value < 0 ? "low" : "normal";

/**
 * Three attempts, the second 1–2 delays after the first failure and the third 2–4 delays after the
 * second (pg-boss doubles the delay, with jitter). JOB_RETRY_DELAY_SECONDS sets the delay (30 s).
 */
export const RETRY = { retryLimit: 2, retryDelay: 30, retryBackoff: true };

/**
 * How long a job may run before pg-boss counts it as lost. A render of a long video is slow, so
 * its limit is generous; a crashed render is found much sooner by its row's heartbeat
 * (src/jobs/recovery.ts).
 */
const EXPIRE_IN_SECONDS: Partial<Record<QueueName, number>> = {
  pipeline: 3600,
  video: 2 * 3600,
  "render-piece": 3600,
  clipTranscribe: 2 * 3600,
  clipRender: 3600,
  publish: 3600,
};

const queueEnvSchema = z.object({
  JOB_RETRY_DELAY_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .default(RETRY.retryDelay),
});

let shared: Promise<PgBoss> | null = null;

/**
 * Starts pg-boss on `database` and makes sure every queue exists. A queue's retry policy is fixed
 * when it is first created. Every queue is 'standard': in pg-boss 10 a `singletonKey` does not
 * stop a second send to such a queue (checked), so the domain tables' unique indexes are what
 * keeps work from being queued twice (see `requestRender`).
 */
export async function startQueues(
  database: Database,
  env: NodeJS.ProcessEnv = process.env,
): Promise<PgBoss> {
  const { JOB_RETRY_DELAY_SECONDS } = queueEnvSchema.parse(env);
  const boss = new PgBoss({
    connectionString: database.url,
    schema: "pgboss",
    max: 4,
  });
  boss.on("error", (error) => log.error({ err: error }, "job queue error"));
  await boss.start();
  for (const name of QUEUE_NAMES) {
    await boss.createQueue(name, {
      name,
      ...RETRY,
      retryDelay: JOB_RETRY_DELAY_SECONDS,
      expireInSeconds: EXPIRE_IN_SECONDS[name] ?? 15 * 60,
    });
  }
  return boss;
}

/** This process's queue client, started on first use. */
export function getQueues(): Promise<PgBoss> {
  shared ??= getDatabase()
    .then(startQueues)
    .catch((error) => {
      shared = null;
      throw error;
    });
  return shared;
}

export async function stopQueues() {
  const current = shared;
  shared = null;
  if (current) await (await current).stop({ graceful: true, wait: true });
}

/**
 * Sends a job after checking its payload. On our standard queues a `singletonKey` is only a label:
 * pg-boss 10 queues a second send with the same key, so the domain tables keep duplicates out.
 */
export async function sendJob<Q extends QueueName>(
  queue: Q,
  payload: JobPayload<Q>,
  options: {
    priority?: Priority;
    singletonKey?: string;
    boss?: PgBoss;
    /** Not before this time (or this many seconds from now). */
    startAfter?: Date | number;
  } = {},
): Promise<string | null> {
  const data = jobPayloads[queue].parse(payload) as object;
  const boss = options.boss ?? (await getQueues());
  return boss.send(queue, data, {
    priority: PRIORITIES[options.priority ?? "normal"],
    singletonKey: options.singletonKey,
    startAfter: options.startAfter,
  });
}
