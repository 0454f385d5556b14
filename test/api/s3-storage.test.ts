import type { ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdir, mkdtemp, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as projects from "../../app/api/v1/video/projects/route";
import * as render from "../../app/api/v1/video/render/route";
import * as files from "../../app/api/v1/video/rendered/[id]/files/[kind]/route";
import { loadConfig } from "../../src/config";
import { schema } from "../../src/db";
import { sendJob } from "../../src/jobs/queues";
import { probeMedia } from "../../src/pipeline/render";
import { configureServices } from "../../src/services/context";
import { storageFromConfig, type Storage } from "../../src/storage";
import { startS3Server, type FakeS3 } from "../fakes/s3-server";
import {
  JOBS_HOME,
  ARTICLE as SEA_ARTICLE,
  spawnWorker,
  waitFor,
} from "../jobs/helpers";
import {
  createApiHarness,
  projectWithScript,
  type ApiHarness,
} from "./harness";

/**
 * The app with its files in a bucket: downloads are redirects to presigned URLs, and a worker on
 * "another machine" (its own process and REELWRIGHT_HOME, sharing only DATABASE_URL and the
 * bucket) renders what the app then serves.
 */
let s3: FakeS3;
let api: ApiHarness;
let storage: Storage;
let appHome: string;

beforeAll(async () => {
  s3 = await startS3Server();
  api = await createApiHarness();
  appHome = await mkdtemp(path.join(tmpdir(), "reelwright-app-home-"));
  storage = storageFromConfig(
    loadConfig({ ...s3.env, REELWRIGHT_HOME: appHome }),
  );
  configureServices({
    database: api.database,
    storage,
    queues: async () => api.boss,
  });
});
afterAll(async () => {
  await api?.close();
  await s3?.close();
  await rm(appHome, { recursive: true, force: true });
});

const download = (id: number | string, kind: string) =>
  api.call(files.GET, { params: { id: String(id), kind } });

describe("GET /api/v1/video/rendered/{id}/files/{kind} with S3 storage", () => {
  const bytes = randomBytes(1000);
  let id: number;

  beforeAll(async () => {
    const { project } = await projectWithScript(api);
    const queued = await api.call(render.POST, {
      json: { project_id: project.id, presets: ["tiktok"] },
    });
    id = queued.data.renders[0].id;
    const key = `projects/${project.id}/renders/${id}/tiktok.mp4`;
    await storage.write(key, (tmp) => writeFile(tmp, bytes));
    await api.database.db
      .update(schema.renderedVideos)
      .set({
        status: "completed",
        filePath: key,
        srtPath: `projects/${project.id}/renders/${id}/tiktok.srt`,
      })
      .where(eq(schema.renderedVideos.id, id));
  });

  it("answers 302 to a short-lived presigned URL that serves the file and its ranges", async () => {
    const { status, response } = await download(id, "video");
    expect(status).toBe(302);
    expect(response.headers.get("cache-control")).toBe("private, no-store");
    const location = new URL(response.headers.get("location")!);
    expect(location.origin).toBe(s3.endpoint);
    expect(location.searchParams.get("X-Amz-Expires")).toBe("300");
    const whole = await fetch(location);
    expect(whole.status).toBe(200);
    expect(whole.headers.get("content-type")).toBe("video/mp4");
    expect(whole.headers.get("content-disposition")).toContain(
      `tiktok-${id}.mp4`,
    );
    expect(Buffer.from(await whole.arrayBuffer()).equals(bytes)).toBe(true);
    const part = await fetch(location, { headers: { range: "bytes=10-19" } });
    expect(part.status).toBe(206);
    expect(part.headers.get("content-range")).toBe("bytes 10-19/1000");
    expect(
      Buffer.from(await part.arrayBuffer()).equals(bytes.subarray(10, 20)),
    ).toBe(true);
  });

  it("answers 404 for a file the row names but the bucket lacks, and for one never made", async () => {
    expect((await download(id, "srt")).status).toBe(404);
    expect((await download(id, "vtt")).status).toBe(404);
  });
});

describe("a worker on another machine, sharing only the database and the bucket", () => {
  let worker: ChildProcess;
  let renderId: number;
  const logFile = path.join(
    tmpdir(),
    `reelwright-s3-worker-${process.pid}.log`,
  );

  beforeAll(async () => {
    worker = spawnWorker(
      {
        ...process.env,
        REELWRIGHT_STORAGE_DIR: undefined,
        ...s3.env,
        REELWRIGHT_HOME: JOBS_HOME,
        DATABASE_URL: api.database.url,
        REELWRIGHT_SECRET_KEY: randomBytes(32).toString("base64"),
        WORKER_POLL_SECONDS: "0.5",
        LOG_LEVEL: "info",
      },
      logFile,
    );
    const created = await api.call(projects.POST, {
      json: {
        content: { format: "markdown", body: SEA_ARTICLE },
        target_platforms: ["tiktok"],
        start: false,
      },
    });
    expect(created.status).toBe(201);
    const projectId = created.data.project.id;
    await sendJob(
      "pipeline",
      { projectId, scale: 0.25 },
      { boss: api.boss, priority: "high" },
    );
    const { db } = api.database;
    const row = await waitFor(
      "the worker to finish the render",
      async () => {
        const [project] = await db
          .select()
          .from(schema.videoProjects)
          .where(eq(schema.videoProjects.id, projectId));
        if (project.status === "failed")
          throw new Error(`The project failed: ${project.error}`);
        const [done] = await db
          .select()
          .from(schema.renderedVideos)
          .where(eq(schema.renderedVideos.projectId, projectId));
        return done?.status === "completed" && done;
      },
      400_000,
      500,
    );
    renderId = row.id;
  }, 420_000);
  afterAll(async () => {
    if (worker?.exitCode === null && worker.signalCode === null) {
      const exited = new Promise((resolve) => worker.once("exit", resolve));
      process.kill(-worker.pid!, "SIGTERM");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
      if (worker.exitCode === null) process.kill(-worker.pid!, "SIGKILL");
    }
  }, 30_000);

  it("is downloaded through the app: a playable MP4 and its captions and thumbnail", async () => {
    const video = await download(renderId, "video");
    expect(video.status).toBe(302);
    const answer = await fetch(video.response.headers.get("location")!);
    expect(answer.status).toBe(200);
    await mkdir("test-results", { recursive: true });
    const file = path.resolve("test-results/storage-s3-render.mp4");
    await writeFile(file, Buffer.from(await answer.arrayBuffer()));
    const probe = await probeMedia(file);
    expect(probe.video).toMatchObject({ width: 270, height: 480 });
    expect(probe.durationMs).toBeGreaterThan(3000);
    const srt = await download(renderId, "srt");
    const captions = await (
      await fetch(srt.response.headers.get("location")!)
    ).text();
    expect(captions).toMatch(/^1\n\d\d:\d\d:\d\d,\d{3} --> /);
    const thumbnail = await download(renderId, "thumbnail");
    const image = await fetch(thumbnail.response.headers.get("location")!);
    expect(image.headers.get("content-type")).toBe("image/jpeg");
  });

  it("left its files in the bucket, none on either machine's disk", async () => {
    const [row] = await api.database.db
      .select()
      .from(schema.renderedVideos)
      .where(eq(schema.renderedVideos.id, renderId));
    const folder = `projects/${row.projectId}/renders/${renderId}`;
    expect(await storage.list(folder)).toEqual(
      ["metadata.json", "mp4", "props.json", "srt", "thumbnail.jpg", "vtt"].map(
        (suffix) => `${folder}/tiktok.${suffix}`,
      ),
    );
    // The narration and images the render used are in the bucket for any other worker.
    expect((await storage.list("media")).length).toBeGreaterThanOrEqual(2);
    for (const home of [appHome, JOBS_HOME])
      await expect(stat(path.join(home, "storage", folder))).rejects.toThrow(
        /ENOENT/,
      );
  });
});
