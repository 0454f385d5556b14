import { randomBytes } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as health from "../../app/api/v1/health/route";
import * as sources from "../../app/api/v1/video/clips/route";
import * as source from "../../app/api/v1/video/clips/[id]/route";
import * as status from "../../app/api/v1/video/clips/[id]/status/route";
import * as transcript from "../../app/api/v1/video/clips/[id]/transcript/route";
import * as clip from "../../app/api/v1/video/clips/[id]/clips/[clip_id]/route";
import * as clipFile from "../../app/api/v1/video/clips/[id]/clips/[clip_id]/files/[kind]/route";
import * as sendOn from "../../app/api/v1/video/clips/[id]/clips/[clip_id]/send/route";
import * as rendered from "../../app/api/v1/video/rendered/[id]/route";
import * as review from "../../app/api/v1/video/rendered/[id]/review/route";
import { loadConfig } from "../../src/config";
import { schema } from "../../src/db";
import { sendJob } from "../../src/jobs/queues";
import { runWorker, type Worker } from "../../src/jobs/worker";
import { probeMedia } from "../../src/pipeline/render";
import { createApiHarness, type ApiHarness, type Json } from "../api/harness";
import { JOBS_HOME, waitFor } from "../jobs/helpers";
import { makeTestSource, type TestSource } from "./source";

/**
 * The clips service end to end: the API on real Postgres, a real worker running the job chain
 * (transcribe → select → render each clip) on a talk the suite makes, at a quarter of the size.
 */
let api: ApiHarness;
let worker: Worker;
let dir: string;
let talk: TestSource;
let files: Server;
let filesHost: string;

const QUERY = "count=2&min=6&max=14&preset=tiktok&scale=0.25";

const statusOf = async (id: number): Promise<Json> =>
  (await api.call(status.GET, { params: { id: String(id) } })).data;

const waitForSource = (id: number, want: string[], timeoutMs = 300_000) =>
  waitFor(
    `clip source ${id} to be ${want.join(" or ")}`,
    async () => {
      const data = await statusOf(id);
      return want.includes(data.status) ? data : null;
    },
    timeoutMs,
    500,
  );

const download = (url: string, headers: Record<string, string> = {}) => {
  const [, id, clipId, kind] =
    /clips\/(\d+)\/clips\/(\d+)\/files\/(\w+)\?v=\d+$/.exec(url)!;
  return api.call(clipFile.GET, {
    path: url,
    params: { id, clip_id: clipId, kind },
    headers,
  });
};

beforeAll(async () => {
  api = await createApiHarness();
  dir = await mkdtemp(path.join(tmpdir(), "rw-clips-api-"));
  talk = await makeTestSource(dir);
  await writeFile(path.join(dir, "page.html"), "<p>not a video</p>");
  files = createServer((request, response) => {
    const name = request.url === "/talk.mp4" ? "talk.mp4" : "page.html";
    response.writeHead(200, {
      "content-type": name.endsWith(".mp4") ? "video/mp4" : "text/html",
    });
    createReadStream(path.join(dir, name)).pipe(response);
  });
  await new Promise<void>((resolve) => files.listen(0, "127.0.0.1", resolve));
  filesHost = `127.0.0.1:${(files.address() as AddressInfo).port}`;
  // The API refuses a loopback source_url unless the operator allows its host, as the worker does.
  vi.stubEnv("REELWRIGHT_ALLOW_PRIVATE_FETCH_HOSTS", filesHost);
  const env = {
    ...process.env,
    REELWRIGHT_HOME: JOBS_HOME,
    JOB_RETRY_DELAY_SECONDS: "1",
    REELWRIGHT_SECRET_KEY: randomBytes(32).toString("base64"),
    // Only the test's own file server on loopback; any other private address stays refused.
    REELWRIGHT_ALLOW_PRIVATE_FETCH_HOSTS: filesHost,
  };
  worker = await runWorker({
    database: api.database,
    storage: api.storage,
    config: loadConfig(env),
    env,
    queues: ["clipTranscribe", "clipSelect", "clipRender"],
    pollingIntervalSeconds: 0.5,
    timing: {
      progressIntervalMs: 300,
      heartbeatMs: 1000,
      staleAfterMs: 60_000,
    },
  });
}, 180_000);

afterAll(async () => {
  vi.unstubAllEnvs();
  await worker?.stop();
  files?.close();
  await api?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("POST /api/v1/video/clips/", () => {
  it("refuses what it cannot cut, naming the field", async () => {
    const cases: Array<[unknown, string]> = [
      [{ source_url: "file:///etc/passwd" }, "source_url"],
      [
        { source_url: "http://example.test/a.mp4", preset: "youtube_long" },
        "preset",
      ],
      [{ source_url: "http://example.test/a.mp4", min: 30, max: 20 }, "max"],
      [{ source_url: "http://example.test/a.mp4", count: 21 }, "count"],
      [{ source_url: "http://example.test/a.mp4", max: 700 }, "max"],
      // An Instagram reel lasts at most 90 s.
      [
        {
          source_url: "http://example.test/a.mp4",
          preset: "instagram_reel",
          max: 120,
        },
        "max",
      ],
    ];
    for (const [json, field] of cases) {
      const { status: code, data } = await api.call(sources.POST, { json });
      expect(code, JSON.stringify(json)).toBe(400);
      expect(data.error.field).toBe(field);
    }
    const wrongType = await api.call(sources.POST, {
      body: "hello",
      headers: { "content-type": "text/plain" },
    });
    expect(wrongType.status).toBe(415);
  });

  it("refuses a source_url the fetch guard would refuse for sure, making no row", async () => {
    const { status: code, data } = await api.call(sources.POST, {
      json: { source_url: "http://127.0.0.1:9/talk.mp4", count: 1 },
    });
    expect(code).toBe(422);
    expect(data.error).toMatchObject({
      code: "url_refused",
      field: "source_url",
    });
    const { rows } = await api.database.pool.query(
      "select count(*)::int as n from clip_sources where origin like '%127.0.0.1:9%'",
    );
    expect(rows[0].n).toBe(0);
  });

  it("fails a source the guard refuses when it fetches, saying why, without retrying", async () => {
    // A row from before the API checked (the guard judges names only DNS can tell the same way).
    const [row] = await api.database.db
      .insert(schema.clipSources)
      .values({
        siteId: api.site.id,
        origin: "http://127.0.0.1:9/talk.mp4",
        preset: "tiktok",
        count: 1,
        minMs: 15_000,
        maxMs: 60_000,
      })
      .returning();
    await sendJob(
      "clipTranscribe",
      { clipSourceId: row.id },
      { boss: api.boss },
    );
    const done = await waitForSource(row.id, ["failed"], 60_000);
    expect(done.error).toMatch(/Cannot fetch the source .*127\.0\.0\.1/);
    expect(done.stages.transcribe.status).toBe("failed");
    const [after] = await api.database.pool
      .query("select attempts from clip_sources where id = $1", [row.id])
      .then((r) => r.rows);
    expect(after.attempts).toBe(1);
  });

  it("fails a URL that answers with something that is not a video", async () => {
    const { data } = await api.call(sources.POST, {
      json: { source_url: `http://${filesHost}/page.html`, count: 1 },
    });
    const done = await waitForSource(data.source.id, ["failed"], 60_000);
    expect(done.error).toMatch(/text\/html/);
  });
});

describe("a long video cut into clips", () => {
  let sourceId: number;
  let listed: Json;

  beforeAll(async () => {
    const { status: code, data } = await api.call(sources.POST, {
      path: `/api/v1/video/clips/?${QUERY}&file_name=talk.mp4`,
      body: await readFile(talk.file),
      headers: { "content-type": "video/mp4" },
    });
    expect(code).toBe(202);
    expect(data.source).toMatchObject({ status: "queued", origin: "talk.mp4" });
    sourceId = data.source.id;
    const progress: Json[] = [];
    await waitFor(
      "the clips",
      async () => {
        const now = await statusOf(sourceId);
        progress.push(now.stages);
        return ["completed", "failed"].includes(now.status);
      },
      600_000,
      500,
    );
    // The stages were seen moving, in order.
    expect(
      progress.some(
        (s) => s.transcribe.status === "done" && s.render.status !== "done",
      ),
    ).toBe(true);
    listed = (await api.call(sources.GET)).data.items.find(
      (s: Json) => s.id === sourceId,
    );
  }, 660_000);

  it("lists the clips best first with their scores, spans and metadata", () => {
    expect(listed.status).toBe("completed");
    expect(listed.transcriber).toBe("pocketsphinx");
    expect(listed.selector).toBe("heuristic");
    expect(Object.values(listed.stages)).toEqual(
      Array(4).fill({ status: "done", progress: 1 }),
    );
    expect(listed.clips).toHaveLength(2);
    const [a, b] = listed.clips;
    expect(a.score).toBeGreaterThanOrEqual(b.score);
    for (const c of listed.clips) {
      expect(c.status).toBe("completed");
      expect(c.end_ms - c.start_ms).toBeGreaterThanOrEqual(6000 - 500);
      expect(c.end_ms - c.start_ms).toBeLessThanOrEqual(14_000);
      expect(c.title.length).toBeGreaterThan(3);
      expect(c.hashtags.every((h: string) => h.startsWith("#"))).toBe(true);
      expect(Object.keys(c.files).sort()).toEqual([
        "metadata",
        "srt",
        "thumbnail",
        "video",
        "vtt",
      ]);
    }
    // No two clips overlap.
    const [first, second] = [...listed.clips].sort(
      (x, y) => x.start_ms - y.start_ms,
    );
    expect(first.end_ms).toBeLessThanOrEqual(second.start_ms);
  });

  it("serves each clip's files through the files route, ranges included", async () => {
    const c = listed.clips[0];
    const video = await download(c.files.video);
    expect(video.status).toBe(200);
    expect(video.response.headers.get("content-type")).toBe("video/mp4");
    const file = path.join(dir, "clip.mp4");
    await writeFile(file, Buffer.from(await video.response.arrayBuffer()));
    const probe = await probeMedia(file);
    expect(probe.video).toMatchObject({ width: 270, height: 480 });
    expect(probe.audio).toBeTruthy();
    expect(Math.abs(probe.durationMs - (c.end_ms - c.start_ms))).toBeLessThan(
      200,
    );
    const range = await download(c.files.video, { range: "bytes=0-99" });
    expect(range.status).toBe(206);
    const srt = await (await download(c.files.srt)).response.text();
    expect(srt).toMatch(/^1\r?\n00:00:0/);
    const metadata = (await download(c.files.metadata)).data;
    expect(metadata).toMatchObject({
      title: c.title,
      startMs: c.start_ms,
      endMs: c.end_ms,
    });
    const thumb = await download(c.files.thumbnail);
    expect(thumb.response.headers.get("content-type")).toBe("image/jpeg");
    // Another site sees nothing.
    const [, id, clipId, kind] =
      /clips\/(\d+)\/clips\/(\d+)\/files\/(\w+)\?v=\d+$/.exec(c.files.video)!;
    const foreign = await api.call(clipFile.GET, {
      key: api.otherKey,
      params: { id, clip_id: clipId, kind },
    });
    expect(foreign.status).toBe(404);
  });

  it("moves a clip to other words of the transcript and renders it again", async () => {
    const words = (
      await api.call(transcript.GET, { params: { id: String(sourceId) } })
    ).data;
    expect(words.words.length).toBeGreaterThan(60);
    const target = words.sentences[2];
    const c = listed.clips[1];
    const params = { id: String(sourceId), clip_id: String(c.id) };
    const moved = await api.call(clip.PUT, {
      method: "PUT",
      params,
      json: {
        first_word: target.first_word,
        last_word: words.sentences[3].last_word,
      },
    });
    expect(moved.status).toBe(202);
    expect(moved.data.status).toBe("queued");
    const again = await api.call(clip.PUT, {
      method: "PUT",
      params,
      json: { first_word: 0, last_word: 3 },
    });
    expect(again.status).toBe(409);
    const bad = await api.call(clip.PUT, {
      method: "PUT",
      params: { id: String(sourceId), clip_id: String(listed.clips[0].id) },
      json: { first_word: 5, last_word: 999_999 },
    });
    expect(bad.status).toBe(422);
    const done = await waitForSource(sourceId, ["completed"], 300_000);
    expect(done.status).toBe("completed");
    const { data } = await api.call(source.GET, {
      params: { id: String(sourceId) },
    });
    const remade = data.clips.find((x: Json) => x.id === c.id);
    expect(remade.status).toBe("completed");
    expect(remade.first_word).toBe(target.first_word);
    expect(remade.start_ms).toBeLessThanOrEqual(target.start_ms);
    expect(remade.start_ms).toBeGreaterThan(target.start_ms - 300);
    const srt = await (await download(remade.files.srt)).response.text();
    const heard = words.words
      .slice(target.first_word, words.sentences[3].last_word + 1)
      .map((w: Json) => w.text.toLowerCase());
    const captioned = srt
      .split(/\r?\n/)
      .filter((line) => line && !/^\d+$/.test(line) && !line.includes("-->"))
      .join(" ")
      .toLowerCase()
      .split(/\s+/);
    expect(captioned).toEqual(heard);
  }, 330_000);

  it("sends a clip on to review, approval and publishing", async () => {
    const c = listed.clips[0];
    const params = { id: String(sourceId), clip_id: String(c.id) };
    const sent = await api.call(sendOn.POST, { method: "POST", params });
    expect(sent.status).toBe(201);
    const renders = await api.call(rendered.GET, {
      params: { id: String(sent.data.project_id) },
    });
    expect(renders.data.items).toEqual([
      expect.objectContaining({
        id: sent.data.render_id,
        status: "completed",
        review_status: "pending",
        preset: "tiktok",
        files: expect.objectContaining({ video: expect.any(String) }),
      }),
    ]);
    expect(renders.data.items[0].metadata).toMatchObject({ title: c.title });
    const approved = await api.call(review.POST, {
      params: { id: String(sent.data.render_id) },
      json: { decision: "approve" },
    });
    expect(approved.status).toBe(200);
    expect(approved.data.review_status).toBe("approved");
    const twice = await api.call(sendOn.POST, { method: "POST", params });
    expect(twice.status).toBe(409);
  });

  it("reports clips readiness in health", async () => {
    const { data } = await api.call(health.GET);
    expect(data.checks.clips).toEqual({ ok: true, detail: "pocketsphinx" });
  });

  it("deletes a source with its clips and files", async () => {
    const other = await api.call(source.DELETE, {
      method: "DELETE",
      key: api.otherKey,
      params: { id: String(sourceId) },
    });
    expect(other.status).toBe(404);
    const gone = await api.call(source.DELETE, {
      method: "DELETE",
      params: { id: String(sourceId) },
    });
    expect(gone.status).toBe(204);
    expect(
      (await api.call(source.GET, { params: { id: String(sourceId) } })).status,
    ).toBe(404);
    const left = await readdir(api.storage.resolve("clips")).catch(() => []);
    expect(left).not.toContain(String(sourceId));
  });
});

describe("a source fetched from a URL", () => {
  it("is fetched through the guard, stored and transcribed", async () => {
    const { data } = await api.call(sources.POST, {
      json: {
        source_url: `http://${filesHost}/talk.mp4`,
        count: 1,
        min: 6,
        max: 14,
        scale: 0.25,
      },
    });
    const selected = await waitForSource(
      data.source.id,
      ["rendering", "completed", "failed"],
      120_000,
    );
    expect(selected.error).toBeNull();
    expect(selected.stages.transcribe).toEqual({ status: "done", progress: 1 });
    expect(selected.stages.select).toEqual({ status: "done", progress: 1 });
    const removed = await api.call(source.DELETE, {
      method: "DELETE",
      params: { id: String(data.source.id) },
    });
    expect(removed.status).toBe(204);
  }, 150_000);
});
