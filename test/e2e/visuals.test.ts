import type { Page } from "playwright-core";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { schema } from "../../src/db";
import { parseArticle } from "../../src/pipeline/content";
import { generateExtractiveScript } from "../../src/pipeline/script";
import { narrationSegments } from "../../src/pipeline/script/script";
import { FakePexels } from "../fakes/pexels-server";
import { startApp, type E2eApp } from "./app";

/**
 * A designer swaps a section's visual in the Visuals step: every section lists stock photos
 * (shown same-origin through the project's media route) and generated scenes, the one shown is
 * marked as selected, and one click makes another the one shown.
 */

const ARTICLE = `# Lighthouses of the North

Lighthouses guided sailors for centuries. Their keepers lived alone on rocks far out at sea, trimming the wicks every night and writing the weather into their logs.

## The lamps

The first lamps burned whale oil and smoked the glass black. Later, Fresnel lenses gathered the light into a beam that carried twenty miles across the water.

## The keepers

Keepers worked in pairs or threes, weeks at a time, until the last lights were automated and the towers fell silent.
`;

let app: E2eApp;
let page: Page;
let pexels: FakePexels;
let projectId = 0;

beforeAll(async () => {
  pexels = await new FakePexels().start();
  app = await startApp({
    VISUAL_SOURCES: "article,stock,generated",
    PEXELS_API_KEY: pexels.apiKey,
    PEXELS_API_BASE_URL: pexels.url,
    REELWRIGHT_ALLOW_PRIVATE_FETCH_HOSTS: "127.0.0.1",
  });
  const { db } = app.database;
  const [content] = await db
    .insert(schema.contents)
    .values({
      siteId: app.site.site.id,
      title: "Lighthouses of the North",
      format: "markdown",
      body: ARTICLE,
    })
    .returning();
  const [project] = await db
    .insert(schema.videoProjects)
    .values({
      siteId: app.site.site.id,
      contentId: content.id,
      title: "Lighthouses of the North",
      projectType: "short",
      targetPresets: ["tiktok"],
      status: "review",
    })
    .returning();
  projectId = project.id;
  const script = generateExtractiveScript(
    parseArticle({ text: ARTICLE, format: "markdown" }),
    { type: "short", targetSec: { min: 15, max: 50 } },
  );
  await db.insert(schema.videoScripts).values({
    projectId,
    videoType: "short",
    version: 1,
    script,
    scriptText: narrationSegments(script).join("\n\n"),
    totalEstimatedDurationSec: script.totalEstimatedDurationSec,
    provider: "extractive",
  });
  page = await app.newPage();
  await app.signIn(page, "dana@lighthouse.test");
}, 600_000);
afterAll(async () => {
  await app?.close();
  await pexels?.stop();
});

describe("the Visuals step's candidates", () => {
  it("shows stock photos and scenes per section and swaps one with a click", async () => {
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(`/projects/${projectId}/visuals`);
    const intro = page.getByTestId("visual-1");
    const shown = intro.getByRole("button", { name: /^Shown for Intro/ });
    await shown.waitFor({ timeout: 120_000 });
    // The card shown reads as selected: enabled, pressed, not faded.
    expect(await shown.isEnabled()).toBe(true);
    expect(await shown.getAttribute("aria-pressed")).toBe("true");
    expect(await shown.evaluate((el) => getComputedStyle(el).opacity)).toBe(
      "1",
    );

    // Stock photos are shown from the app's own origin, loaded.
    const photos = intro.locator(".candidate img");
    await expect.poll(() => photos.count()).toBeGreaterThan(0);
    const loaded = await photos.evaluateAll((imgs) =>
      (imgs as HTMLImageElement[]).map((i) => ({
        src: i.getAttribute("src"),
        width: i.naturalWidth,
      })),
    );
    for (const photo of loaded) {
      expect(photo.src).toMatch(/^\/api\/v1\/video\/projects\/\d+\/media\//);
      expect(photo.width).toBeGreaterThan(0);
    }

    const searched = pexels.searches.length;
    const scene = intro.getByRole("button", {
      name: /^Use for Intro: Typography from Generated/,
    });
    await scene.click();
    await intro
      .getByRole("button", {
        name: /^Shown for Intro: Typography from Generated/,
        pressed: true,
      })
      .waitFor();
    await page.getByText("Saving…").waitFor({ state: "detached" });
    // The swap used the stored plan: no new searches.
    expect(pexels.searches.length).toBe(searched);
    const [stored] = await app.database.db
      .select()
      .from(schema.videoProjects)
      .where(eq(schema.videoProjects.id, projectId));
    expect(
      (stored.settings as { visuals?: Record<string, { type: string }> })
        .visuals?.["1"]?.type,
    ).toBe("typography");
    await intro.scrollIntoViewIfNeeded();
    await app.screenshot(page, "visualgaps-swap");

    // Search again plans anew (Pexels asked again); the scene the user chose stays shown.
    await Promise.all([
      page.waitForResponse((r) => r.url().includes("refresh=true"), {
        timeout: 120_000,
      }),
      page.getByRole("button", { name: "Search again" }).click(),
    ]);
    expect(pexels.searches.length).toBeGreaterThan(searched);
    await intro
      .getByRole("button", {
        name: /^Shown for Intro: Typography from Generated/,
        pressed: true,
      })
      .waitFor();
    expect(errors).toEqual([]);
    expect(app.cspViolations).toEqual([]);
  });
});
