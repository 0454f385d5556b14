import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as list from "../../app/api/v1/video/projects/[id]/visuals/route";
import * as choose from "../../app/api/v1/video/projects/[id]/visuals/[section]/route";
import * as media from "../../app/api/v1/video/projects/[id]/media/[name]/route";
import { loadConfig } from "../../src/config";
import { schema } from "../../src/db";
import type { JobContext } from "../../src/jobs/context";
import { visualCredits } from "../../src/pipeline/metadata";
import { stageTools } from "../../src/pipeline/stages";
import { composeRenderProps } from "../../src/services/renders/props";
import { FakePexels } from "../fakes/pexels-server";
import {
  createApiHarness,
  narratedProject,
  type ApiHarness,
  type Json,
} from "./harness";

// No pictures at all: every candidate comes from the generated scenes, offline.
const ARTICLE = `# Brewing better coffee at home

Good coffee at home needs little more than fresh beans and patience. Most people who give up on brewing at home blame their machine, yet the beans, the grind and the water decide far more of what ends up in the cup than any gadget on the counter.

## What you need

- A burr grinder that grinds evenly
- A scale that weighs to a tenth of a gram
- Filtered water just off the boil

## The ratio

Use 60 grams of coffee for every litre of water, and taste before you change anything. If the cup tastes sour, grind a little finer next time; if it tastes bitter and dry, grind a little coarser. Change one thing at a time and write down what you did, because memory is a poor judge of small differences between two mornings.

## Storing the beans

Keep the beans in an airtight tin away from light and heat. Buy small bags often rather than one big bag a month, since roasted coffee loses most of its aroma within a few weeks of the roast date printed on the bag.
`;

let api: ApiHarness;
let home: string;
let context: JobContext;
beforeAll(async () => {
  api = await createApiHarness();
  home = await mkdtemp(path.join(tmpdir(), "reelwright-visuals-"));
  vi.stubEnv("REELWRIGHT_HOME", home);
  vi.stubEnv("VISUAL_SOURCES", "article,generated");
  const config = loadConfig();
  context = {
    database: api.database,
    boss: api.boss,
    storage: api.storage,
    config,
    tools: stageTools(config),
    workerId: "visuals-test",
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

const madeProject = (body = ARTICLE) => narratedProject(api, context, body);

describe("the Visuals step's API", () => {
  it("lists generated candidates for an image-less article, swaps one, and the render shows it", async () => {
    const project = await madeProject();
    const listed = await api.call(list.GET, {
      params: { id: String(project.id) },
    });
    expect(listed.status).toBe(200);
    const sections: Json[] = listed.data.sections;
    expect(sections.length).toBeGreaterThanOrEqual(4);
    expect(sections[0]).toMatchObject({ index: 0, kind: "hook" });
    expect(sections.at(-1).kind).toBe("cta");
    for (const s of sections) {
      expect(s.candidates.length).toBeGreaterThan(0);
      for (const c of s.candidates) expect(c.source).toBe("generated");
      expect(s.current.asset_id).toBeNull();
    }
    // A section with a list offers the list and a typography card: take the one not shown.
    const section = sections.find((s) => s.candidates.length > 1);
    expect(section).toBeDefined();
    const other = section.candidates.findIndex(
      (_: Json, i: number) => i !== section.current.candidate,
    );
    const chosen = await api.call(choose.PUT, {
      method: "PUT",
      params: { id: String(project.id), section: String(section.index) },
      json: { candidate: other },
    });
    expect(chosen.status).toBe(200);
    expect(chosen.data.current).toMatchObject({
      candidate: other,
      asset_id: null,
    });

    const again = await api.call(list.GET, {
      params: { id: String(project.id) },
    });
    expect(again.data.sections[section.index].current.candidate).toBe(other);

    const [render] = await api.database.db
      .select()
      .from(schema.renderedVideos)
      .where(eq(schema.renderedVideos.projectId, project.id));
    const [stored] = await api.database.db
      .select()
      .from(schema.videoProjects)
      .where(eq(schema.videoProjects.id, project.id));
    const { props } = await composeRenderProps(context, stored, render);
    expect(props.sections[section.index].visual).toEqual(
      section.candidates[other].visual,
    );
  });

  /** The props the project's render would get now. */
  async function renderProps(projectId: number) {
    const [render] = await api.database.db
      .select()
      .from(schema.renderedVideos)
      .where(eq(schema.renderedVideos.projectId, projectId));
    const [stored] = await api.database.db
      .select()
      .from(schema.videoProjects)
      .where(eq(schema.videoProjects.id, projectId));
    return (await composeRenderProps(context, stored, render)).props;
  }

  const swap = (projectId: number, section: number, candidate: number) =>
    api.call(choose.PUT, {
      method: "PUT",
      params: { id: String(projectId), section: String(section) },
      json: { candidate },
    });

  it("offers a section the article's image and a generated scene offline, the image first and shown through the media route", async () => {
    const png = await sharp({
      create: { width: 640, height: 400, channels: 3, background: "#7c4a2d" },
    })
      .png()
      .toBuffer();
    const withImage = ARTICLE.replace(
      "## The ratio\n",
      `## The ratio\n\n![A scale weighing coffee beans](data:image/png;base64,${png.toString("base64")})\n`,
    );
    const project = await madeProject(withImage);
    const listed = await api.call(list.GET, {
      params: { id: String(project.id) },
    });
    expect(listed.status).toBe(200);
    const section = listed.data.sections.find(
      (s: Json) => s.current.type === "image",
    );
    expect(section).toBeDefined();
    expect(section.current.candidate).toBe(0);
    expect(section.candidates[0].source).toBe("article");
    expect(section.candidates.length).toBeGreaterThanOrEqual(2);
    expect(section.candidates.slice(1).map((c: Json) => c.source)).toContain(
      "generated",
    );
    const url: string = section.candidates[0].preview_url;
    expect(url).toMatch(
      new RegExp(`^/api/v1/video/projects/${project.id}/media/[\\w.-]+$`),
    );
    const shown = await api.call(media.GET, {
      params: { id: String(project.id), name: url.split("/").at(-1)! },
    });
    expect(shown.status).toBe(200);
    expect(shown.response.headers.get("content-type")).toMatch(/^image\//);

    expect(
      (await renderProps(project.id)).sections[section.index].visual.type,
    ).toBe("image");
    const scene = section.candidates.findIndex(
      (c: Json) => c.source === "generated",
    );
    const swapped = await swap(project.id, section.index, scene);
    expect(swapped.status).toBe(200);
    expect(swapped.data.current).toMatchObject({
      candidate: scene,
      asset_id: null,
    });
    expect(
      (await renderProps(project.id)).sections[section.index].visual,
    ).toEqual(section.candidates[scene].visual);
  });

  it("plans once per script version: listing again searches Pexels no more, refresh does; a chosen photo keeps its credit", async () => {
    const pexels = await new FakePexels().start();
    try {
      const project = await madeProject();
      vi.stubEnv("VISUAL_SOURCES", "article,stock,generated");
      vi.stubEnv("PEXELS_API_KEY", pexels.apiKey);
      vi.stubEnv("PEXELS_API_BASE_URL", pexels.url);
      vi.stubEnv("REELWRIGHT_ALLOW_PRIVATE_FETCH_HOSTS", "127.0.0.1");
      const first = await api.call(list.GET, {
        params: { id: String(project.id) },
      });
      expect(first.status).toBe(200);
      const searched = pexels.searches.length;
      expect(searched).toBeGreaterThan(0);
      const again = await api.call(list.GET, {
        params: { id: String(project.id) },
      });
      expect(again.data).toEqual(first.data);
      expect(pexels.searches.length).toBe(searched);

      const refreshed = await api.call(list.GET, {
        params: { id: String(project.id) },
        path: "/?refresh=true",
      });
      expect(refreshed.status).toBe(200);
      expect(pexels.searches.length).toBeGreaterThan(searched);

      // Every section offers stock and generated candidates, photos stored and shown same-origin.
      const sections: Json[] = refreshed.data.sections;
      for (const s of sections) {
        const sources = new Set(s.candidates.map((c: Json) => c.source));
        expect(sources).toContain("pexels");
        expect(sources).toContain("generated");
      }
      // A photo the section does not show yet.
      const index = 1;
      const section = sections[index];
      const photo = section.candidates.findIndex(
        (c: Json, i: number) =>
          c.source === "pexels" &&
          c.visual.type === "image" &&
          i !== section.current.candidate,
      );
      expect(photo).toBeGreaterThanOrEqual(0);
      expect(section.candidates[photo].preview_url).toMatch(
        /^\/api\/v1\/video\/projects\/\d+\/media\//,
      );
      const swapped = await swap(project.id, index, photo);
      expect(swapped.status).toBe(200);
      expect(swapped.data.current).toMatchObject({
        source: "pexels",
        type: "image",
        candidate: photo,
      });
      expect(swapped.data.current.asset_id).not.toBeNull();

      const props = await renderProps(project.id);
      const credit = section.candidates[photo].visual.credit;
      expect(credit.author).not.toBe("");
      expect(props.sections[index].visual.credit).toEqual(credit);
      expect(visualCredits(props)).toContain(
        `Photo: ${credit.author} on Pexels ${credit.url}`,
      );
    } finally {
      vi.stubEnv("VISUAL_SOURCES", "article,generated");
      await pexels.stop();
    }
  });

  it("refuses a candidate the section does not have, naming the field", async () => {
    const project = await madeProject();
    const answer = await api.call(choose.PUT, {
      method: "PUT",
      params: { id: String(project.id), section: "0" },
      json: { candidate: 19 },
    });
    expect(answer.status).toBe(422);
    expect(answer.data.error.field).toBe("candidate");
    const unbounded = await api.call(choose.PUT, {
      method: "PUT",
      params: { id: String(project.id), section: "0" },
      json: { candidate: 1000 },
    });
    expect(unbounded.status).toBe(400);
  });

  it("does not show another site's project", async () => {
    const project = await madeProject();
    const answer = await api.call(list.GET, {
      params: { id: String(project.id) },
      key: api.otherKey,
    });
    expect(answer.status).toBe(404);
  });
});
