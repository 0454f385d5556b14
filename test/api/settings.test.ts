import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as projects from "../../app/api/v1/video/projects/route";
import * as project from "../../app/api/v1/video/projects/[id]/route";
import * as preview from "../../app/api/v1/video/projects/[id]/preview-props/route";
import * as media from "../../app/api/v1/video/projects/[id]/media/[name]/route";
import * as render from "../../app/api/v1/video/render/route";
import { loadConfig } from "../../src/config";
import type { VideoProps } from "../../src/compositions/schema";
import { schema } from "../../src/db";
import type { JobContext } from "../../src/jobs/context";
import { stageTools } from "../../src/pipeline/stages";
import { composeRenderProps } from "../../src/services/renders/props";
import {
  createApiHarness,
  narratedProject,
  runPipeline,
  projectWithScript,
  type ApiHarness,
} from "./harness";

const ARTICLE = `# Brewing better coffee at home

Good coffee at home needs little more than fresh beans and patience. Most people who give up on brewing at home blame their machine, yet the beans, the grind and the water decide far more of what ends up in the cup than any gadget on the counter.

## The ratio

Use 60 grams of coffee for every litre of water, and taste before you change anything. If the cup tastes sour, grind a little finer next time; if it tastes bitter and dry, grind a little coarser.

## Storing the beans

Keep the beans in an airtight tin away from light and heat. Buy small bags often rather than one big bag a month, since roasted coffee loses most of its aroma within a few weeks of the roast date printed on the bag.
`;

let api: ApiHarness;
let home: string;
let context: JobContext;
beforeAll(async () => {
  api = await createApiHarness();
  home = await mkdtemp(path.join(tmpdir(), "reelwright-settings-"));
  vi.stubEnv("REELWRIGHT_HOME", home);
  vi.stubEnv("VISUAL_SOURCES", "article,generated");
  const config = loadConfig();
  context = {
    database: api.database,
    boss: api.boss,
    storage: api.storage,
    config,
    tools: stageTools(config),
    workerId: "settings-test",
    timing: {
      progressIntervalMs: 1000,
      heartbeatMs: 1000,
      staleAfterMs: 60_000,
    },
    shutdown: new AbortController().signal,
  } as unknown as JobContext;
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await api?.close();
  if (home) await rm(home, { recursive: true, force: true });
});

const patch = (id: number, settings: unknown, key?: string) =>
  api.call(project.PATCH, {
    method: "PATCH",
    params: { id: String(id) },
    json: { settings },
    key,
  });

describe("PATCH /projects/{id}/ settings", () => {
  it("merges a partial change into what is stored and GET returns the whole", async () => {
    const { project: p } = await projectWithScript(api);
    const first = await patch(p.id, {
      voice: { provider: "espeak", id: "en-us", speed: 1.1 },
      theme: { accentColor: "#ff0055", captionStyle: "pop" },
      music: { track: "calm", volume: 0.3 },
    });
    expect(first.status).toBe(200);
    const second = await patch(p.id, {
      voice: { speed: 1.3 },
      theme: { showProgressBar: false },
      transition: "slide",
      section_transitions: { "2": "wipe" },
      captions: false,
      quality: "high",
    });
    expect(second.status).toBe(200);
    const detail = await api.call(project.GET, {
      params: { id: String(p.id) },
    });
    const audited = await api.database.db
      .select()
      .from(schema.auditLog)
      .where(eq(schema.auditLog.targetId, String(p.id)));
    expect(
      audited
        .filter((e) => e.action === "settings.update")
        .map((e) => e.details),
    ).toEqual([
      expect.objectContaining({ music: { track: "calm", volume: 0.3 } }),
      expect.objectContaining({ transition: "slide", captions: false }),
    ]);
    expect(detail.data.project.settings).toEqual({
      voice: { provider: "espeak", id: "en-us", speed: 1.3 },
      theme: {
        accentColor: "#ff0055",
        captionStyle: "pop",
        showProgressBar: false,
      },
      music: { track: "calm", volume: 0.3 },
      transition: "slide",
      section_transitions: { "2": "wipe" },
      captions: false,
      quality: "high",
    });
    const none = await patch(p.id, { music: null });
    expect(none.data.project.settings.music).toBeNull();
  });

  it("refuses what the props schema refuses with a 422 naming the field", async () => {
    const { project: p } = await projectWithScript(api);
    const colour = await patch(p.id, { theme: { accentColor: "blue-ish" } });
    expect(colour.status).toBe(422);
    expect(colour.data.error.field).toBe("settings.theme.accentColor");
    const style = await patch(p.id, { section_transitions: { "1": "spin" } });
    expect(style.status).toBe(422);
    expect(style.data.error.field).toBe("settings.section_transitions.1");
    const speed = await patch(p.id, { voice: { speed: 9 } });
    expect(speed.data.error.field).toBe("settings.voice.speed");
    const unknownKey = await patch(p.id, { theme: { glow: true } });
    expect(unknownKey.status).toBe(422);
    expect(unknownKey.data.error.field).toBe("settings.theme");
    const track = await patch(p.id, { music: { track: "polka" } });
    expect(track.status).toBe(422);
    expect(track.data.error.field).toBe("settings.music.track");
    const volumeOnly = await patch(p.id, { music: { volume: 0.5 } });
    expect(volumeOnly.status).toBe(422);
    expect(volumeOnly.data.error.field).toBe("settings.music.track");
    const detail = await api.call(project.GET, {
      params: { id: String(p.id) },
    });
    expect(detail.data.project.settings).toEqual({});
  });

  it("reads settings stored in the older shape as today's, and a change keeps them", async () => {
    const { project: p } = await projectWithScript(api);
    await api.database.db
      .update(schema.videoProjects)
      .set({
        settings: {
          voice: "slt",
          speed: 0.9,
          music: "calm",
          madeForKids: true,
        },
      })
      .where(eq(schema.videoProjects.id, p.id));
    const changed = await patch(p.id, { music: { volume: 0.1 } });
    expect(changed.status).toBe(200);
    expect(changed.data.project.settings).toEqual({
      voice: { id: "slt", speed: 0.9 },
      music: { track: "calm", volume: 0.1 },
      madeForKids: true,
    });
  });

  it("answers 404 for another site's project", async () => {
    const { project: p } = await projectWithScript(api);
    const answer = await patch(p.id, { captions: false }, api.otherKey);
    expect(answer.status).toBe(404);
  });

  it("renders at the project's quality when the request names none", async () => {
    const { project: p } = await projectWithScript(api);
    await patch(p.id, { quality: "draft" });
    const queued = await api.call(render.POST, {
      json: { project_id: p.id, presets: ["tiktok"] },
    });
    expect(queued.status).toBe(202);
    expect(queued.data.renders[0].quality).toBe("draft");
    const asked = await api.call(render.POST, {
      json: { project_id: p.id, presets: ["tiktok"], quality: "premium" },
    });
    expect(asked.data.renders[0].quality).toBe("premium");
  });
});

/** The props with every preview URL path turned back into the render's file reference. */
function unlinked(props: VideoProps, projectId: number): VideoProps {
  const prefix = `http://localhost/api/v1/video/projects/${projectId}/media/`;
  return JSON.parse(JSON.stringify(props), (_key, value) =>
    typeof value === "string" && value.startsWith(prefix)
      ? `media/${value.slice(prefix.length)}`
      : typeof value === "string" && value.startsWith("http://localhost/music/")
        ? value.slice("http://localhost/".length)
        : value,
  );
}

describe("the preview props", () => {
  it("are the props a render of the same project gets, with URLs the browser loads", async () => {
    const p = await narratedProject(api, context, ARTICLE);
    const changed = await patch(p.id, {
      theme: { accentColor: "#22cc88", kenBurnsStrength: 0.2 },
      music: { track: "calm", volume: 0.35 },
      section_transitions: { "1": "wipe" },
      captions: true,
    });
    expect(changed.status).toBe(200);
    const answer = await api.call(preview.GET, {
      path: "/?preset=tiktok",
      params: { id: String(p.id) },
    });
    expect(answer.status).toBe(200);
    expect(answer.data).toMatchObject({
      preset: "tiktok",
      narrated: true,
      problem: null,
    });
    const props: VideoProps = answer.data.props;
    expect(props.theme.accentColor).toBe("#22cc88");
    expect(props.music).toMatchObject({
      src: "http://localhost/music/calm.mp3",
      volume: 0.35,
    });
    expect(props.sections[1].transition).toBe("wipe");
    expect(props.captions.length).toBeGreaterThan(5);
    expect(props.narration?.src).toMatch(
      new RegExp(
        `^http://localhost/api/v1/video/projects/${p.id}/media/[0-9a-f]{32}\\.wav$`,
      ),
    );

    const [renderRow] = await api.database.db
      .select()
      .from(schema.renderedVideos)
      .where(eq(schema.renderedVideos.projectId, p.id));
    const [stored] = await api.database.db
      .select()
      .from(schema.videoProjects)
      .where(eq(schema.videoProjects.id, p.id));
    const rendered = await composeRenderProps(context, stored, renderRow);
    expect(unlinked(props, p.id)).toEqual(rendered.props);

    // The narration the Player plays is the render's file.
    const name = props.narration!.src.split("/").at(-1)!;
    const file = await api.call(media.GET, {
      params: { id: String(p.id), name },
    });
    expect(file.status).toBe(200);
    expect(file.response.headers.get("content-type")).toBe("audio/wav");
    const bytes = Buffer.from(await file.response.arrayBuffer());
    expect(bytes.subarray(0, 4).toString()).toBe("RIFF");

    const noCaptions = await patch(p.id, { captions: false });
    expect(noCaptions.status).toBe(200);
    const silentCaptions = await api.call(preview.GET, {
      params: { id: String(p.id) },
    });
    expect(silentCaptions.data.props.captions).toEqual([]);
  });

  it("refuses a media name that is not a media file and another site's project", async () => {
    const p = await projectWithScript(api);
    const bad = await api.call(media.GET, {
      params: { id: String(p.project.id), name: "../../etc/passwd" },
    });
    expect(bad.status).toBe(400);
    const other = await api.call(preview.GET, {
      params: { id: String(p.project.id) },
      key: api.otherKey,
    });
    expect(other.status).toBe(404);
  });

  it("previews a script not narrated yet on an estimated silent narration", async () => {
    const { project: p } = await projectWithScript(api);
    const answer = await api.call(preview.GET, {
      path: "/?preset=youtube_short",
      params: { id: String(p.id) },
    });
    expect(answer.status).toBe(200);
    expect(answer.data.narrated).toBe(false);
    expect(answer.data.props.silent).toBe(true);
    expect(answer.data.props.narration).toBeNull();
    const wrongPreset = await api.call(preview.GET, {
      path: "/?preset=youtube_long",
      params: { id: String(p.id) },
    });
    expect(wrongPreset.status).toBe(422);
    expect(wrongPreset.data.error.field).toBe("preset");
  });
});

describe("stories, storyboards and faceless videos through the API", () => {
  const STORYBOARD = {
    title: "Three tides",
    scenes: [
      {
        text: "Twice a day the sea climbs the harbour wall and slides back down again, as regular as a clock that never needs winding.",
      },
      {
        text: "The moon pulls the water towards it, and the earth spinning underneath turns that bulge into two tides a day along every coast.",
        transition: "wipe",
      },
      {
        text: "When the sun and the moon pull together the tides run highest, and sailors have timed their voyages by that rhythm for thousands of years.",
        transition: "slide",
      },
    ],
  };

  it("scripts a storyboard one section per scene, keeping each scene's transition", async () => {
    const created = await api.call(projects.POST, {
      json: {
        content: { format: "storyboard", body: JSON.stringify(STORYBOARD) },
        target_platforms: ["tiktok"],
        faceless: true,
        captions: false,
        start: false,
      },
    });
    expect(created.status).toBe(201);
    expect(created.data.project.title).toBe("Three tides");
    expect(created.data.project.settings).toMatchObject({
      faceless: true,
      captions: false,
    });
    const [stored] = await api.database.db
      .select()
      .from(schema.videoProjects)
      .where(eq(schema.videoProjects.id, created.data.project.id));
    await runPipeline(context, stored.id);
    const [script] = await api.database.db
      .select()
      .from(schema.videoScripts)
      .where(eq(schema.videoScripts.projectId, stored.id));
    expect(script.provider).toBe("storyboard");
    const answer = await api.call(preview.GET, {
      params: { id: String(stored.id) },
    });
    expect(answer.status).toBe(200);
    const props: VideoProps = answer.data.props;
    expect(props.sections.map((s) => s.id)).toEqual([
      "scene-1",
      "scene-2",
      "scene-3",
    ]);
    expect(props.sections.map((s) => s.transition)).toEqual([
      undefined,
      "wipe",
      "slide",
    ]);
    expect(props.captions).toEqual([]);
    // Faceless: generated scenes only (no stock key is configured here).
    for (const s of props.sections)
      expect(s.visual.credit.source).toBe("generated");
  });

  it("takes a plain story and refuses a storyboard that is not one, naming the field", async () => {
    const story = await api.call(projects.POST, {
      json: {
        content: {
          format: "story",
          body: "The keeper climbed the stairs at dusk.\n\nThe storm came in from the west.",
          title: "The last keeper",
        },
        target_platforms: ["tiktok"],
        start: false,
      },
    });
    expect(story.status).toBe(201);
    const broken = await api.call(projects.POST, {
      json: {
        content: { format: "storyboard", body: '{"title": "x", "scenes": []}' },
        target_platforms: ["tiktok"],
        start: false,
      },
    });
    expect(broken.status).toBe(422);
    expect(broken.data.error).toMatchObject({
      code: "invalid_content",
      field: "content.body",
    });
    expect(broken.data.error.message).toContain("scenes");
  });
});
