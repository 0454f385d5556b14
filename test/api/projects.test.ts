import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as projects from "../../app/api/v1/video/projects/route";
import * as project from "../../app/api/v1/video/projects/[id]/route";
import { PRIORITIES } from "../../src/jobs/queues";
import { schema } from "../../src/db";
import { ARTICLE, createApiHarness, type ApiHarness } from "./harness";

let api: ApiHarness;
beforeAll(async () => {
  api = await createApiHarness();
});
afterAll(() => api?.close());

const newProject = (extra: Record<string, unknown> = {}) => ({
  content: { format: "markdown", body: ARTICLE },
  target_platforms: ["tiktok", "youtube_short"],
  ...extra,
});

describe("POST /api/v1/video/projects/", () => {
  it("creates the content and the project and queues the pipeline", async () => {
    const { status, data } = await api.call(projects.POST, {
      json: newProject({ priority: "high" }),
    });
    expect(status).toBe(201);
    expect(data.project).toMatchObject({
      title: "Lighthouses of the North",
      status: "draft",
      target_presets: ["tiktok", "youtube_short"],
      site_id: api.site.id,
    });
    const job = await api.boss.getJobById("pipeline", data.job_id);
    expect(job?.data).toEqual({ projectId: data.project.id });
    expect(job?.priority).toBe(PRIORITIES.high);
    const [content] = await api.database.db.select().from(schema.contents);
    expect(content).toMatchObject({ format: "markdown", body: ARTICLE });
  });

  it("keeps the project's voice, provider and id, and says nothing went wrong yet", async () => {
    const { status, data } = await api.call(projects.POST, {
      json: newProject({
        start: false,
        target_platforms: ["instagram_square", "youtube_medium"],
        settings: {
          voice: { provider: "elevenlabs", id: "21m00Tcm4TlvDq8ikWAM" },
        },
      }),
    });
    expect(status).toBe(201);
    expect(data.project).toMatchObject({
      target_presets: ["instagram_square", "youtube_medium"],
      settings: {
        voice: { provider: "elevenlabs", id: "21m00Tcm4TlvDq8ikWAM" },
      },
      warning: null,
    });
    const bad = await api.call(projects.POST, {
      json: newProject({ settings: { voice: { provider: "siri" } } }),
    });
    expect(bad.status).toBe(400);
    expect(bad.data.error.field).toBe("settings.voice.provider");
  });

  it("makes only a draft with start: false, from existing content", async () => {
    const first = await api.call(projects.POST, { json: newProject() });
    const { status, data } = await api.call(projects.POST, {
      json: {
        content_id: first.data.project.content_id,
        project_type: "medium",
        title: "Second cut",
        target_platforms: ["youtube_long"],
        start: false,
      },
    });
    expect(status).toBe(201);
    expect(data.job_id).toBeNull();
    expect(data.project).toMatchObject({
      title: "Second cut",
      project_type: "medium",
    });
  });

  it("refuses another site's content as unknown", async () => {
    const mine = await api.call(projects.POST, { json: newProject() });
    const { status, data } = await api.call(projects.POST, {
      key: api.otherKey,
      json: {
        content_id: mine.data.project.content_id,
        target_platforms: ["tiktok"],
      },
    });
    expect(status).toBe(404);
    expect(data.error.code).toBe("not_found");
  });

  it.each([
    [{ target_platforms: ["tiktok"] }, "content_id"],
    [{ ...newProject(), target_platforms: ["vimeo"] }, "target_platforms.0"],
    [{ ...newProject(), target_platforms: "tiktok" }, "target_platforms"],
    [{ ...newProject(), project_type: 3 }, "project_type"],
    [
      { ...newProject(), content: { format: "pdf", body: "x" } },
      "content.format",
    ],
    [{ ...newProject(), start: "yes" }, "start"],
  ])("names the field at fault: %j", async (json, field) => {
    const { status, data } = await api.call(projects.POST, { json });
    expect(status).toBe(400);
    expect(data.error).toMatchObject({ code: "validation_failed", field });
  });

  it("answers 400 to malformed JSON, 415 to another type, 413 to a huge body", async () => {
    const malformed = await api.call(projects.POST, {
      body: '{"content": ',
      headers: { "content-type": "application/json" },
    });
    expect(malformed.status).toBe(400);
    expect(malformed.data.error.code).toBe("malformed_json");

    const form = await api.call(projects.POST, {
      body: "a=b",
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(form.status).toBe(415);

    // Streamed without a length: the limit is enforced while reading.
    const chunk = new TextEncoder().encode("x".repeat(1024 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 8) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const huge = await api.call(projects.POST, {
      body: stream,
      headers: { "content-type": "application/json" },
    });
    expect(huge.status).toBe(413);
    expect(huge.data.error.code).toBe("payload_too_large");
    expect(sent).toBeLessThan(8);
  });

  it("refuses content the pipeline cannot read (422)", async () => {
    const { status, data } = await api.call(projects.POST, {
      json: { ...newProject(), content: { format: "json", body: "{not json" } },
    });
    expect(status).toBe(422);
    expect(data.error).toMatchObject({
      code: "invalid_content",
      field: "content.body",
    });
  });

  it("answers 401 without a key or with a bad one", async () => {
    const none = await api.call(projects.POST, {
      key: null,
      json: newProject(),
    });
    expect(none.status).toBe(401);
    expect(none.data.error.code).toBe("unauthorized");
    const bad = await api.call(projects.GET, { key: "rw_nope" });
    expect(bad.status).toBe(401);
  });
});

describe("GET /api/v1/video/projects/", () => {
  it("lists the site's projects only, newest first, with filters and pages", async () => {
    await api.call(projects.POST, {
      key: api.otherKey,
      json: newProject(),
    });
    const all = await api.call(projects.GET, { path: "/?per_page=2" });
    expect(all.status).toBe(200);
    expect(all.data.items).toHaveLength(2);
    expect(all.data.per_page).toBe(2);
    const mine = await api.database.db.$count(schema.videoProjects, undefined);
    expect(all.data.total).toBe(mine - 1);
    expect(
      all.data.items.every(
        (p: { site_id: number; title: string }) => p.site_id === api.site.id,
      ),
    ).toBe(true);
    expect(all.data.items[0].id).toBeGreaterThan(all.data.items[1].id);

    const medium = await api.call(projects.GET, {
      path: "/?project_type=medium",
    });
    expect(
      medium.data.items.map((p: { site_id: number; title: string }) => p.title),
    ).toEqual(["Second cut"]);
    const searched = await api.call(projects.GET, { path: "/?q=second%20C" });
    expect(searched.data.total).toBe(1);
    const drafts = await api.call(projects.GET, { path: "/?status=failed" });
    expect(drafts.data.total).toBe(0);
    const page2 = await api.call(projects.GET, { path: "/?per_page=2&page=2" });
    expect(page2.data.items[0].id).toBeLessThan(all.data.items[1].id);
  });

  it("rejects bad query values naming them", async () => {
    const { status, data } = await api.call(projects.GET, {
      path: "/?per_page=1000",
    });
    expect(status).toBe(400);
    expect(data.error.field).toBe("per_page");
    const status2 = await api.call(projects.GET, { path: "/?status=done" });
    expect(status2.data.error.field).toBe("status");
  });
});

describe("GET and DELETE /api/v1/video/projects/{id}/", () => {
  it("shows a project with its script, assets and renders", async () => {
    const created = await api.call(projects.POST, { json: newProject() });
    const id = String(created.data.project.id);
    const { status, data } = await api.call(project.GET, { params: { id } });
    expect(status).toBe(200);
    expect(data).toMatchObject({
      project: { id: Number(id) },
      script: null,
      voiceover: null,
      assets: [],
      renders: [],
    });
  });

  it("answers 404 for an unknown id and for another site's project, 400 for a bad id", async () => {
    const created = await api.call(projects.POST, { json: newProject() });
    const id = String(created.data.project.id);
    const foreign = await api.call(project.GET, {
      params: { id },
      key: api.otherKey,
    });
    expect(foreign.status).toBe(404);
    const unknown = await api.call(project.GET, { params: { id: "999999" } });
    expect(unknown.status).toBe(404);
    const bad = await api.call(project.GET, { params: { id: "abc" } });
    expect(bad.status).toBe(400);
    expect(bad.data.error.field).toBe("id");
    for (const id of ["1e3", "0x10", "-1", "0", "99999999999999999"])
      expect((await api.call(project.GET, { params: { id } })).status, id).toBe(
        400,
      );
    const foreignDelete = await api.call(project.DELETE, {
      method: "DELETE",
      params: { id },
      key: api.otherKey,
    });
    expect(foreignDelete.status).toBe(404);
  });

  it("deletes the rows, the files and the queued jobs", async () => {
    const created = await api.call(projects.POST, { json: newProject() });
    const id = created.data.project.id as number;
    await api.storage.write(`projects/${id}/renders/x.mp4`, async (tmp) => {
      const { writeFile } = await import("node:fs/promises");
      await writeFile(tmp, "video");
    });
    const { status } = await api.call(project.DELETE, {
      method: "DELETE",
      params: { id: String(id) },
    });
    expect(status).toBe(204);
    expect(await api.storage.size(`projects/${id}/renders/x.mp4`)).toBeNull();
    const job = await api.boss.getJobById("pipeline", created.data.job_id);
    expect(job?.state).toBe("cancelled");
    const again = await api.call(project.GET, { params: { id: String(id) } });
    expect(again.status).toBe(404);
  });
});
