import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { asc, eq } from "drizzle-orm";
import type PgBoss from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { durationInFrames } from "../../src/compositions/presets";
import { schema } from "../../src/db";
import { sendJob, startQueues } from "../../src/jobs/queues";
import { runWorker } from "../../src/jobs/worker";
import { probeMedia } from "../../src/pipeline/render";
import { renderKeys } from "../../src/services/renders/files";
import { requestRender } from "../../src/services/renders/lifecycle";
import {
  createJobsTestEnv,
  createProject,
  renderRow,
  waitFor,
  type JobsTestEnv,
} from "./helpers";

/**
 * RENDER_BACKEND=fleet with real worker processes that share only Postgres and the storage
 * folder: a render split into pieces, each taken by whichever worker is free, then joined and
 * checked; and a worker killed (SIGKILL) in the middle of a piece costs only that piece.
 */
describe("a fleet of render workers", () => {
  let env: JobsTestEnv;
  let boss: PgBoss;
  const children: ChildProcess[] = [];

  const startWorkerProcess = (name: string) => {
    const child = spawn(
      process.execPath,
      ["--import", "tsx", "src/jobs/worker.ts"],
      {
        detached: true,
        stdio: ["ignore", "ignore", "pipe"],
        env: {
          ...env.env,
          REELWRIGHT_STORAGE_DIR: env.storage.root,
          RENDER_BACKEND: "fleet",
          // 8 s pieces: a 30-odd-second video makes four or five.
          RENDER_PIECE_SECONDS: "8",
          WORKER_QUEUES: "video,render-piece",
          WORKER_POLL_SECONDS: "0.5",
          WORKER_PROGRESS_SECONDS: "0.5",
          WORKER_HEARTBEAT_SECONDS: "1",
          WORKER_STALE_SECONDS: "4",
          LOG_LEVEL: "info",
        },
      },
    );
    child.stderr!.pipe(createWriteStream(path.join(env.dir, `${name}.log`)));
    children.push(child);
    return child;
  };
  const exited = (child: ChildProcess) =>
    new Promise<number | string | null>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null)
        resolve(child.exitCode ?? child.signalCode);
      else child.once("exit", (code, signal) => resolve(code ?? signal));
    });
  const stopAll = async () => {
    for (const child of children.splice(0))
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGTERM");
        await exited(child);
      }
  };

  const pieces = (renderedVideoId: number) =>
    env.database.db
      .select()
      .from(schema.renderPieces)
      .where(eq(schema.renderPieces.renderedVideoId, renderedVideoId))
      .orderBy(asc(schema.renderPieces.index));

  /** A tiktok project with its script and narration (made in this process), and its render queued. */
  const queueTiktokRender = async () => {
    const { project } = await createProject(env, {
      presets: ["tiktok"],
      status: "rendering",
    });
    const helper = await runWorker({
      database: env.database,
      storage: env.storage,
      config: env.config,
      env: env.env,
      queues: ["script", "voiceover"],
      pollingIntervalSeconds: 0.5,
    });
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
    } finally {
      await helper.stop();
    }
    const [script] = await env.database.db
      .select()
      .from(schema.videoScripts)
      .where(eq(schema.videoScripts.projectId, project.id));
    const { renderedVideo } = await requestRender(
      env.database,
      {
        projectId: project.id,
        preset: "tiktok",
        scriptId: script.id,
        // Draft halves the size again: 270 × 480.
        scale: 0.5,
        quality: "draft",
      },
      boss,
    );
    return renderedVideo;
  };

  /** The finished render: one checked MP4 of the whole length, and no piece files left. */
  const expectFinishedVideo = async (renderedVideoId: number) => {
    const done = await waitFor(
      "the fleet to finish the render",
      async () => {
        const row = await renderRow(env, renderedVideoId);
        if (row.status === "failed") throw new Error(row.error ?? "failed");
        return row.status === "completed" && row;
      },
      480_000,
      500,
    );
    const probe = await probeMedia(env.storage.resolve(done.filePath!));
    expect(probe.video).toMatchObject({
      codec: "h264",
      width: 270,
      height: 480,
    });
    expect(probe.audio?.codec).toBe("aac");
    expect(probe.durationMs).toBeGreaterThanOrEqual(30_000);
    const props = JSON.parse(
      await readFile(env.storage.resolve(done.propsPath!), "utf8"),
    ) as { durationMs: number };
    expect(Math.abs(probe.durationMs - props.durationMs)).toBeLessThan(100);
    const folder = renderKeys(done).folder;
    const files = await readdir(env.storage.resolve(folder), {
      recursive: true,
    });
    expect(files).not.toContain("pieces");
    expect(files.filter((f) => f.includes(".partial"))).toEqual([]);
    return { done, frames: durationInFrames("tiktok", props.durationMs) };
  };

  beforeAll(async () => {
    env = await createJobsTestEnv();
    boss = await startQueues(env.database, env.env);
  });
  afterAll(async () => {
    for (const child of children)
      if (child.exitCode === null && child.signalCode === null)
        process.kill(-child.pid!, "SIGKILL");
    await boss?.stop({ graceful: false });
    await env?.dispose();
  });

  it("splits a render into pieces that two worker processes share, then joins and checks it", async () => {
    const render = await queueTiktokRender();
    const workers = [startWorkerProcess("a"), startWorkerProcess("b")];
    const rendering = await waitFor(
      "the render to be out with the fleet",
      async () => {
        const row = await renderRow(env, render.id);
        return row.workerId === "fleet" && row;
      },
      120_000,
    );
    expect(rendering.status).toBe("rendering");
    const { done, frames } = await expectFinishedVideo(render.id);
    const finished = await pieces(render.id);
    expect(finished.length).toBeGreaterThanOrEqual(4);
    expect(finished.every((p) => p.status === "done")).toBe(true);
    // Consecutive frame ranges covering the whole video.
    expect(finished[0].frameFrom).toBe(0);
    for (let i = 1; i < finished.length; i++)
      expect(finished[i].frameFrom).toBe(finished[i - 1].frameTo + 1);
    expect(finished.at(-1)!.frameTo + 1).toBe(frames);
    const pids = new Set(finished.map((p) => p.workerId!.split(":")[1]));
    expect(pids).toEqual(new Set(workers.map((w) => String(w.pid))));
    expect(done.attempts).toBe(1);
    await stopAll();
  }, 600_000);

  it("loses only the piece a killed worker was rendering: another worker renders it again", async () => {
    const render = await queueTiktokRender();
    const first = startWorkerProcess("first");
    // Let the first worker finish a piece, then kill it in the middle of the next.
    const victim = await waitFor(
      "the first worker to be half-way through its second piece",
      async () => {
        const all = await pieces(render.id);
        const busy = all.find(
          (p) => p.status === "rendering" && p.progress > 0.2,
        );
        return all.some((p) => p.status === "done") && busy;
      },
      300_000,
      200,
    );
    process.kill(-first.pid!, "SIGKILL");
    expect(await exited(first)).toBe("SIGKILL");
    const before = await pieces(render.id);
    const doneByFirst = before.filter((p) => p.status === "done");

    const second = startWorkerProcess("second");
    await expectFinishedVideo(render.id);
    const after = await pieces(render.id);
    // What the first worker finished stands; the killed piece was rendered again by the second.
    for (const piece of doneByFirst)
      expect(after[piece.index]).toMatchObject({
        status: "done",
        attempts: 1,
        workerId: piece.workerId,
      });
    expect(after[victim.index]).toMatchObject({ status: "done", attempts: 2 });
    expect(after[victim.index].workerId).not.toBe(victim.workerId);
    expect(after[victim.index].workerId!.split(":")[1]).toBe(
      String(second.pid),
    );
    await stopAll();
  }, 900_000);
});
