import { writeFile } from "node:fs/promises";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as render from "../../app/api/v1/video/render/route";
import * as status from "../../app/api/v1/video/render/[id]/status/route";
import * as rendered from "../../app/api/v1/video/rendered/[id]/route";
import * as review from "../../app/api/v1/video/rendered/[id]/review/route";
import * as files from "../../app/api/v1/video/rendered/[id]/files/[kind]/route";
import { schema } from "../../src/db";
import { PRIORITIES } from "../../src/jobs/queues";
import {
  createApiHarness,
  projectWithScript,
  type ApiHarness,
} from "./harness";

let api: ApiHarness;
beforeAll(async () => {
  api = await createApiHarness();
});
afterAll(() => api?.close());

const setRender = (
  id: number,
  values: Partial<typeof schema.renderedVideos.$inferInsert>,
) =>
  api.database.db
    .update(schema.renderedVideos)
    .set(values)
    .where(eq(schema.renderedVideos.id, id));

describe("POST /api/v1/video/render/", () => {
  it("creates one render per preset of the latest script and one video job each", async () => {
    const { project, scriptRow } = await projectWithScript(api);
    const { status: code, data } = await api.call(render.POST, {
      json: {
        project_id: project.id,
        presets: ["tiktok", "instagram_reel"],
        priority: "high",
      },
    });
    expect(code).toBe(202);
    expect(data.renders).toHaveLength(2);
    for (const r of data.renders) {
      expect(r).toMatchObject({ status: "queued", reused: false });
      const job = await api.boss.getJobById("video", r.job_id);
      expect(job?.data).toEqual({ renderedVideoId: r.id });
      expect(job?.priority).toBe(PRIORITIES.high);
      expect(job?.singletonKey).toBe(`render:${r.id}`);
    }
    const rows = await api.database.db
      .select()
      .from(schema.renderedVideos)
      .where(eq(schema.renderedVideos.projectId, project.id));
    expect(rows.map((r) => r.scriptId)).toEqual([scriptRow.id, scriptRow.id]);
  });

  it("reuses a render of the same script version, and renders again after a failure", async () => {
    const { project } = await projectWithScript(api);
    const body = { project_id: project.id, presets: ["tiktok"] };
    const first = await api.call(render.POST, { json: body });
    const [again, concurrent] = await Promise.all([
      api.call(render.POST, { json: body }),
      api.call(render.POST, { json: body }),
    ]);
    for (const answer of [again, concurrent]) {
      expect(answer.data.renders[0]).toMatchObject({
        id: first.data.renders[0].id,
        reused: true,
      });
    }
    const jobs = await api.database.pool.query(
      "select count(*)::int as n from pgboss.job where name = 'video' and data->>'renderedVideoId' = $1",
      [String(first.data.renders[0].id)],
    );
    expect(jobs.rows[0].n).toBe(1);

    const smaller = await api.call(render.POST, {
      json: { ...body, scale: 0.5 },
    });
    expect(smaller.data.renders[0].reused).toBe(false);
    const draft = await api.call(render.POST, {
      json: { ...body, quality: "draft" },
    });
    expect(draft.data.renders[0]).toMatchObject({
      quality: "draft",
      reused: false,
    });
    expect(first.data.renders[0].quality).toBe("standard");
    const badQuality = await api.call(render.POST, {
      json: { ...body, quality: "ultra" },
    });
    expect(badQuality.status).toBe(400);
    expect(badQuality.data.error.field).toBe("quality");

    await setRender(first.data.renders[0].id, { status: "failed" });
    const retried = await api.call(render.POST, { json: body });
    expect(retried.data.renders[0].reused).toBe(false);
    expect(retried.data.renders[0].id).not.toBe(first.data.renders[0].id);
  });

  it("refuses a preset without a script of its type (422) and bad input (400, 404)", async () => {
    const { project } = await projectWithScript(api);
    const noScript = await api.call(render.POST, {
      json: { project_id: project.id, presets: ["youtube_long"] },
    });
    expect(noScript.status).toBe(422);
    expect(noScript.data.error).toMatchObject({
      code: "no_script",
      field: "presets",
    });

    const badPreset = await api.call(render.POST, {
      json: { project_id: project.id, presets: ["tiktok", "imax"] },
    });
    expect(badPreset.data.error.field).toBe("presets.1");
    const badScale = await api.call(render.POST, {
      json: { project_id: project.id, presets: ["tiktok"], scale: 3 },
    });
    expect(badScale.data.error.field).toBe("scale");
    const badId = await api.call(render.POST, {
      json: { project_id: "seven", presets: ["tiktok"] },
    });
    expect(badId.data.error.field).toBe("project_id");
    const textId = await api.call(render.POST, {
      json: { project_id: String(project.id), presets: ["tiktok"] },
    });
    expect(textId.data.error.field).toBe("project_id");
    const foreign = await api.call(render.POST, {
      key: api.otherKey,
      json: { project_id: project.id, presets: ["tiktok"] },
    });
    expect(foreign.status).toBe(404);
  });
});

describe("render status, list and review", () => {
  it("reports progress, lists the project's renders, and reviews finished ones only", async () => {
    const { project } = await projectWithScript(api);
    const queued = await api.call(render.POST, {
      json: { project_id: project.id, presets: ["tiktok"] },
    });
    const id = queued.data.renders[0].id as number;
    await setRender(id, {
      status: "rendering",
      progress: 0.4,
      stage: "frames",
      etaMs: 5000,
    });
    const progress = await api.call(status.GET, { params: { id: String(id) } });
    expect(progress.data).toEqual({
      id,
      status: "rendering",
      progress: expect.closeTo(0.4, 5),
      stage: "frames",
      eta_ms: 5000,
      error: null,
      pieces: [],
    });
    // A fleet render answers its pieces, each naming its worker by host and process only.
    await api.database.db.insert(schema.renderPieces).values([
      {
        renderedVideoId: id,
        index: 0,
        frameFrom: 0,
        frameTo: 299,
        status: "done",
        workerId: "render-a:4121:9f3c2e",
      },
      { renderedVideoId: id, index: 1, frameFrom: 300, frameTo: 449 },
    ]);
    const fleet = await api.call(status.GET, { params: { id: String(id) } });
    expect(fleet.data.pieces).toEqual([
      { index: 0, frames: [0, 299], status: "done", worker: "render-a:4121" },
      { index: 1, frames: [300, 449], status: "queued", worker: null },
    ]);
    expect(
      (
        await api.call(status.GET, {
          params: { id: String(id) },
          key: api.otherKey,
        })
      ).status,
    ).toBe(404);

    const list = await api.call(rendered.GET, {
      params: { id: String(project.id) },
    });
    expect(list.data.items.map((r: { id: number }) => r.id)).toEqual([id]);
    expect(list.data.items[0]).not.toHaveProperty("file_path");

    const early = await api.call(review.POST, {
      params: { id: String(id) },
      json: { decision: "approve" },
    });
    expect(early.status).toBe(422);
    expect(early.data.error.code).toBe("render_not_finished");

    await setRender(id, { status: "completed", progress: 1 });
    const rejected = await api.call(review.POST, {
      params: { id: String(id) },
      json: { decision: "reject", comment: "The hook is too slow" },
    });
    expect(rejected.data).toMatchObject({
      review_status: "rejected",
      review_comment: "The hook is too slow",
    });
    const bad = await api.call(review.POST, {
      params: { id: String(id) },
      json: { decision: "maybe" },
    });
    expect(bad.data.error.field).toBe("decision");
  });
});

describe("GET /api/v1/video/rendered/{id}/files/{kind}", () => {
  const bytes = Buffer.from(Array.from({ length: 1000 }, (_, i) => i % 256));
  let id: string;

  beforeAll(async () => {
    const { project } = await projectWithScript(api);
    const queued = await api.call(render.POST, {
      json: { project_id: project.id, presets: ["tiktok"] },
    });
    id = String(queued.data.renders[0].id);
    const key = `projects/${project.id}/renders/${id}/tiktok.mp4`;
    await api.storage.write(key, (tmp) => writeFile(tmp, bytes));
    await api.storage.write(
      `projects/${project.id}/renders/${id}/tiktok.srt`,
      (tmp) => writeFile(tmp, "1\n00:00:00,000 --> 00:00:01,000\nHello\n"),
    );
    await setRender(Number(id), {
      status: "completed",
      filePath: key,
      srtPath: `projects/${project.id}/renders/${id}/tiktok.srt`,
      thumbnailPath: "../../../etc/passwd",
    });
  });

  const get = (kind: string, headers: Record<string, string> = {}) =>
    api.call(files.GET, { params: { id, kind }, headers });

  it("sends the whole file with its type and Accept-Ranges", async () => {
    const { status: code, response } = await get("video");
    expect(code).toBe(200);
    expect(response.headers.get("content-type")).toBe("video/mp4");
    expect(response.headers.get("accept-ranges")).toBe("bytes");
    expect(response.headers.get("content-length")).toBe("1000");
    expect(Buffer.from(await response.arrayBuffer())).toEqual(bytes);
    const srt = await get("srt");
    expect(srt.response.headers.get("content-type")).toMatch(
      /^application\/x-subrip/,
    );
  });

  it("answers a Range with 206 and Content-Range", async () => {
    const middle = await get("video", { range: "bytes=10-19" });
    expect(middle.status).toBe(206);
    expect(middle.response.headers.get("content-range")).toBe(
      "bytes 10-19/1000",
    );
    expect(Buffer.from(await middle.response.arrayBuffer())).toEqual(
      bytes.subarray(10, 20),
    );
    const tail = await get("video", { range: "bytes=-5" });
    expect(tail.response.headers.get("content-range")).toBe(
      "bytes 995-999/1000",
    );
    const open = await get("video", { range: "bytes=990-" });
    expect((await open.response.arrayBuffer()).byteLength).toBe(10);
    const clipped = await get("video", { range: "bytes=995-5000" });
    expect(clipped.response.headers.get("content-range")).toBe(
      "bytes 995-999/1000",
    );
  });

  it("answers 416 to a range outside the file", async () => {
    const {
      status: code,
      response,
      data,
    } = await get("video", { range: "bytes=1000-" });
    expect(code).toBe(416);
    expect(response.headers.get("content-range")).toBe("bytes */1000");
    expect(data.error.code).toBe("range_not_satisfiable");
  });

  it("refuses unknown kinds, traversal, missing files and other sites", async () => {
    expect((await get("../../etc/passwd")).status).toBe(400);
    expect((await get("..%2F..%2Fetc%2Fpasswd")).status).toBe(400);
    // A stored path that climbs out of storage is never served.
    expect((await get("thumbnail")).status).toBe(404);
    expect((await get("vtt")).status).toBe(404);
    const foreign = await api.call(files.GET, {
      params: { id, kind: "video" },
      key: api.otherKey,
    });
    expect(foreign.status).toBe(404);
  });
});
