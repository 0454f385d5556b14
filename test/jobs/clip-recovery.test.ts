import { copyFile, readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import type PgBoss from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { schema } from "../../src/db";
import { startQueues } from "../../src/jobs/queues";
import { recoverStaleClips } from "../../src/jobs/recovery";
import { probeMedia } from "../../src/pipeline/render";
import { stageTools } from "../../src/pipeline/stages";
import { sourceKeys } from "../../src/services/clips/files";
import { queueClipJob, type ClipQueue } from "../../src/services/clips/jobs";
import type { WorkContext } from "../../src/services/context";
import { makeTestSource } from "../clips/source";
import {
  createJobsTestEnv,
  exited,
  waitFor,
  workerProcesses,
  type JobsTestEnv,
} from "./helpers";

/**
 * Clip sources (transcribing, selecting) and clips (rendering) whose worker died are put back in
 * line by the workers' recovery sweep, as renders and posts are, instead of waiting for pg-boss to
 * expire their jobs (an hour or two later).
 */
let env: JobsTestEnv;
let boss: PgBoss;
let siteId: number;

beforeAll(async () => {
  env = await createJobsTestEnv();
  boss = await startQueues(env.database, env.env);
  const [site] = await env.database.db
    .insert(schema.sites)
    .values({ name: "Talks", slug: `talks-${Date.now()}` })
    .returning();
  siteId = site.id;
});
afterAll(async () => {
  await boss?.stop({ graceful: false });
  await env?.dispose();
});

const { clipSources, clips } = schema;

const newSource = async (
  values: Partial<typeof clipSources.$inferInsert> = {},
) => {
  const [row] = await env.database.db
    .insert(clipSources)
    .values({
      siteId,
      origin: "talk.mp4",
      preset: "tiktok",
      count: 1,
      minMs: 6_000,
      maxMs: 14_000,
      scale: 0.25,
      ...values,
    })
    .returning();
  return row;
};

const newClip = async (
  sourceId: number,
  values: Partial<typeof clips.$inferInsert> = {},
) => {
  const [row] = await env.database.db
    .insert(clips)
    .values({
      sourceId,
      number: 1,
      firstWord: 0,
      lastWord: 10,
      startMs: 0,
      endMs: 8_000,
      score: 1,
      components: {},
      ...values,
    })
    .returning();
  return row;
};

const sourceRow = async (id: number) =>
  (
    await env.database.db
      .select()
      .from(clipSources)
      .where(eq(clipSources.id, id))
  )[0];
const clipRow = async (id: number) =>
  (await env.database.db.select().from(clips).where(eq(clips.id, id)))[0];

describe("the recovery sweep on clip rows made stale in the database", () => {
  const timing = { staleAfterMs: 10_000 };
  let context: WorkContext;
  // The worker processes below must find none of these rows or their jobs.
  afterAll(async () => {
    await env.database.db.delete(clipSources);
    await env.database.pool.query(
      "delete from pgboss.job where name like 'clip%'",
    );
  });
  beforeAll(() => {
    context = {
      database: env.database,
      boss,
      storage: env.storage,
      config: env.config,
      tools: stageTools(env.config),
    };
  });

  /** A worker takes the row's job, marks the row as its own and dies: its heartbeat stops. */
  const takeAndDie = async (
    queue: ClipQueue,
    id: number,
    working: "transcribing" | "selecting" | "rendering",
  ) => {
    const table = queue === "clipRender" ? clips : clipSources;
    const row = (
      await env.database.db
        .select({ jobId: table.jobId })
        .from(table)
        .where(eq(table.id, id))
    )[0];
    const job = await waitFor(
      "the job to be due",
      async () => (await boss.fetch(queue))[0],
      10_000,
    );
    expect(job.id).toBe(row.jobId);
    await env.database.db
      .update(table as typeof clips)
      .set({
        status: working as never,
        workerId: "dead-worker",
        heartbeatAt: sql`now() - interval '1 minute'`,
      })
      .where(eq(table.id, id));
  };

  it("puts a source whose transcribing worker died back in line, and fails it after the last attempt", async () => {
    const source = await newSource();
    await queueClipJob(env.database.db, boss, "clipTranscribe", source.id);

    await takeAndDie("clipTranscribe", source.id, "transcribing");
    expect((await recoverStaleClips(context, timing)).clipTranscribe).toEqual([
      source.id,
    ]);
    let row = await sourceRow(source.id);
    expect(row).toMatchObject({ status: "queued", workerId: null });
    expect(row.error).toBe(
      "The worker transcribing it stopped responding; it will be transcribed again",
    );
    expect((await boss.getJobById("clipTranscribe", row.jobId!))?.state).toBe(
      "retry",
    );

    // A source whose worker is alive is left alone.
    await env.database.db
      .update(clipSources)
      .set({
        status: "transcribing",
        workerId: "live-worker",
        heartbeatAt: sql`now()`,
      })
      .where(eq(clipSources.id, source.id));
    expect((await recoverStaleClips(context, timing)).clipTranscribe).toEqual(
      [],
    );

    // Two more attempts die: the source fails, saying why in words a user follows.
    await takeAndDie("clipTranscribe", source.id, "transcribing");
    await recoverStaleClips(context, timing);
    expect((await sourceRow(source.id)).status).toBe("queued");
    await takeAndDie("clipTranscribe", source.id, "transcribing");
    await recoverStaleClips(context, timing);
    row = await sourceRow(source.id);
    expect(row.status).toBe("failed");
    expect(row.error).toBe(
      "The video could not be transcribed: the worker transcribing it stopped responding on every attempt",
    );
    expect((await boss.getJobById("clipTranscribe", row.jobId!))?.state).toBe(
      "failed",
    );
    expect((await recoverStaleClips(context, timing)).clipTranscribe).toEqual(
      [],
    );
  });

  it("fails a clip whose rendering worker died on its last attempt, and settles its source", async () => {
    const source = await newSource({ status: "rendering" });
    const clip = await newClip(source.id);
    const jobId = await boss.send(
      "clipRender",
      { clipId: clip.id },
      { retryLimit: 0 },
    );
    await env.database.db
      .update(clips)
      .set({ jobId })
      .where(eq(clips.id, clip.id));
    await takeAndDie("clipRender", clip.id, "rendering");

    expect((await recoverStaleClips(context, timing)).clipRender).toEqual([
      clip.id,
    ]);
    const row = await clipRow(clip.id);
    expect(row).toMatchObject({ status: "failed", workerId: null });
    expect(row.error).toBe(
      "The clip could not be rendered: the worker rendering it stopped responding on every attempt",
    );
    // Its only clip failed: the source is done, with nothing made.
    expect(await sourceRow(source.id)).toMatchObject({
      status: "failed",
      error: "No clip could be rendered",
    });
  });

  it("sends a waiting row its job when it never got one, and leaves waiting jobs and uploads alone", async () => {
    const old = sql`now() - interval '1 minute'`;
    // The transcribe job finished and moved the source on, but died before sending the select job.
    const transcribed = await newSource({ status: "selecting" });
    await queueClipJob(env.database.db, boss, "clipTranscribe", transcribed.id);
    const [done] = await boss.fetch("clipTranscribe");
    await boss.complete("clipTranscribe", done.id);
    // A clip row made, its render job never sent.
    const parent = await newSource({ status: "rendering" });
    const orphan = await newClip(parent.id);
    // A clip whose job waits for a free worker; a source whose upload is still being written.
    const waiting = await newClip(parent.id, { number: 2 });
    waiting.jobId = await queueClipJob(
      env.database.db,
      boss,
      "clipRender",
      waiting.id,
    );
    const uploading = await newSource({ workerId: "upload" });
    for (const table of [clipSources, clips] as const)
      await env.database.db
        .update(table as typeof clips)
        .set({ updatedAt: old })
        .where(sql`true`);

    const touched = await recoverStaleClips(context, timing);
    expect(touched).toEqual({
      clipTranscribe: [],
      clipSelect: [transcribed.id],
      clipRender: [orphan.id],
    });
    const selecting = await sourceRow(transcribed.id);
    expect(selecting.jobId).not.toBe(done.id);
    expect((await boss.getJobById("clipSelect", selecting.jobId!))?.state).toBe(
      "created",
    );
    const sent = await clipRow(orphan.id);
    expect((await boss.getJobById("clipRender", sent.jobId!))?.state).toBe(
      "created",
    );
    expect((await clipRow(waiting.id)).jobId).toBe(waiting.jobId);
    expect(await sourceRow(uploading.id)).toMatchObject({
      status: "queued",
      jobId: null,
    });
    // Sent once: the next sweep finds their jobs waiting.
    expect(await recoverStaleClips(context, timing)).toEqual({
      clipTranscribe: [],
      clipSelect: [],
      clipRender: [],
    });
  });
});

/**
 * A worker process is killed with SIGKILL (no chance to clean up) while it renders a clip; a
 * second worker process finds the clip's lease stale at once and finishes it.
 */
describe("a worker killed in the middle of a clip", () => {
  let workers: ReturnType<typeof workerProcesses>;
  beforeAll(() => {
    workers = workerProcesses(env, "clipTranscribe,clipSelect,clipRender");
  });
  afterAll(() => workers?.killAll());

  it("is finished by another worker long before pg-boss would expire its job", async () => {
    const { db } = env.database;
    const talk = await makeTestSource(env.dir);
    const source = await newSource();
    const key = sourceKeys(source).source("mp4");
    await env.storage.write(key, (temporary) => copyFile(talk.file, temporary));
    await db
      .update(clipSources)
      .set({ sourcePath: key })
      .where(eq(clipSources.id, source.id));
    await queueClipJob(db, boss, "clipTranscribe", source.id);

    const first = workers.start("first");
    const midway = await waitFor(
      "the first worker to be rendering the clip",
      async () => {
        const [clip] = await db
          .select()
          .from(clips)
          .where(eq(clips.sourceId, source.id));
        return clip?.status === "rendering" && clip.stage !== null && clip;
      },
      240_000,
      200,
    );
    process.kill(-first.pid!, "SIGKILL");
    expect(await exited(first)).toBe("SIGKILL");
    // Nobody will ever finish this clip but another worker.
    expect(await clipRow(midway.id)).toMatchObject({
      status: "rendering",
      workerId: midway.workerId,
    });
    expect((await boss.getJobById("clipRender", midway.jobId!))?.state).toBe(
      "active",
    );

    const second = workers.start("second");
    const done = await waitFor(
      "the second worker to finish the clip",
      async () => {
        const row = await clipRow(midway.id);
        return row.status === "completed" && row;
      },
      180_000,
      500,
    );
    expect(done.attempts).toBe(2);
    expect(done.error).toBeNull();
    expect((await boss.getJobById("clipRender", done.jobId!))?.state).toBe(
      "completed",
    );
    expect(await sourceRow(source.id)).toMatchObject({
      status: "completed",
      error: null,
    });
    const files = await readdir(env.storage.resolve(done.folder!));
    expect(files.filter((f) => f.endsWith(".mp4"))).toEqual(["clip-1.mp4"]);
    const probe = await probeMedia(
      env.storage.resolve(`${done.folder}/clip-1.mp4`),
    );
    expect(probe.video).toMatchObject({ width: 270, height: 480 });
    const log = await readFile(path.join(env.dir, "second.log"), "utf8");
    expect(log).toMatch(/recovered a stale clip job/);

    second.kill("SIGTERM");
    expect(await exited(second)).toBe(0);
  }, 480_000);
});
