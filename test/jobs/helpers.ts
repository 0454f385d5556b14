import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import sharp from "sharp";
import type { PresetId } from "../../src/compositions/presets";
import { loadConfig } from "../../src/config";
import { schema } from "../../src/db";
import { LocalStorage } from "../../src/storage";
import { createTestDatabase } from "../helpers/database";

/**
 * The jobs' home (bundle, media store, stage caches) is shared by the job tests and kept between
 * runs: bundling the compositions costs half a minute. Each test file gets its own database and
 * storage root.
 */
export const JOBS_HOME = path.join(tmpdir(), "reelwright-test-jobs-home");

/** The article's image travels inside it, as a data: image: the worker reads no file an article names. */
const DEEP_JPEG = await sharp(
  Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="800"><rect width="1200" height="800" fill="#1d6fa5"/><circle cx="800" cy="300" r="140" fill="#fff8"/></svg>`,
  ),
)
  .jpeg()
  .toBuffer();

export const ARTICLE = `---
title: Why the sea is blue
description: Sunlight, water and a little physics explain the colour of the open ocean.
keywords: [ocean, light, colour]
---

# Why the sea is blue

Stand on a cliff above the open ocean and the water looks a deep, clear blue, even on a day when the sky is grey.

## Water drinks the red light

![Sunlight sinking into deep blue water](data:image/jpeg;base64,${DEEP_JPEG.toString("base64")})

Sunlight is a mix of every colour. Water molecules absorb the long red and orange wavelengths first, a little with every metre the light travels. Ten metres down, most of the red is gone. What is left is mostly blue.

## Blue light comes back

Some of the blue light bounces off water molecules and tiny particles and returns to the surface. That returning light is what reaches your eyes, so deep clear water looks blue.
`;

export type JobsTestEnv = Awaited<ReturnType<typeof createJobsTestEnv>>;

export async function createJobsTestEnv() {
  const database = await createTestDatabase();
  const dir = await mkdtemp(path.join(tmpdir(), "rw-jobs-"));
  const storage = new LocalStorage(path.join(dir, "storage"));
  const env = {
    ...process.env,
    REELWRIGHT_HOME: JOBS_HOME,
    DATABASE_URL: database.url,
    JOB_RETRY_DELAY_SECONDS: "1",
    // Workers refuse to start when stored account tokens cannot be read.
    REELWRIGHT_SECRET_KEY: randomBytes(32).toString("base64"),
  };
  const config = loadConfig(env);
  const dispose = async () => {
    await database.drop();
    await rm(dir, { recursive: true, force: true });
  };
  return { database, storage, config, env, dir, dispose };
}

/** A site, its article and a project targeting `presets`. */
export async function createProject(
  { database }: JobsTestEnv,
  options: {
    presets: PresetId[];
    article?: string;
    format?: "markdown" | "html" | "json";
    status?: (typeof schema.videoProjects.$inferSelect)["status"];
    siteSettings?: Record<string, unknown>;
  },
) {
  const { db } = database;
  const [site] = await db
    .insert(schema.sites)
    .values({
      name: "Sea facts",
      slug: `sea-${Math.random().toString(36).slice(2)}`,
      settings: options.siteSettings ?? {},
    })
    .returning();
  const [content] = await db
    .insert(schema.contents)
    .values({
      siteId: site.id,
      title: "Why the sea is blue",
      format: options.format ?? "markdown",
      body: options.article ?? ARTICLE,
    })
    .returning();
  const [project] = await db
    .insert(schema.videoProjects)
    .values({
      siteId: site.id,
      contentId: content.id,
      title: "Why the sea is blue",
      targetPresets: options.presets,
      status: options.status ?? "draft",
    })
    .returning();
  return { site, content, project };
}

export async function projectRow({ database }: JobsTestEnv, id: number) {
  const [row] = await database.db
    .select()
    .from(schema.videoProjects)
    .where(eq(schema.videoProjects.id, id));
  return row;
}

export async function renderRow({ database }: JobsTestEnv, id: number) {
  const [row] = await database.db
    .select()
    .from(schema.renderedVideos)
    .where(eq(schema.renderedVideos.id, id));
  return row;
}

/** Polls `check` until it returns a value (not undefined/false), or fails after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined | false | null>,
  timeoutMs: number,
  everyMs = 250,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/**
 * `npm run worker` as its own process group (so killing the group takes its Chromium and ffmpeg
 * too), its log written to `logFile`.
 */
export function spawnWorker(
  env: NodeJS.ProcessEnv,
  logFile: string,
): ChildProcess {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", "src/jobs/worker.ts"],
    { detached: true, stdio: ["ignore", "ignore", "pipe"], env },
  );
  child.stderr!.pipe(createWriteStream(logFile));
  return child;
}

/** The exit code, or the signal, of a child process, once it has exited. */
export const exited = (child: ChildProcess) =>
  new Promise<number | string | null>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null)
      resolve(child.exitCode ?? child.signalCode);
    else child.once("exit", (code, signal) => resolve(code ?? signal));
  });

/**
 * Worker processes for a crash test on `queues`: quick progress and heartbeats, a lease stale
 * after 4 s, the test's storage; each one's log in `<name>.log`. `killAll` ends any still running.
 */
export function workerProcesses(env: JobsTestEnv, queues: string) {
  const children: ChildProcess[] = [];
  return {
    start(name: string) {
      const child = spawnWorker(
        {
          ...env.env,
          REELWRIGHT_STORAGE_DIR: env.storage.root,
          WORKER_QUEUES: queues,
          WORKER_POLL_SECONDS: "0.5",
          WORKER_PROGRESS_SECONDS: "0.5",
          WORKER_HEARTBEAT_SECONDS: "1",
          WORKER_STALE_SECONDS: "4",
          LOG_LEVEL: "info",
        },
        path.join(env.dir, `${name}.log`),
      );
      children.push(child);
      return child;
    },
    killAll() {
      for (const child of children)
        if (child.exitCode === null && child.signalCode === null)
          process.kill(-child.pid!, "SIGKILL");
    },
  };
}
