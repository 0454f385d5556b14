/**
 * The fleet (RENDER_BACKEND=fleet): one render of the demo article's tiktok preset (about 60 s of
 * video, full size) by 1, 2 and 3 worker processes (`npm run worker`), each with its own
 * REELWRIGHT_HOME, that share only Postgres and an S3 bucket (s3rver on loopback, as in the tests;
 * `--storage folder` shares one storage folder instead). For each: wall time (render requested → row completed), the pieces (their
 * time and per-piece overhead: what a piece costs besides its frames — props, composition and
 * page before the first frame, storing after the last), the join (join, loudness, ffprobe
 * checks), and from those the expected time on N machines of this kind, each working one piece
 * at a time. `npm run bench:fleet -- --workers 1,2,3 --piece-seconds 10`
 *
 * The workers run on this machine, so two or three of them share its cores: their wall times
 * show the overhead of the split, not the speed-up of separate machines, which the model gives.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { eq } from "drizzle-orm";
import pg from "pg";
import { z } from "zod";
import { loadConfig } from "../src/config";
import { openDatabase, schema } from "../src/db";
import { ensureEmbeddedPostgres } from "../src/db/embedded";
import { sendJob, startQueues } from "../src/jobs/queues";
import { runWorker } from "../src/jobs/worker";
import { ensureBundle, probeMedia } from "../src/pipeline/render";
import { requestRender } from "../src/services/renders/lifecycle";
import { LocalStorage, storageFromConfig, type Storage } from "../src/storage";
import { startS3Server } from "../test/fakes/s3-server";

const { values } = parseArgs({
  options: {
    workers: { type: "string", default: "1,2,3" },
    "piece-seconds": { type: "string", default: "10" },
    storage: { type: "string", default: "s3" },
  },
});
const options = z
  .object({
    workers: z
      .string()
      .transform((s) => s.split(",").map(Number))
      .pipe(z.array(z.number().int().min(1).max(8)).min(1)),
    "piece-seconds": z.coerce.number().min(3).max(600),
    storage: z.enum(["s3", "folder"]),
  })
  .parse(values);

const out = (line = "") => process.stdout.write(`${line}\n`);
const sec = (ms: number) => (ms / 1000).toFixed(1);

const config = loadConfig();
const name = `bench_fleet_${randomBytes(4).toString("hex")}`;
const url = await ensureEmbeddedPostgres(config.dataDir, name);
const database = await openDatabase(url);
const dir = await mkdtemp(path.join(os.tmpdir(), "rw-bench-fleet-"));
const bucket = options.storage === "s3" ? await startS3Server() : null;
const env: NodeJS.ProcessEnv = {
  ...process.env,
  DATABASE_URL: url,
  ...(bucket
    ? bucket.env
    : { REELWRIGHT_STORAGE_DIR: path.join(dir, "storage") }),
  REELWRIGHT_SECRET_KEY:
    process.env.REELWRIGHT_SECRET_KEY ?? randomBytes(32).toString("base64"),
};
const storage: Storage = bucket
  ? storageFromConfig(loadConfig(env))
  : new LocalStorage(env.REELWRIGHT_STORAGE_DIR!);
/** With a bucket each worker has a home of its own (bundle, media store): nothing else is shared. */
const workerHome = (label: string) =>
  bucket ? { REELWRIGHT_HOME: path.join(dir, `home-${label}`) } : {};
const boss = await startQueues(database, env);

const logLine = z.looseObject({
  msg: z.string(),
  time: z.number(),
  ms: z.number().optional(),
  overheadMs: z.number().optional(),
  piece: z.number().optional(),
});
type LogLine = z.infer<typeof logLine>;

/** A worker process; its log lines (pino JSON on stderr) are kept for the figures. */
function startWorker(label: string) {
  const lines: LogLine[] = [];
  const child: ChildProcess = spawn(
    process.execPath,
    ["--import", "tsx", "src/jobs/worker.ts"],
    {
      stdio: ["ignore", "ignore", "pipe"],
      env: {
        ...env,
        ...workerHome(label),
        RENDER_BACKEND: "fleet",
        RENDER_PIECE_SECONDS: String(options["piece-seconds"]),
        WORKER_QUEUES: "video,render-piece",
        WORKER_POLL_SECONDS: "0.5",
        LOG_LEVEL: "info",
      },
    },
  );
  let rest = "";
  child.stderr!.on("data", (chunk: Buffer) => {
    const text = rest + chunk.toString();
    const parts = text.split("\n");
    rest = parts.pop()!;
    for (const part of parts) {
      try {
        const parsed = logLine.safeParse(JSON.parse(part));
        if (parsed.success) lines.push(parsed.data);
      } catch {
        // Not a log line (a stray message of a child tool).
      }
    }
  });
  const started = new Promise<void>((resolve, reject) => {
    const check = setInterval(() => {
      if (lines.some((l) => l.msg === "worker started")) {
        clearInterval(check);
        resolve();
      }
    }, 200);
    child.once("exit", (code) => {
      clearInterval(check);
      reject(new Error(`worker ${label} exited with ${code}`));
    });
  });
  const stop = () =>
    new Promise<void>((resolve) => {
      child.removeAllListeners("exit");
      child.once("exit", () => resolve());
      child.kill("SIGTERM");
    });
  return { label, lines, started, stop };
}

async function until<T>(check: () => Promise<T | null | undefined | false>) {
  for (;;) {
    const value = await check();
    if (value) return value;
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** The demo article's tiktok project with its script and narration, made once. */
async function prepareProject() {
  const { db } = database;
  const [site] = await db
    .insert(schema.sites)
    .values({ name: "Bench", slug: `bench-${randomBytes(3).toString("hex")}` })
    .returning();
  const [content] = await db
    .insert(schema.contents)
    .values({
      siteId: site.id,
      title: "Demo",
      format: "markdown",
      body: await readFile("public/demo/article.md", "utf8"),
    })
    .returning();
  const [project] = await db
    .insert(schema.videoProjects)
    .values({
      siteId: site.id,
      contentId: content.id,
      title: "Demo",
      targetPresets: ["tiktok"],
      status: "rendering",
    })
    .returning();
  const helper = await runWorker({
    database,
    storage,
    config: loadConfig(env),
    env,
    queues: ["script", "voiceover"],
    pollingIntervalSeconds: 0.5,
  });
  for (const queue of ["script", "voiceover"] as const) {
    const id = await sendJob(queue, { projectId: project.id }, { boss });
    const state = await until(async () => {
      const s = (await boss.getJobById(queue, id!))?.state;
      return s === "completed" || s === "failed" ? s : null;
    });
    if (state === "failed") throw new Error(`the ${queue} job failed`);
  }
  await helper.stop();
  const [script] = await db
    .select()
    .from(schema.videoScripts)
    .where(eq(schema.videoScripts.projectId, project.id));
  return { project, script };
}

type Run = {
  workers: number;
  wallMs: number;
  videoSec: number;
  pieces: number;
  pieceMs: number[];
  overheadMs: number[];
  joinMs: number;
  afterLastPieceMs: number;
  beforeFirstPieceMs: number;
  distinctWorkers: number;
  load: number;
};

async function benchWorkers(
  count: number,
  ids: Awaited<ReturnType<typeof prepareProject>>,
): Promise<Run> {
  const { db } = database;
  const workers = Array.from({ length: count }, (_, i) =>
    startWorker(`w${i + 1}`),
  );
  await Promise.all(workers.map((w) => w.started));
  const load = os.loadavg()[0];
  const requested = Date.now();
  const { renderedVideo } = await requestRender(
    database,
    { projectId: ids.project.id, preset: "tiktok", scriptId: ids.script.id },
    boss,
  );
  const done = await until(async () => {
    const [row] = await db
      .select()
      .from(schema.renderedVideos)
      .where(eq(schema.renderedVideos.id, renderedVideo.id));
    if (row.status === "failed") throw new Error(row.error ?? "failed");
    return row.status === "completed" && row;
  });
  const wallMs = Date.now() - requested;
  await Promise.all(workers.map((w) => w.stop()));
  const probe = await probeMedia(await storage.localCopy(done.filePath!));
  const pieces = await db
    .select()
    .from(schema.renderPieces)
    .where(eq(schema.renderPieces.renderedVideoId, renderedVideo.id));
  const lines = workers.flatMap((w) => w.lines);
  const pieceLines = lines.filter((l) => l.msg === "piece rendered");
  const join = lines.find((l) => l.msg === "pieces joined and checked");
  const firstPieceStart = Math.min(
    ...pieceLines.map((l) => l.time - (l.ms ?? 0)),
  );
  const lastPieceEnd = Math.max(...pieceLines.map((l) => l.time));
  // The next run renders the same script version again: this row makes way.
  await db
    .delete(schema.renderedVideos)
    .where(eq(schema.renderedVideos.id, renderedVideo.id));
  await storage.remove(`projects/${ids.project.id}`);
  return {
    workers: count,
    wallMs,
    videoSec: probe.durationMs / 1000,
    pieces: pieces.length,
    pieceMs: pieceLines.map((l) => l.ms ?? 0),
    overheadMs: pieceLines.map((l) => l.overheadMs ?? 0),
    joinMs: join?.ms ?? NaN,
    afterLastPieceMs: done.renderCompletedAt!.getTime() - lastPieceEnd,
    beforeFirstPieceMs: firstPieceStart - requested,
    distinctWorkers: new Set(pieces.map((p) => p.workerId)).size,
    load,
  };
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

async function main() {
  out(
    `Machine: ${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, ${(os.totalmem() / 1024 ** 3).toFixed(1)} GB, Node ${process.version}; load average at start ${os.loadavg()[0].toFixed(1)}`,
  );
  out(
    `Pieces of ${options["piece-seconds"]} s; workers share Postgres (${name}) and ${storage.describe()}`,
  );
  const ids = await prepareProject();
  // Built before the runs for every worker's home, so no run pays for it.
  const homes = bucket
    ? Array.from({ length: Math.max(...options.workers) }, (_, i) =>
        loadConfig({ ...env, ...workerHome(`w${i + 1}`) }),
      )
    : [config];
  for (const home of homes)
    await ensureBundle({ homeDir: home.homeDir, mediaDir: home.mediaDir });
  const runs: Run[] = [];
  for (const count of options.workers) {
    const run = await benchWorkers(count, ids);
    runs.push(run);
    out(
      `${count} worker(s): ${sec(run.wallMs)} s for ${run.videoSec.toFixed(1)} s of video`,
    );
  }
  out();
  out(
    "| workers | load at start | wall time | realtime | pieces (workers that took some) | piece time, mean | per-piece overhead, mean | before the first piece | join, loudness, checks | after the last piece (join job, thumbnail, captions) |",
  );
  out("|---|---|---|---|---|---|---|---|---|---|");
  for (const r of runs)
    out(
      `| ${r.workers} | ${r.load.toFixed(1)} | ${sec(r.wallMs)} s | ${(r.wallMs / 1000 / r.videoSec).toFixed(2)}× | ${r.pieces} (${r.distinctWorkers}) | ${sec(mean(r.pieceMs))} s | ${sec(mean(r.overheadMs))} s | ${sec(r.beforeFirstPieceMs)} s | ${sec(r.joinMs)} s | ${sec(r.afterLastPieceMs)} s |`,
    );
  // One worker per machine renders its pieces one after another at the speed one worker has
  // alone on a machine: the 1-worker run's piece time.
  const alone = runs.find((r) => r.workers === 1) ?? runs[0];
  const piece = mean(alone.pieceMs);
  out();
  out(
    `Expected on N machines like this one (one worker each): before the first piece ${sec(alone.beforeFirstPieceMs)} s + ⌈${alone.pieces} pieces ÷ N⌉ × ${sec(piece)} s + after the last piece ${sec(alone.afterLastPieceMs)} s`,
  );
  out("| machines | expected wall time | realtime |");
  out("|---|---|---|");
  for (const n of [1, 2, 3, 4, 8]) {
    const ms =
      alone.beforeFirstPieceMs +
      Math.ceil(alone.pieces / n) * piece +
      alone.afterLastPieceMs;
    out(
      `| ${n} | ${sec(ms)} s | ${(ms / 1000 / alone.videoSec).toFixed(2)}× |`,
    );
  }
  out(`\nLoad average at the end: ${os.loadavg()[0].toFixed(1)}`);
}

try {
  await main();
} finally {
  await boss.stop({ graceful: false });
  await database.close();
  const admin = new pg.Client({
    connectionString: url.replace(/\/[^/]+$/, "/postgres"),
  });
  await admin.connect();
  await admin.query(`drop database if exists "${name}" with (force)`);
  await admin.end();
  await bucket?.close();
  await rm(dir, { recursive: true, force: true });
}
