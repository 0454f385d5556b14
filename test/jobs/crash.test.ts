import { readdir, writeFile } from "node:fs/promises";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { schema } from "../../src/db";
import { encryptSecret, parseSecretKey } from "../../src/db/crypto";
import { renderKeys } from "../../src/services/renders/files";
import { requestRender } from "../../src/services/renders/lifecycle";
import { sendJob, startQueues } from "../../src/jobs/queues";
import { runWorker } from "../../src/jobs/worker";
import { probeMedia } from "../../src/pipeline/render";
import {
  createJobsTestEnv,
  createProject,
  projectRow,
  exited,
  renderRow,
  waitFor,
  workerProcesses,
  type JobsTestEnv,
} from "./helpers";

/**
 * A worker is killed with SIGKILL (no chance to clean up) half-way through a render; a second
 * worker must finish it, with nothing left half-written, stuck or done twice.
 */
describe("a worker killed in the middle of a render", () => {
  let env: JobsTestEnv;
  let workers: ReturnType<typeof workerProcesses>;

  beforeAll(async () => {
    env = await createJobsTestEnv();
    workers = workerProcesses(env, "video");
  });
  afterAll(async () => {
    workers?.killAll();
    await env?.dispose();
  });

  it("is finished by another worker: one complete file, no partial files, no stuck row, no post of an unapproved draft", async () => {
    const { db } = env.database;
    const { project, site } = await createProject(env, {
      presets: ["youtube_short"],
      status: "rendering",
      siteSettings: { autoPublish: true },
    });
    await db.insert(schema.socialAccounts).values({
      siteId: site.id,
      platform: "youtube",
      externalId: "UC-sea",
      displayName: "Sea facts",
      accessTokenEnc: encryptSecret(
        "not-a-real-token",
        parseSecretKey(env.config.REELWRIGHT_SECRET_KEY),
      ),
    });

    // Script and narration first, in this process.
    const helper = await runWorker({
      database: env.database,
      storage: env.storage,
      config: env.config,
      env: env.env,
      queues: ["script", "voiceover"],
      pollingIntervalSeconds: 0.5,
    });
    const boss = await startQueues(env.database, env.env);
    try {
      for (const queue of ["script", "voiceover"] as const) {
        const id = await sendJob(queue, { projectId: project.id }, { boss });
        await waitFor(
          `the ${queue}`,
          async () =>
            (await boss.getJobById(queue, id!))?.state === "completed",
          60_000,
        );
      }
      await helper.stop();
      const [script] = await db
        .select()
        .from(schema.videoScripts)
        .where(eq(schema.videoScripts.projectId, project.id));

      const { renderedVideo } = await requestRender(
        env.database,
        {
          projectId: project.id,
          preset: "youtube_short",
          scriptId: script.id,
          scale: 0.25,
        },
        boss,
      );

      const first = workers.start("first");
      const midway = await waitFor(
        "the first worker to be rendering",
        async () => {
          const row = await renderRow(env, renderedVideo.id);
          return row.stage === "rendering" && row.progress > 0.1 && row;
        },
        120_000,
      );
      process.kill(-first.pid!, "SIGKILL");
      expect(await exited(first)).toBe("SIGKILL");
      // No video under its final name; and whatever a killed writer leaves under a temporary
      // name (Remotion encodes in its own temporary folder; our other files could be caught
      // mid-write) is cleared by the next attempt.
      const folder = renderKeys(midway).folder;
      expect(await readdir(env.storage.resolve(folder))).not.toContain(
        "youtube_short.mp4",
      );
      await env.storage.write(
        `${folder}/.youtube_short.dead.partial.srt`,
        (f) => writeFile(f, "1\n"),
      );
      // Nobody will ever finish this row but another worker.
      expect(await renderRow(env, renderedVideo.id)).toMatchObject({
        status: "rendering",
        workerId: midway.workerId,
      });

      const second = workers.start("second");
      const done = await waitFor(
        "the second worker to finish the render",
        async () => {
          const row = await renderRow(env, renderedVideo.id);
          return row.status === "completed" && row;
        },
        180_000,
        500,
      );
      expect(done.attempts).toBe(2);
      expect(done.workerId).not.toBe(midway.workerId);

      const files = await readdir(env.storage.resolve(folder));
      expect(files.filter((f) => f.endsWith(".mp4"))).toEqual([
        "youtube_short.mp4",
      ]);
      const everything = await readdir(env.storage.root, { recursive: true });
      expect(everything.filter((f) => f.includes(".partial"))).toEqual([]);
      const probe = await probeMedia(env.storage.resolve(done.filePath!));
      expect(probe.video).toMatchObject({ width: 270, height: 480 });
      expect(probe.durationMs).toBeGreaterThanOrEqual(30_000);

      const stuck = await db
        .select()
        .from(schema.renderedVideos)
        .where(eq(schema.renderedVideos.status, "rendering"));
      expect(stuck).toEqual([]);
      expect((await boss.getJobById("video", done.jobId!))?.state).toBe(
        "completed",
      );
      expect((await projectRow(env, project.id)).status).toBe("review");
      // The site auto-publishes, but only approved full-size renders: this draft gets no post.
      const posts = await db
        .select()
        .from(schema.publishedVideos)
        .where(
          and(
            eq(schema.publishedVideos.renderedVideoId, done.id),
            eq(schema.publishedVideos.platform, "youtube"),
          ),
        );
      expect(posts).toEqual([]);

      // SIGTERM stops the second worker cleanly.
      second.kill("SIGTERM");
      expect(await exited(second)).toBe(0);
    } finally {
      await boss.stop({ graceful: false });
    }
  }, 360_000);
});
