import PgBoss from "pg-boss";
import { z } from "zod";
import { PRESET_IDS } from "../compositions/presets";
import { getDatabase, type Database } from "../db";
import { log } from "../log";

/**
 * The job queues (pg-boss on the service's own Postgres): their names, what each job carries, and
 * how jobs are sent. The API and the CLI send; the workers (src/jobs/worker.ts) work.
 */

const id = z.number().int().positive();
const preset = z.enum(PRESET_IDS as [string, ...string[]]);

export const jobPayloads = {
  /** The whole chain: content → script → voice → render every target preset → review. */
  pipeline: z.object({ projectId: id }),
  script: z.object({ projectId: id, provider: z.string().optional() }),
  voiceover: z.object({ projectId: id }),
  /** The `video` queue: one render per job, concurrency 1 per worker. */
  video: z.object({ renderedVideoId: id }),
  thumbnail: z.object({ renderedVideoId: id }),
  subtitles: z.object({ renderedVideoId: id }),
  publish: z.object({ publishedVideoId: id }),
  /** Every 12 hours: every published video's numbers; or one video's, on demand. */
  engagement: z.object({ publishedVideoId: id.optional() }),
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
export const presetSchema = preset;

export const PRIORITIES = { high: 10, normal: 0, low: -10 } as const;
export type Priority = keyof typeof PRIORITIES;

/** Three attempts, 30 s then about 60 s apart (pg-boss doubles the delay, with jitter). */
export const RETRY = { retryLimit: 2, retryDelay: 30, retryBackoff: true };

/** How long a job may run before pg-boss counts it as lost (a render of a long video is slow). */
const EXPIRE_IN_SECONDS: Partial<Record<QueueName, number>> = {
  pipeline: 4 * 3600,
  video: 2 * 3600,
  publish: 3600,
};

let shared: Promise<PgBoss> | null = null;

/** Starts pg-boss on `database` and makes sure every queue exists. */
export async function startQueues(database: Database): Promise<PgBoss> {
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
 * Sends a job after checking its payload. A `singletonKey` makes a second send of the same work
 * return null instead of queueing it twice.
 */
export async function sendJob<Q extends QueueName>(
  queue: Q,
  payload: JobPayload<Q>,
  options: { priority?: Priority; singletonKey?: string; boss?: PgBoss } = {},
): Promise<string | null> {
  const data = jobPayloads[queue].parse(payload) as object;
  const boss = options.boss ?? (await getQueues());
  return boss.send(queue, data, {
    priority: PRIORITIES[options.priority ?? "normal"],
    singletonKey: options.singletonKey,
  });
}
