import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as cancel from "../../app/api/v1/jobs/[queue]/[id]/cancel/route";
import * as retry from "../../app/api/v1/jobs/[queue]/[id]/retry/route";
import * as jobs from "../../app/api/v1/jobs/route";
import * as metrics from "../../app/api/v1/metrics/route";
import * as render from "../../app/api/v1/video/render/route";
import { schema } from "../../src/db";
import { sendJob } from "../../src/jobs/queues";
import { FakeHttpServer } from "../fakes/http";
import {
  createApiHarness,
  projectWithScript,
  type ApiHarness,
  type Json,
} from "../api/harness";

/**
 * The jobs board and the metrics with a real worker in its own process: what they show must come
 * from Postgres, since nothing the worker counts in memory reaches the app.
 */

let api: ApiHarness;
let hooks: FakeHttpServer;
let worker: ChildProcess;
let failing = true;
const TOKEN = "metrics-token-of-some-length";
const savedEnv = { ...process.env };

beforeAll(async () => {
  // A queue's retry delay is fixed when the queue is made: short, so a failing job fails soon.
  process.env.JOB_RETRY_DELAY_SECONDS = "1";
  api = await createApiHarness();
  hooks = await new FakeHttpServer((request) => {
    const { event } = JSON.parse(request.body.toString()) as { event: string };
    return { status: event === "test.bad" && failing ? 500 : 204 };
  }).start();
  await api.database.db
    .update(schema.sites)
    .set({
      settings: {
        webhookUrl: `${hooks.url}/hook`,
        webhookSecret: "a-secret-of-sixteen-chars",
      },
    })
    .where(eq(schema.sites.id, api.site.id));
  worker = spawn(process.execPath, ["--import", "tsx", "src/jobs/worker.ts"], {
    stdio: ["ignore", "ignore", "inherit"],
    env: {
      ...process.env,
      DATABASE_URL: api.database.url,
      REELWRIGHT_SECRET_KEY: randomBytes(32).toString("base64"),
      REELWRIGHT_ALLOW_PRIVATE_FETCH_HOSTS: new URL(hooks.url).host,
      WORKER_QUEUES: "webhook",
      WORKER_POLL_SECONDS: "0.5",
      JOB_RETRY_DELAY_SECONDS: "1",
      LOG_LEVEL: "warn",
    },
  });
});

afterAll(async () => {
  process.env = savedEnv;
  if (worker && worker.exitCode === null) {
    const exited = new Promise((resolve) => worker.once("exit", resolve));
    worker.kill("SIGTERM");
    await exited;
  }
  await hooks?.stop();
  await api?.close();
});

const webhookJob = (event: string, siteId = api.site.id) =>
  sendJob(
    "webhook",
    { siteId, event, data: {} },
    { boss: api.boss },
  ) as Promise<string>;

async function jobState(id: string) {
  return (await api.boss.getJobById("webhook", id, { includeArchive: true }))
    ?.state;
}

async function until(what: () => Promise<boolean>, label: string) {
  for (let i = 0; i < 240; i++) {
    if (await what()) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`timed out waiting for ${label}`);
}

const scrape = (authorization?: string) =>
  api.call(metrics.GET, {
    key: null,
    headers: authorization ? { authorization } : {},
  });

/** The value of one sample of the exposition. */
function sample(text: string, name: string, labels: Record<string, string>) {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  const line = text
    .split("\n")
    .find(
      (l) =>
        l.startsWith(`${name}{`) && wanted.every((pair) => l.includes(pair)),
    );
  return line === undefined ? undefined : Number(line.split(" ").at(-1));
}

let good: string;
let bad: string;

describe("the jobs board", () => {
  it("shows the site's failed job, runs it again, and the worker finishes it", async () => {
    good = await webhookJob("test.good");
    bad = await webhookJob("test.bad");
    await until(async () => (await jobState(good)) === "completed", "good");
    await until(async () => (await jobState(bad)) === "failed", "bad fails");
    const board = await api.call(jobs.GET);
    expect(board.status).toBe(200);
    expect(board.data.failed.map((j: Json) => j.id)).toEqual([bad]);
    expect(board.data.hours.at(-1)).toMatchObject({ completed: 1, failed: 1 });
    const elsewhere = await api.call(jobs.GET, { key: api.otherKey });
    expect(elsewhere.data.failed).toEqual([]);
    const foreign = await api.call(retry.POST, {
      key: api.otherKey,
      params: { queue: "webhook", id: bad },
    });
    expect(foreign.status).toBe(404);

    failing = false;
    const again = await api.call(retry.POST, {
      params: { queue: "webhook", id: bad },
    });
    expect(again.status).toBe(200);
    expect(again.data.state).toBe("retry");
    await until(async () => (await jobState(bad)) === "completed", "retried");
    const twice = await api.call(retry.POST, {
      params: { queue: "webhook", id: bad },
    });
    expect(twice.status).toBe(409);
    expect(twice.data.error.code).toBe("not_retryable");
  });

  it("cancels a waiting render's job and its row", async () => {
    const { project } = await projectWithScript(api);
    const queued = await api.call(render.POST, {
      json: { project_id: project.id, presets: ["tiktok"] },
    });
    const renderId = queued.data.renders[0].id as number;
    const jobId = queued.data.renders[0].job_id as string;
    const board = await api.call(jobs.GET);
    expect(board.data.in_flight).toContainEqual(
      expect.objectContaining({
        id: jobId,
        queue: "video",
        state: "created",
        data: { renderedVideoId: renderId },
      }),
    );
    const cancelled = await api.call(cancel.POST, {
      params: { queue: "video", id: jobId },
    });
    expect(cancelled.status).toBe(200);
    expect(cancelled.data.state).toBe("cancelled");
    const [row] = await api.database.db
      .select({ status: schema.renderedVideos.status })
      .from(schema.renderedVideos)
      .where(eq(schema.renderedVideos.id, renderId));
    expect(row.status).toBe("cancelled");
    const again = await api.call(cancel.POST, {
      params: { queue: "video", id: jobId },
    });
    expect(again.status).toBe(409);
    const unknownQueue = await api.call(cancel.POST, {
      params: { queue: "nope", id: jobId },
    });
    expect(unknownQueue.status).toBe(404);
  });
});

describe("GET /api/v1/metrics", () => {
  it("does not exist without METRICS_TOKEN, and wants that token", async () => {
    delete process.env.METRICS_TOKEN;
    expect((await scrape(`Bearer ${TOKEN}`)).status).toBe(404);
    process.env.METRICS_TOKEN = TOKEN;
    expect((await scrape()).status).toBe(401);
    expect((await scrape(`Bearer ${api.key}`)).status).toBe(401);
  });

  it("counts what the worker did, from Postgres", async () => {
    process.env.METRICS_TOKEN = TOKEN;
    const { db } = api.database;
    const { project, scriptRow } = await projectWithScript(api);
    const started = new Date(Date.now() - 30_000);
    const [done] = await db
      .insert(schema.renderedVideos)
      .values({
        projectId: project.id,
        preset: "tiktok",
        scriptId: scriptRow.id,
        status: "completed",
        durationMs: 20_000,
        renderStartedAt: started,
        renderCompletedAt: new Date(started.getTime() + 30_000),
      })
      .returning();
    const [account] = await db
      .insert(schema.socialAccounts)
      .values({
        siteId: api.site.id,
        platform: "tiktok",
        externalId: "tt-1",
        displayName: "Ours",
        accessTokenEnc: "x",
        status: "connected",
      })
      .returning();
    await db.insert(schema.publishedVideos).values({
      renderedVideoId: done.id,
      socialAccountId: account.id,
      platform: "tiktok",
      status: "failed",
      title: "t",
      description: "",
      privacy: "private",
    });

    const answer = await scrape(`Bearer ${TOKEN}`);
    expect(answer.status).toBe(200);
    expect(answer.response.headers.get("content-type")).toContain("text/plain");
    const text = await answer.response.text();
    const webhook = { queue: "webhook" };
    expect(
      sample(text, "reelwright_jobs", { ...webhook, state: "completed" }),
    ).toBe(2);
    expect(
      sample(text, "reelwright_jobs", { ...webhook, state: "failed" }),
    ).toBe(undefined);
    expect(
      sample(text, "reelwright_jobs", { queue: "video", state: "cancelled" }),
    ).toBe(1);
    expect(
      sample(text, "reelwright_stage_duration_seconds_count", webhook),
    ).toBe(2);
    expect(
      sample(text, "reelwright_stage_duration_seconds", {
        ...webhook,
        quantile: "0.95",
      }),
    ).toBeGreaterThan(0);
    expect(
      sample(text, "reelwright_queue_wait_seconds_count", webhook),
    ).toBeGreaterThanOrEqual(2);
    expect(
      sample(text, "reelwright_render_seconds_per_video_second", {
        preset: "tiktok",
      }),
    ).toBeCloseTo(1.5, 5);
    expect(
      sample(text, "reelwright_publications", {
        platform: "tiktok",
        status: "failed",
      }),
    ).toBe(1);
  });
});
