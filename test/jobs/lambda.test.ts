import { readFile } from "node:fs/promises";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { durationInFrames } from "../../src/compositions/presets";
import { loadConfig } from "../../src/config";
import { schema } from "../../src/db";
import { sendJob } from "../../src/jobs/queues";
import { runWorker, type Worker } from "../../src/jobs/worker";
import { probeMedia } from "../../src/pipeline/render";
import { framesPerLambda } from "../../src/pipeline/render/lambda";
import { lambdaSiteName } from "../../src/pipeline/render/lambda-site";
import { requestRender } from "../../src/services/renders/lifecycle";
import {
  FakeAws,
  fakeLambdaOutput,
  lambdaError,
  PROGRESS_WITH_A_RETRY,
} from "../fakes/aws-server";
import {
  createJobsTestEnv,
  createProject,
  projectRow,
  renderRow,
  waitFor,
  type JobsTestEnv,
} from "./helpers";

/** RENDER_BACKEND=lambda: the worker drives the render row through Remotion Lambda (faked). */
describe("a service render on Remotion Lambda", () => {
  const saved = { ...process.env };
  let env: JobsTestEnv;
  let aws: FakeAws;
  let worker: Worker;
  let projectId: number;
  let failing = false;
  const samples: Array<{ stage: string | null; progress: number }> = [];

  beforeAll(async () => {
    aws = await new FakeAws(async (start, renderId, bucket) => {
      if (failing)
        return [
          {
            fatalErrorEncountered: true,
            errors: [
              lambdaError("Rate exceeded", {
                chunk: 1,
                attempt: 3,
                isFatal: true,
              }),
            ],
          },
        ];
      aws.put(
        `renders/${renderId}/out.mp4`,
        await fakeLambdaOutput(start, { width: 1080, height: 1920 }),
      );
      return PROGRESS_WITH_A_RETRY(renderId, bucket, 0.0421);
    }).start();
    Object.assign(process.env, aws.env());
    aws.put(`sites/${await lambdaSiteName()}/index.html`, "<html></html>");
    env = await createJobsTestEnv();
    const config = loadConfig({ ...env.env, RENDER_BACKEND: "lambda" });
    worker = await runWorker({
      database: env.database,
      storage: env.storage,
      config,
      env: { ...env.env, RENDER_BACKEND: "lambda" },
      pollingIntervalSeconds: 0.5,
      timing: {
        progressIntervalMs: 200,
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
        const [render] = await env.database.db
          .select()
          .from(schema.renderedVideos)
          .where(eq(schema.renderedVideos.projectId, projectId));
        if (render) samples.push(render);
        return project.status === "review" || project.status === "failed";
      },
      240_000,
      100,
    );
  }, 300_000);
  afterAll(async () => {
    await worker?.stop();
    await env?.dispose();
    await aws?.stop();
    process.env = saved;
  });

  const theRender = async () =>
    (
      await env.database.db
        .select()
        .from(schema.renderedVideos)
        .where(eq(schema.renderedVideos.projectId, projectId))
    )[0];

  it("completes the row with Lambda's output, checked, in storage", async () => {
    const project = await projectRow(env, projectId);
    expect(project.error).toBeNull();
    expect(project.status).toBe("review");
    const render = await theRender();
    expect(render).toMatchObject({
      status: "completed",
      resolution: "270x480",
      progress: 1,
    });
    const probe = await probeMedia(env.storage.resolve(render.filePath!));
    expect(probe.video).toMatchObject({ width: 270, height: 480, fps: 30 });
    expect(Math.abs(probe.durationMs - render.durationMs!)).toBeLessThan(100);
    // The thumbnail is still rendered by the worker.
    expect(render.thumbnailPath).toBeTruthy();
  });

  it("asked Lambda for the stored props, at the row's scale, in pieces sized by the duration", async () => {
    const render = await theRender();
    const props = JSON.parse(
      await readFile(env.storage.resolve(render.propsPath!), "utf8"),
    );
    const frames = durationInFrames("youtube_short", props.durationMs);
    const [start] = aws.invocations.filter((i) => i.payload.type === "start");
    expect(start.payload).toMatchObject({
      composition: "youtube-short",
      scale: 0.25,
      frameRange: [0, frames - 1],
      framesPerLambda: framesPerLambda(frames, 30),
      codec: "h264",
    });
    expect(
      JSON.parse((start.payload.inputProps as { payload: string }).payload),
    ).toEqual(props);
    // The narration (from the media store) was put into the site, where staticFile() finds it.
    expect(aws.s3Calls()).toContain(
      `PUT /${aws.bucketName}/sites/${await lambdaSiteName()}/public/${props.narration.src}`,
    );
  });

  it("wrote Lambda's progress and retries to the row as it went", () => {
    const stages = samples.map((s) => s.stage);
    expect(stages).toContain("rendering on Lambda");
    expect(stages).toContain("rendering on Lambda (1 piece retried)");
    const onLambda = samples.filter((s) => s.stage?.includes("on Lambda"));
    expect(new Set(onLambda.map((s) => s.progress)).size).toBeGreaterThan(1);
  });

  it("put Remotion's cost estimate into the cost ledger", async () => {
    const [composition] = await env.database.db
      .select()
      .from(schema.costLedger)
      .where(
        and(
          eq(schema.costLedger.projectId, projectId),
          eq(schema.costLedger.operation, "video_composition"),
        ),
      );
    expect(composition).toMatchObject({
      provider: "remotion-lambda",
      costUsd: 0.0421,
      credits: 5,
    });
  });

  it("retries a render Lambda failed, then fails the row with Remotion's message", async () => {
    failing = true;
    const render = await theRender();
    const { renderedVideo } = await requestRender(
      env.database,
      {
        projectId,
        preset: "youtube_short",
        scriptId: render.scriptId,
        scale: 0.5,
      },
      worker.boss,
    );
    const failed = await waitFor(
      "the render to fail",
      async () => {
        const row = await renderRow(env, renderedVideo.id);
        return row.status === "failed" && row;
      },
      120_000,
    );
    expect(failed.attempts).toBe(3);
    expect(failed.error).toMatch(
      /^The video could not be rendered: Remotion Lambda failed .*Rate exceeded/,
    );
    expect(failed.filePath).toBeNull();
  }, 150_000);

  it("renders here instead when the site's budget cannot pay for Lambda, and says so", async () => {
    failing = false;
    const project = await projectRow(env, projectId);
    await env.database.db
      .insert(schema.siteBudgets)
      .values({ siteId: project.siteId, perVideoUsd: 0.01 });
    const starts = aws.invocations.filter(
      (i) => i.payload.type === "start",
    ).length;
    const render = await theRender();
    const { renderedVideo } = await requestRender(
      env.database,
      {
        projectId,
        preset: "youtube_short",
        scriptId: render.scriptId,
        scale: 0.3,
      },
      worker.boss,
    );
    const done = await waitFor(
      "the local render",
      async () => {
        const row = await renderRow(env, renderedVideo.id);
        if (row.status === "failed") throw new Error(row.error ?? "failed");
        return row.status === "completed" && row;
      },
      240_000,
    );
    expect(
      aws.invocations.filter((i) => i.payload.type === "start"),
    ).toHaveLength(starts);
    const probe = await probeMedia(env.storage.resolve(done.filePath!));
    expect(probe.audio).toBeTruthy();
    expect((await projectRow(env, projectId)).warning).toMatch(
      /^Over the per-video budget/m,
    );
  }, 300_000);
});
