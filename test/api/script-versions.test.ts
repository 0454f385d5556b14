import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as editScript from "../../app/api/v1/video/scripts/[project_id]/route";
import * as versions from "../../app/api/v1/video/scripts/[project_id]/versions/route";
import * as compare from "../../app/api/v1/video/scripts/[project_id]/compare/route";
import * as restore from "../../app/api/v1/video/scripts/[project_id]/versions/[version_id]/restore/route";
import {
  createApiHarness,
  projectWithScript,
  type ApiHarness,
  type Json,
} from "./harness";

let api: ApiHarness;
beforeAll(async () => {
  api = await createApiHarness();
});
afterAll(async () => {
  await api?.close();
});

describe("script versions", () => {
  it("lists every type's versions, compares two word by word and restores one as the newest", async () => {
    const { project: p, script } = await projectWithScript(api);
    const params = { project_id: String(p.id) };
    const edited = await api.call(editScript.PUT, {
      method: "PUT",
      params,
      json: {
        script: { ...script, hook: "Lighthouses kept ships off the rocks." },
      },
    });
    expect(edited.status).toBe(201);
    expect(edited.data.version).toBe(2);
    const long = await api.call(editScript.PUT, {
      method: "PUT",
      params,
      json: { script: { ...script, type: "long" } },
    });
    expect(long.data).toMatchObject({ video_type: "long", version: 1 });

    const all = await api.call(versions.GET, { params });
    expect(all.status).toBe(200);
    expect(
      all.data.versions.map((v: Json) => [v.video_type, v.version]),
    ).toEqual([
      ["long", 1],
      ["short", 2],
      ["short", 1],
    ]);
    const shorts = await api.call(versions.GET, {
      path: "/?video_type=short",
      params,
    });
    expect(shorts.data.versions).toHaveLength(2);

    const [, second, first] = all.data.versions;
    const diff = await api.call(compare.GET, {
      path: `/?from=${first.id}&to=${second.id}`,
      params,
    });
    expect(diff.status).toBe(200);
    const hook = diff.data.sections[0];
    expect(hook).toMatchObject({ index: 0, kind: "hook", changed: true });
    const added = hook.changes
      .filter((c: Json) => c.op === "added")
      .map((c: Json) => c.text)
      .join("");
    expect(added).toContain("ships off the rocks");
    expect(
      hook.changes
        .filter((c: Json) => c.op !== "added")
        .map((c: Json) => c.text)
        .join(""),
    ).toBe(script.hook);
    expect(diff.data.sections.slice(1).every((s: Json) => !s.changed)).toBe(
      true,
    );

    const restored = await api.call(restore.POST, {
      method: "POST",
      params: { ...params, version_id: String(first.id) },
    });
    expect(restored.status).toBe(201);
    expect(restored.data).toMatchObject({
      video_type: "short",
      version: 3,
      provider: "restored",
    });
    expect(restored.data.script).toEqual(first.script);
  });

  it("does not compare or restore another project's or site's versions", async () => {
    const mine = await projectWithScript(api);
    const theirs = await projectWithScript(api, { siteId: api.otherSite.id });
    const foreign = await api.call(restore.POST, {
      method: "POST",
      params: {
        project_id: String(mine.project.id),
        version_id: String(theirs.scriptRow.id),
      },
    });
    expect(foreign.status).toBe(404);
    const stranger = await api.call(versions.GET, {
      params: { project_id: String(mine.project.id) },
      key: api.otherKey,
    });
    expect(stranger.status).toBe(404);
    const missing = await api.call(compare.GET, {
      path: `/?from=${mine.scriptRow.id}`,
      params: { project_id: String(mine.project.id) },
    });
    expect(missing.status).toBe(400);
    expect(missing.data.error.field).toBe("to");
  });
});
