import { readFile, stat, writeFile } from "node:fs/promises";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { schema } from "../../src/db";
import { cleanupAfterPublish } from "../../src/services/cleanup";
import type { JobHandler } from "../../src/jobs/context";
import { recoverStaleRenders } from "../../src/jobs/recovery";
import { renderKeys } from "../../src/services/renders/files";
import {
  cancelRender,
  requestRender,
} from "../../src/services/renders/lifecycle";
import { sendJob, startQueues } from "../../src/jobs/queues";
import { runWorker, type Worker } from "../../src/jobs/worker";
import { MediaStore } from "../../src/pipeline/media-store";
import {
  createJobsTestEnv,
  createProject,
  projectRow,
  renderRow,
  waitFor,
  type JobsTestEnv,
} from "./helpers";

/** The queue's own behaviour: retries, priorities, duplicates, cancellation, recovery. */
describe("the job queues", () => {
  let env: JobsTestEnv;
  beforeAll(async () => {
    env = await createJobsTestEnv();
  });
  afterAll(() => env?.dispose());

  const startWorker = (options: Parameters<typeof runWorker>[0]) =>
    runWorker({
      database: env.database,
      storage: env.storage,
      config: env.config,
      env: env.env,
      pollingIntervalSeconds: 0.5,
      ...options,
    });

  it("retries a failing job with a growing delay: three attempts in all", async () => {
    const attempts: Array<{ at: number; retryCount: number }> = [];
    const flaky: JobHandler<"subtitles"> = async (_payload, job) => {
      attempts.push({ at: Date.now(), retryCount: job.retryCount });
      if (attempts.length < 3) throw new Error("not yet");
      return { ok: true };
    };
    const worker = await startWorker({
      handlers: { subtitles: flaky },
      queues: ["subtitles"],
    });
    try {
      const jobId = await sendJob(
        "subtitles",
        { renderedVideoId: 1 },
        { boss: worker.boss },
      );
      const job = await waitFor(
        "the third attempt to complete",
        async () => {
          const job = await worker.boss.getJobById("subtitles", jobId!);
          return job?.state === "completed" && job;
        },
        30_000,
      );
      expect(attempts.map((a) => a.retryCount)).toEqual([0, 1, 2]);
      expect(job.retryCount).toBe(2);
      // A 1 s base delay, doubled each time (with up to 100% jitter).
      const first = attempts[1].at - attempts[0].at;
      const second = attempts[2].at - attempts[1].at;
      expect(first).toBeGreaterThanOrEqual(1000);
      expect(second).toBeGreaterThanOrEqual(2000);
    } finally {
      await worker.stop();
    }
  });

  it("works high-priority jobs before normal and low ones queued earlier", async () => {
    const boss = await startQueues(env.database, env.env);
    const order: number[] = [];
    try {
      for (const [id, priority] of [
        [1, "low"],
        [2, "normal"],
        [3, "high"],
        [4, "low"],
        [5, "high"],
      ] as const)
        await sendJob("thumbnail", { renderedVideoId: id }, { boss, priority });
    } finally {
      await boss.stop({ graceful: false });
    }
    const worker = await startWorker({
      handlers: {
        thumbnail: async ({ renderedVideoId }) => {
          order.push(renderedVideoId);
        },
      },
      queues: ["thumbnail"],
    });
    try {
      await waitFor("five jobs", async () => order.length === 5, 20_000);
      expect(order.slice(0, 2).sort()).toEqual([3, 5]);
      expect(order[2]).toBe(2);
      expect(order.slice(3).sort()).toEqual([1, 4]);
    } finally {
      await worker.stop();
    }
  });

  it("makes one render row and one job for two identical requests, even at the same moment", async () => {
    const { project } = await createProject(env, { presets: ["tiktok"] });
    const [script] = await env.database.db
      .insert(schema.videoScripts)
      .values({
        projectId: project.id,
        videoType: "short",
        version: 1,
        script: {},
        scriptText: "",
        totalEstimatedDurationSec: 40,
        provider: "extractive",
      })
      .returning();
    const boss = await startQueues(env.database, env.env);
    try {
      // pg-boss alone would not stop the duplicate: a singletonKey on a standard queue does not.
      const a = await sendJob("webhook", dummyWebhook, {
        boss,
        singletonKey: "same",
      });
      const b = await sendJob("webhook", dummyWebhook, {
        boss,
        singletonKey: "same",
      });
      expect(a && b && a !== b).toBe(true);

      const request = {
        projectId: project.id,
        preset: "tiktok" as const,
        scriptId: script.id,
        scale: 0.25,
      };
      const [one, two] = await Promise.all([
        requestRender(env.database, request, boss),
        requestRender(env.database, request, boss),
      ]);
      const again = await requestRender(env.database, request, boss);
      expect(one.renderedVideo.id).toBe(two.renderedVideo.id);
      expect(again.renderedVideo.id).toBe(one.renderedVideo.id);
      expect([one.created, two.created].sort()).toEqual([false, true]);
      expect(again.created).toBe(false);
      const jobs = await env.database.pool.query(
        "select id from pgboss.job where name = 'video' and data->>'renderedVideoId' = $1",
        [String(one.renderedVideo.id)],
      );
      expect(jobs.rows).toHaveLength(1);
      expect((await renderRow(env, one.renderedVideo.id)).jobId).toBe(
        jobs.rows[0].id,
      );

      // Cancelled while queued: the row says so, the job is dropped, and a new request renders anew.
      expect(await cancelRender(env.database, one.renderedVideo.id, boss)).toBe(
        true,
      );
      expect((await renderRow(env, one.renderedVideo.id)).status).toBe(
        "cancelled",
      );
      expect((await boss.getJobById("video", jobs.rows[0].id))?.state).toBe(
        "cancelled",
      );
      expect(await cancelRender(env.database, one.renderedVideo.id, boss)).toBe(
        false,
      );
      const fresh = await requestRender(env.database, request, boss);
      expect(fresh.created).toBe(true);
      expect(fresh.renderedVideo.id).not.toBe(one.renderedVideo.id);
      await cancelRender(env.database, fresh.renderedVideo.id, boss);
    } finally {
      await boss.stop({ graceful: false });
    }
  });

  it("gives the render of a worker that went quiet back to the queue, and fails it after the last attempt", async () => {
    const { project } = await createProject(env, {
      presets: ["tiktok"],
      status: "rendering",
    });
    const [script] = await env.database.db
      .insert(schema.videoScripts)
      .values({
        projectId: project.id,
        videoType: "short",
        version: 1,
        script: {},
        scriptText: "",
        totalEstimatedDurationSec: 40,
        provider: "extractive",
      })
      .returning();
    const boss = await startQueues(env.database, env.env);
    try {
      const { renderedVideo } = await requestRender(
        env.database,
        { projectId: project.id, preset: "tiktok", scriptId: script.id },
        boss,
      );
      const { db } = env.database;
      // A worker takes the job, marks the row and dies: its heartbeat stops.
      const takeAndDie = async () => {
        const job = await waitFor(
          "the job to be due",
          async () => (await boss.fetch("video"))[0],
          10_000,
        );
        expect(job.id).toBe(renderedVideo.jobId);
        await db
          .update(schema.renderedVideos)
          .set({
            status: "rendering",
            workerId: "dead-worker",
            heartbeatAt: sql`now() - interval '1 minute'`,
          })
          .where(eq(schema.renderedVideos.id, renderedVideo.id));
      };
      const timing = { staleAfterMs: 10_000 };

      await takeAndDie();
      expect(await recoverStaleRenders(env.database, boss, timing)).toEqual([
        renderedVideo.id,
      ]);
      let row = await renderRow(env, renderedVideo.id);
      expect(row).toMatchObject({ status: "queued", workerId: null });
      expect(row.error).toMatch(/stopped responding/);
      expect((await boss.getJobById("video", row.jobId!))?.state).toBe("retry");

      // A row whose worker is alive is left alone.
      await db
        .update(schema.renderedVideos)
        .set({ status: "rendering", heartbeatAt: sql`now()` })
        .where(eq(schema.renderedVideos.id, renderedVideo.id));
      expect(await recoverStaleRenders(env.database, boss, timing)).toEqual([]);

      // The second attempt dies too, then the third and last: the render fails, and so does the
      // project's chain.
      await takeAndDie();
      await recoverStaleRenders(env.database, boss, timing);
      expect((await renderRow(env, renderedVideo.id)).status).toBe("queued");
      await takeAndDie();
      await recoverStaleRenders(env.database, boss, timing);
      row = await renderRow(env, renderedVideo.id);
      expect(row.status).toBe("failed");
      expect(row.error).toMatch(/stopped responding on every attempt/);
      expect((await boss.getJobById("video", row.jobId!))?.state).toBe(
        "failed",
      );
      const after = await projectRow(env, project.id);
      expect(after.status).toBe("failed");
      expect(after.error).toMatch(/TikTok/);
      const webhooks = await env.database.pool.query(
        "select data from pgboss.job where name = 'webhook' and data->>'event' = 'render.failed'",
      );
      expect(webhooks.rows.map((r) => r.data.data.renderedVideoId)).toContain(
        renderedVideo.id,
      );
    } finally {
      await boss.stop({ graceful: false });
    }
  });

  it("clears a project's intermediate files after publishing and keeps what can still be used", async () => {
    const { project } = await createProject(env, { presets: ["tiktok"] });
    const { db } = env.database;
    const [script] = await db
      .insert(schema.videoScripts)
      .values({
        projectId: project.id,
        videoType: "short",
        version: 1,
        script: {},
        scriptText: "",
        totalEstimatedDurationSec: 40,
        provider: "extractive",
      })
      .returning();
    const render = (status: "completed" | "failed", scale: number) =>
      db
        .insert(schema.renderedVideos)
        .values({
          projectId: project.id,
          preset: "tiktok",
          scriptId: script.id,
          status,
          scale,
        })
        .returning()
        .then(([row]) => row);
    const published = await render("completed", 1);
    const failed = await render("failed", 0.5);
    const put = (key: string) =>
      env.storage.write(key, (tmp) => writeFile(tmp, "x"));
    const done = renderKeys(published);
    await put(done.video);
    await put(`${done.folder}/.tiktok.1234.partial.mp4`);
    await put(renderKeys(failed).video);

    const media = new MediaStore(env.config.mediaDir);
    const oldAudio = await media.putBuffer(
      Buffer.from(`old ${project.id}`),
      "wav",
    );
    const newAudio = await media.putBuffer(
      Buffer.from(`new ${project.id}`),
      "wav",
    );
    for (const audioFile of [oldAudio, newAudio])
      await db.insert(schema.voiceovers).values({
        projectId: project.id,
        scriptId: script.id,
        provider: "festival",
        voice: "slt",
        speed: 1,
        voiceover: { audioFile },
        durationMs: 30_000,
      });

    const removed = await cleanupAfterPublish(
      env.database,
      { storage: env.storage, media },
      published.id,
    );
    expect(removed.sort()).toEqual(
      [
        `${done.folder}/.tiktok.1234.partial.mp4`,
        renderKeys(failed).folder,
        oldAudio,
      ].sort(),
    );
    const exists = (file: string) =>
      stat(file).then(
        () => true,
        () => false,
      );
    expect(await exists(env.storage.resolve(done.video))).toBe(true);
    expect(await exists(env.storage.resolve(renderKeys(failed).folder))).toBe(
      false,
    );
    expect(await exists(media.resolve(oldAudio))).toBe(false);
    expect(await exists(media.resolve(newAudio))).toBe(true);
  });

  describe("script and voiceover jobs", () => {
    let worker: Worker;
    beforeAll(async () => {
      worker = await startWorker({ queues: ["script", "voiceover"] });
    });
    afterAll(() => worker?.stop());

    it("store a new script version per run and a narration whose audio is in the media store, with their costs", async () => {
      const { project, site } = await createProject(env, {
        presets: ["youtube_short", "tiktok"],
      });
      const send = (queue: "script" | "voiceover") =>
        sendJob(queue, { projectId: project.id }, { boss: worker.boss });
      const finished = async (
        queue: "script" | "voiceover",
        id: string | null,
      ) =>
        waitFor(
          `the ${queue} job`,
          async () => {
            const job = await worker.boss.getJobById(queue, id!);
            return (
              (job?.state === "completed" || job?.state === "failed") && job
            );
          },
          60_000,
        );
      expect((await finished("script", await send("script")))!.state).toBe(
        "completed",
      );
      expect((await finished("script", await send("script")))!.state).toBe(
        "completed",
      );
      const scripts = await env.database.db
        .select()
        .from(schema.videoScripts)
        .where(eq(schema.videoScripts.projectId, project.id));
      // Both presets share one short script: two runs, versions 1 and 2.
      expect(scripts.map((s) => [s.videoType, s.version]).sort()).toEqual([
        ["short", 1],
        ["short", 2],
      ]);
      expect(scripts[0].scriptText).toMatch(/blue/);

      expect(
        (await finished("voiceover", await send("voiceover")))!.state,
      ).toBe("completed");
      const [voiceover] = await env.database.db
        .select()
        .from(schema.voiceovers)
        .where(eq(schema.voiceovers.projectId, project.id));
      const latest = scripts.find((s) => s.version === 2)!;
      expect(voiceover.scriptId).toBe(latest.id);
      expect(voiceover.durationMs).toBeGreaterThan(20_000);
      const audio = (voiceover.voiceover as { audioFile: string }).audioFile;
      expect(audio).toMatch(/^media\//);
      const wav = await readFile(
        new MediaStore(env.config.mediaDir).resolve(audio),
      );
      expect(wav.subarray(0, 4).toString()).toBe("RIFF");

      const costs = await env.database.db
        .select()
        .from(schema.costLedger)
        .where(eq(schema.costLedger.projectId, project.id));
      const scriptCosts = costs.filter(
        (c) => c.operation === "video_script_generation",
      );
      expect(scriptCosts).toHaveLength(2);
      expect(scriptCosts[0]).toMatchObject({
        credits: 5,
        siteId: site.id,
        unit: "script",
      });
      const tts = costs.find((c) => c.operation === "video_tts_selfhosted")!;
      expect(tts.unit).toBe("minute");
      expect(tts.units).toBeCloseTo(voiceover.durationMs / 60_000, 2);
      expect(tts.credits).toBeCloseTo(tts.units * 2, 2);
    });

    it("record a failure the user can read and do not retry what cannot succeed", async () => {
      const { project } = await createProject(env, {
        presets: ["tiktok"],
        format: "json",
        article: "{ not json",
      });
      const id = await sendJob(
        "script",
        { projectId: project.id },
        { boss: worker.boss },
      );
      const job = await waitFor(
        "the script job to end",
        async () => {
          const job = await worker.boss.getJobById("script", id!);
          return job?.state === "completed" && job;
        },
        20_000,
      );
      expect(job.retryCount).toBe(0);
      const row = await projectRow(env, project.id);
      expect(row.error).toMatch(
        /The script could not be made: .*not valid JSON/,
      );
    });
  });
});

const dummyWebhook = { siteId: 1, event: "render.completed", data: {} };
