import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type PgBoss from "pg-boss";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as list from "../../app/api/v1/video/projects/[id]/visuals/route";
import * as choose from "../../app/api/v1/video/projects/[id]/visuals/[section]/route";
import { loadConfig } from "../../src/config";
import { schema } from "../../src/db";
import type { JobContext } from "../../src/jobs/context";
import { pipelineHandler } from "../../src/jobs/handlers/pipeline";
import { stageTools } from "../../src/pipeline/stages";
import { composeRenderProps } from "../../src/services/renders/props";
import { createApiHarness, type ApiHarness, type Json } from "./harness";

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

async function madeProject() {
  const [content] = await api.database.db
    .insert(schema.contents)
    .values({
      siteId: api.site.id,
      title: "Coffee",
      format: "markdown",
      body: ARTICLE,
    })
    .returning();
  const [project] = await api.database.db
    .insert(schema.videoProjects)
    .values({
      siteId: api.site.id,
      contentId: content.id,
      title: "Coffee",
      projectType: "short",
      targetPresets: ["tiktok"],
    })
    .returning();
  await pipelineHandler(
    { projectId: project.id },
    {
      priority: 0,
      retryCount: 0,
      retryLimit: 0,
    } as PgBoss.JobWithMetadata<unknown>,
    context,
  );
  return project;
}

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
