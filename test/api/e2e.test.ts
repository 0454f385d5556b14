import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { schema } from "../../src/db";
import { createSite } from "../../src/services/sites";
import { LocalStorage } from "../../src/storage";
import { createTestDatabase } from "../helpers/database";
import { ensureNextBuild, startNext } from "../../scripts/next-server";
import { ARTICLE } from "./harness";

/** The production build over real HTTP: health, a project created and listed, a ranged download. */

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let server: Awaited<ReturnType<typeof startNext>>;
let home: string;
let key: string;

beforeAll(async () => {
  await ensureNextBuild();
  database = await createTestDatabase();
  home = await mkdtemp(path.join(tmpdir(), "reelwright-e2e-"));
  key = (await createSite(database.db, "End to End")).key;
  server = await startNext({
    DATABASE_URL: database.url,
    REELWRIGHT_HOME: home,
  });
});

afterAll(async () => {
  await server?.stop();
  await database?.drop();
  if (home) await rm(home, { recursive: true, force: true });
});

const api = (route: string, init: RequestInit = {}) =>
  fetch(`${server.url}${route}`, {
    ...init,
    headers: { authorization: `Bearer ${key}`, ...init.headers },
  });

describe("the API over HTTP (next start)", () => {
  it("is healthy", async () => {
    const response = await fetch(`${server.url}/api/v1/health`, {
      headers: { authorization: `Bearer ${key}` },
    });
    expect(response.status).toBe(200);
    expect((await response.json()).checks.database.ok).toBe(true);
  });

  it("creates a project, lists it, and serves a render's file by range", async () => {
    const created = await api("/api/v1/video/projects/", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        content: { format: "markdown", body: ARTICLE },
        target_platforms: ["tiktok"],
      }),
    });
    expect(created.status).toBe(201);
    const { project, job_id } = await created.json();
    expect(job_id).toEqual(expect.any(String));

    const list = await api("/api/v1/video/projects?per_page=5");
    expect(list.status).toBe(200);
    expect((await list.json()).items.map((p: { id: number }) => p.id)).toEqual([
      project.id,
    ]);
    expect((await fetch(`${server.url}/api/v1/video/projects/`)).status).toBe(
      401,
    );

    // A finished render, as the video job leaves it.
    const [script] = await database.db
      .insert(schema.videoScripts)
      .values({
        projectId: project.id,
        videoType: "short",
        version: 1,
        script: {},
        scriptText: "",
        totalEstimatedDurationSec: 30,
        provider: "extractive",
      })
      .returning();
    const fileKey = `projects/${project.id}/renders/1/tiktok.mp4`;
    const bytes = Buffer.alloc(4096, 7);
    await new LocalStorage(path.join(home, "storage")).write(fileKey, (tmp) =>
      writeFile(tmp, bytes),
    );
    const [render] = await database.db
      .insert(schema.renderedVideos)
      .values({
        projectId: project.id,
        preset: "tiktok",
        scriptId: script.id,
        status: "completed",
        filePath: fileKey,
      })
      .returning();

    const file = `/api/v1/video/rendered/${render.id}/files/video`;
    const ranged = await api(file, { headers: { range: "bytes=100-199" } });
    expect(ranged.status).toBe(206);
    expect(ranged.headers.get("content-range")).toBe("bytes 100-199/4096");
    expect(ranged.headers.get("content-type")).toBe("video/mp4");
    expect((await ranged.arrayBuffer()).byteLength).toBe(100);
    const whole = await api(file);
    expect(whole.headers.get("accept-ranges")).toBe("bytes");
    expect((await whole.arrayBuffer()).byteLength).toBe(4096);
    expect(
      (await api(file, { headers: { range: "bytes=5000-" } })).status,
    ).toBe(416);
  });
});
