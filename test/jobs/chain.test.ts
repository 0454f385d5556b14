import { readdir, readFile, rm, stat } from "node:fs/promises";
import { parseSrt } from "@remotion/captions";
import { and, eq } from "drizzle-orm";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { schema } from "../../src/db";
import { renderKeys } from "../../src/services/renders/files";
import {
  cancelRender,
  requestRender,
} from "../../src/services/renders/lifecycle";
import { sendJob, startQueues } from "../../src/jobs/queues";
import { runWorker, type Worker } from "../../src/jobs/worker";
import { probeMedia } from "../../src/pipeline/render";
import {
  createJobsTestEnv,
  createProject,
  projectRow,
  renderRow,
  waitFor,
  type JobsTestEnv,
} from "./helpers";

/** The pipeline job from an article in the database to a project waiting for review. */
describe("the full chain on a short article", () => {
  let env: JobsTestEnv;
  let worker: Worker;
  let projectId: number;
  const renderSamples: Array<{
    progress: number;
    stage: string | null;
    etaMs: number | null;
  }> = [];
  const projectSamples: Array<{ stage: string; percent: number } | null> = [];

  beforeAll(async () => {
    env = await createJobsTestEnv();
    worker = await runWorker({
      database: env.database,
      storage: env.storage,
      config: env.config,
      env: env.env,
      pollingIntervalSeconds: 0.5,
      timing: {
        progressIntervalMs: 500,
        heartbeatMs: 1000,
        staleAfterMs: 60_000,
      },
    });
    const { project } = await createProject(env, {
      presets: ["youtube_short"],
    });
    projectId = project.id;
    await sendJob(
      "pipeline",
      { projectId, scale: 0.25 },
      { boss: worker.boss, priority: "high" },
    );
    await waitFor(
      "the project to leave the chain",
      async () => {
        const project = await projectRow(env, projectId);
        projectSamples.push(project.progress);
        const [render] = await env.database.db
          .select()
          .from(schema.renderedVideos)
          .where(eq(schema.renderedVideos.projectId, projectId));
        if (render) renderSamples.push(render);
        return project.status === "review" || project.status === "failed";
      },
      280_000,
      200,
    );
  }, 300_000);
  afterAll(async () => {
    await worker?.stop();
    await env?.dispose();
  });

  /** The chain's render (the tests below add others at other scales). */
  const theRender = async () => {
    const [render] = await env.database.db
      .select()
      .from(schema.renderedVideos)
      .where(
        and(
          eq(schema.renderedVideos.projectId, projectId),
          eq(schema.renderedVideos.scale, 0.25),
        ),
      );
    return render;
  };

  it("ends in review with a checked MP4, captions, thumbnail and metadata in storage", async () => {
    const project = await projectRow(env, projectId);
    expect(project.error).toBeNull();
    expect(project.status).toBe("review");
    expect(project.progress).toMatchObject({ stage: "review", percent: 100 });
    const render = await theRender();
    expect(render).toMatchObject({
      status: "completed",
      preset: "youtube_short",
      scale: 0.25,
      resolution: "270x480",
      attempts: 1,
      progress: 1,
      workerId: worker.id,
    });
    const keys = renderKeys(render);
    expect(render.filePath).toBe(keys.video);
    expect(keys.video).toBe(
      `projects/${projectId}/renders/${render.id}/youtube_short.mp4`,
    );
    const probe = await probeMedia(env.storage.resolve(render.filePath!));
    expect(probe.video).toMatchObject({
      codec: "h264",
      width: 270,
      height: 480,
      pixelFormat: "yuv420p",
      fps: 30,
    });
    expect(probe.audio).toMatchObject({ codec: "aac" });
    expect(probe.durationMs).toBeGreaterThanOrEqual(30_000);
    expect(probe.durationMs).toBeLessThanOrEqual(60_000);
    expect(Math.abs(probe.durationMs - render.durationMs!)).toBeLessThan(100);
    expect(render.fileSize).toBe(probe.sizeBytes);

    const srt = await readFile(env.storage.resolve(render.srtPath!), "utf8");
    expect(
      parseSrt({ input: srt })
        .captions.map((c) => c.text)
        .join(" "),
    ).toMatch(/blue/i);
    expect(
      await readFile(env.storage.resolve(render.vttPath!), "utf8"),
    ).toMatch(/^WEBVTT\n/);
    const thumbnail = await sharp(
      env.storage.resolve(render.thumbnailPath!),
    ).metadata();
    expect(thumbnail.format).toBe("jpeg");
    const props = JSON.parse(
      await readFile(env.storage.resolve(render.propsPath!), "utf8"),
    );
    expect(props.preset).toBe("youtube_short");
    // The article's image (a data: image) illustrates a section.
    expect(
      props.sections.some(
        (s: { visual: { type: string } }) => s.visual.type === "image",
      ),
    ).toBe(true);
    expect(render.metadata).toMatchObject({ platform: "youtube" });
    expect(String(render.metadata!.description)).toMatch(/#Shorts/);

    const names = await readdir(env.storage.root, { recursive: true });
    expect(names.filter((n) => n.includes(".partial"))).toEqual([]);
  });

  it("wrote the progress to the rows as it went, not only at the end", () => {
    const rendering = renderSamples.filter(
      (s) => s.stage === "rendering" && s.progress > 0.05 && s.progress < 0.9,
    );
    expect(
      new Set(rendering.map((s) => s.progress)).size,
    ).toBeGreaterThanOrEqual(2);
    expect(rendering.some((s) => (s.etaMs ?? 0) > 0)).toBe(true);
    const stages = new Set(projectSamples.map((p) => p?.stage));
    expect(stages).toContain("rendering");
    const percents = projectSamples
      .filter((p) => p?.stage === "rendering")
      .map((p) => p!.percent);
    expect(percents.some((p) => p > 0 && p < 100)).toBe(true);
  });

  it("recorded what each stage cost and told the site's webhook", async () => {
    const costs = await env.database.db
      .select()
      .from(schema.costLedger)
      .where(eq(schema.costLedger.projectId, projectId));
    const byOperation = Object.fromEntries(costs.map((c) => [c.operation, c]));
    expect(byOperation.video_script_generation.credits).toBe(5);
    expect(byOperation.video_tts_selfhosted.unit).toBe("minute");
    expect(byOperation.video_composition.credits).toBe(5);
    expect(byOperation.video_thumbnail.credits).toBe(3);
    expect(byOperation.video_seo_metadata.credits).toBe(1);
    const render = await theRender();
    const hooks = await env.database.pool.query(
      "select data from pgboss.job where name = 'webhook'",
    );
    expect(hooks.rows.map((r) => r.data)).toContainEqual(
      expect.objectContaining({
        event: "render.completed",
        data: expect.objectContaining({
          renderedVideoId: render.id,
          filePath: render.filePath,
        }),
      }),
    );
  });

  it("does not render the same project, preset and script version again", async () => {
    const render = await theRender();
    const before = await stat(env.storage.resolve(render.filePath!));
    const again = await requestRender(
      env.database,
      {
        projectId,
        preset: "youtube_short",
        scriptId: render.scriptId,
        scale: 0.25,
      },
      worker.boss,
    );
    expect(again).toMatchObject({ created: false });
    expect(again.renderedVideo.id).toBe(render.id);
    // Even a second delivery of the job leaves the finished render alone.
    const jobId = await sendJob(
      "video",
      { renderedVideoId: render.id },
      { boss: worker.boss },
    );
    const job = await waitFor(
      "the repeated job",
      async () => {
        const job = await worker.boss.getJobById("video", jobId!);
        return job?.state === "completed" && job;
      },
      20_000,
    );
    expect(job.output).toEqual({ skipped: "completed" });
    const after = await renderRow(env, render.id);
    expect(after.attempts).toBe(1);
    expect((await stat(env.storage.resolve(render.filePath!))).mtimeMs).toBe(
      before.mtimeMs,
    );
  });

  it("stops a render that is cancelled half-way and leaves no video behind", async () => {
    const render = await theRender();
    const { renderedVideo } = await requestRender(
      env.database,
      {
        projectId,
        preset: "youtube_short",
        scriptId: render.scriptId,
        scale: 0.2,
      },
      worker.boss,
    );
    await waitFor(
      "the render to be under way",
      async () => {
        const row = await renderRow(env, renderedVideo.id);
        return row.stage === "rendering" && row.progress > 0.1;
      },
      120_000,
    );
    const cancelledAt = Date.now();
    expect(
      await cancelRender(env.database, renderedVideo.id, worker.boss),
    ).toBe(true);
    const job = await waitFor(
      "the job to stop",
      async () => {
        const job = await worker.boss.getJobById("video", renderedVideo.jobId!);
        return job?.state === "completed" && job;
      },
      30_000,
    );
    expect(Date.now() - cancelledAt).toBeLessThan(15_000);
    expect(job.output).toEqual({ stopped: "cancelled or taken over" });
    const row = await renderRow(env, renderedVideo.id);
    expect(row.status).toBe("cancelled");
    expect(row.filePath).toBeNull();
    const files = await readdir(
      env.storage.resolve(renderKeys(row).folder),
    ).catch(() => []);
    expect(files.filter((f) => f.endsWith(".mp4"))).toEqual([]);
    // The project stays in review: a cancelled extra render is not its chain.
    expect((await projectRow(env, projectId)).status).toBe("review");
  });
  it("remakes the captions and thumbnail of a finished render on request", async () => {
    const render = await theRender();
    await rm(env.storage.resolve(render.srtPath!));
    const thumbnailBefore = await stat(
      env.storage.resolve(render.thumbnailPath!),
    );
    for (const queue of ["subtitles", "thumbnail"] as const) {
      const jobId = await sendJob(
        queue,
        { renderedVideoId: render.id },
        { boss: worker.boss },
      );
      await waitFor(
        `the ${queue} job`,
        async () =>
          (await worker.boss.getJobById(queue, jobId!))?.state === "completed",
        60_000,
      );
    }
    expect(
      await readFile(env.storage.resolve(render.srtPath!), "utf8"),
    ).toMatch(/^1\n00:00:00,\d{3} --> /);
    const thumbnailAfter = await stat(
      env.storage.resolve(render.thumbnailPath!),
    );
    expect(thumbnailAfter.mtimeMs).toBeGreaterThan(thumbnailBefore.mtimeMs);
    const thumbnails = await env.database.db
      .select()
      .from(schema.costLedger)
      .where(eq(schema.costLedger.operation, "video_thumbnail"));
    expect(thumbnails).toHaveLength(2);
  });

  it("hands a render under way back to the queue when the worker is stopped", async () => {
    const render = await theRender();
    const { renderedVideo } = await requestRender(
      env.database,
      {
        projectId,
        preset: "youtube_short",
        scriptId: render.scriptId,
        scale: 0.15,
      },
      worker.boss,
    );
    await waitFor(
      "the render to be under way",
      async () => {
        const row = await renderRow(env, renderedVideo.id);
        return row.stage === "rendering" && row.progress > 0.1;
      },
      120_000,
    );
    const boss = await startQueues(env.database, env.env);
    try {
      await worker.stop();
      const row = await renderRow(env, renderedVideo.id);
      expect(row).toMatchObject({ status: "queued", workerId: null });
      expect(row.filePath).toBeNull();
      const job = await boss.getJobById("video", renderedVideo.jobId!);
      expect(job?.state).toBe("retry");
    } finally {
      await boss.stop({ graceful: false });
    }
  });
});
