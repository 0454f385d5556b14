import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser } from "../../src/auth/users";
import { schema } from "../../src/db";
import { parseArticle } from "../../src/pipeline/content";
import { generateExtractiveScript } from "../../src/pipeline/script";
import { narrationSegments } from "../../src/pipeline/script/script";
import { PASSWORD, startApp, type E2eApp } from "./app";

/**
 * A marketer changes what makes the video theirs: the accent colour and the voice's pace show in
 * the live preview (the render's own props), and two script versions are compared and the older
 * one restored.
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
let projectId = 0;

beforeAll(async () => {
  app = await startApp({ VISUAL_SOURCES: "article,generated" });
  await createUser(app.database.db, {
    siteId: app.site.site.id,
    email: "mia@lighthouse.test",
    name: "Mia Marketer",
    role: "marketer",
    password: PASSWORD,
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
  // Two versions: the extractive script, then one whose hook a colleague rewrote.
  const script = generateExtractiveScript(
    parseArticle({ text: ARTICLE, format: "markdown" }),
    { type: "short", targetSec: { min: 15, max: 50 } },
  );
  const rewritten = { ...script, hook: "Who kept the lights burning at sea?" };
  for (const [version, s] of [script, rewritten].entries())
    await db.insert(schema.videoScripts).values({
      projectId,
      videoType: "short",
      version: version + 1,
      script: s,
      scriptText: narrationSegments(s).join("\n\n"),
      totalEstimatedDurationSec: s.totalEstimatedDurationSec,
      provider: version ? "edited" : "extractive",
    });
  page = await app.newPage();
  await app.signIn(page, "mia@lighthouse.test");
}, 600_000);
afterAll(async () => {
  await app?.close();
});

/** Elements of the preview's player whose inline style uses the colour. */
const drawnIn = (rgb: string) =>
  page
    .getByTestId("player")
    .evaluate(
      (player, colour) =>
        [...player.querySelectorAll<HTMLElement>("[style]")].filter((el) =>
          el.getAttribute("style")!.replace(/\s/g, "").includes(colour),
        ).length,
      rgb.replace(/\s/g, ""),
    );

/** The preview's length as its aside states it ("… · 0:31 · script version 2"). */
const previewLength = async () =>
  (await page.locator("aside p.small.muted").first().textContent())!.match(
    /(\d+:\d\d)/,
  )![1];

describe("per-project settings in the app", () => {
  it("shows a new accent colour in the live preview", async () => {
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(`/projects/${projectId}/preview`);
    await page.getByText("script version 2").waitFor({ timeout: 60_000 });
    expect(await drawnIn("rgb(34, 204, 136)")).toBe(0);
    await page.getByLabel("Accent colour").fill("#22cc88");
    await expect
      .poll(() => drawnIn("rgb(34, 204, 136)"), { timeout: 60_000 })
      .toBeGreaterThan(0);
    await app.screenshot(page, "settings-accent");
    const saved = await page.request.get(
      `/api/v1/video/projects/${projectId}/`,
    );
    expect((await saved.json()).project.settings.theme).toEqual({
      accentColor: "#22cc88",
    });
    expect(errors).toEqual([]);
  });

  it("previews a faster voice as a shorter video", async () => {
    const before = await previewLength();
    await page.goto(`/projects/${projectId}/voice`);
    const speed = page.getByLabel(/^Speed/);
    await speed.fill("1.5");
    await expect
      .poll(
        async () =>
          (
            await (
              await page.request.get(`/api/v1/video/projects/${projectId}/`)
            ).json()
          ).project.settings.voice?.speed,
        { timeout: 20_000 },
      )
      .toBe(1.5);
    await page.goto(`/projects/${projectId}/preview`);
    await page.getByText("1.50× pace").waitFor({ timeout: 60_000 });
    const after = await previewLength();
    expect(after < before).toBe(true);
    await app.screenshot(page, "settings-speed");
  });

  it("compares two script versions and restores the older one", async () => {
    await page.goto(`/projects/${projectId}/script`);
    const diff = page.getByTestId("script-diff");
    await diff.waitFor({ timeout: 30_000 });
    await expect
      .poll(() => diff.locator("ins").allTextContents())
      .toContain("Who kept the lights burning at sea?");
    await app.screenshot(page, "settings-versions");
    await page.getByRole("button", { name: /^Restore Short v1/ }).click();
    await page
      .getByLabel("with")
      .locator("option", { hasText: "Short v3 · restored" })
      .waitFor({ state: "attached", timeout: 20_000 });
    // The editor moves to the restored version.
    await page.getByText("Version 3 · restored").waitFor({ timeout: 20_000 });
    const versions = await (
      await page.request.get(`/api/v1/video/scripts/${projectId}/versions/`)
    ).json();
    expect(versions.versions[0]).toMatchObject({
      version: 3,
      provider: "restored",
    });
    expect(versions.versions[0].script.hook).toBe(
      versions.versions[2].script.hook,
    );
    await app.screenshot(page, "settings-restored");
  });
});
