import { readFile } from "node:fs/promises";
import { desc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { schema } from "../../src/db";
import { parseArticle } from "../../src/pipeline/content";
import { generateExtractiveScript } from "../../src/pipeline/script";
import { addUserWithCli, startApp, type E2eApp } from "./app";
import type { Page } from "playwright-core";

/**
 * A marketer's day in the review app, in a real browser against the built app: sign in, create a
 * project from the demo article, edit the script, preview, render, review, publish, analytics.
 */

let app: E2eApp;
let page: Page;
let projectId = 0;

/** What the script job would write (the worker is another branch's): the offline writer's script. */
async function writeScriptAsTheJobWould(id: number) {
  const [project] = await app.database.db
    .select()
    .from(schema.videoProjects)
    .where(eq(schema.videoProjects.id, id));
  const [content] = await app.database.db
    .select()
    .from(schema.contents)
    .where(eq(schema.contents.id, project.contentId!));
  const script = generateExtractiveScript(
    parseArticle({ text: content.body, format: content.format }),
    { type: "short" },
  );
  await app.database.db.insert(schema.videoScripts).values({
    projectId: id,
    videoType: "short",
    version: 1,
    script,
    scriptText: script.hook,
    totalEstimatedDurationSec: script.totalEstimatedDurationSec,
    provider: "extractive",
  });
  await app.database.db
    .update(schema.videoProjects)
    .set({ status: "review", progress: null })
    .where(eq(schema.videoProjects.id, id));
}

describe("the review app", () => {
  beforeAll(async () => {
    app = await startApp();
    // The first marketer is added the way an admin does it: with the CLI.
    const { stdout } = await addUserWithCli(app, {
      email: "mia@lighthouse.test",
      name: "Mia Marketer",
      role: "marketer",
      site: app.site.site.slug,
    });
    expect(stdout).toContain("Added marketer Mia Marketer");
    page = await app.newPage();
  });
  afterAll(async () => {
    await app?.close();
  });

  it("signs a marketer in, after refusing a wrong password", async () => {
    await page.goto("/projects");
    await page.waitForURL(/\/sign-in/);
    await page.getByLabel("Email").fill("mia@lighthouse.test");
    await page.getByLabel("Password").fill("not the password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("alert").getByText("do not match").waitFor();
    await app.screenshot(page, "01-sign-in-error");
    await page.getByLabel("Password").fill("correct horse battery staple");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(/\/projects$/);
    await page.getByRole("heading", { name: "No videos yet" }).waitFor();
    await app.screenshot(page, "02-projects-empty");
  });

  it("creates a project from the demo article", async () => {
    await page.getByRole("link", { name: "+ New video" }).click();
    await page.waitForURL(/\/projects\/new$/);
    const article = await readFile("public/demo/article.md", "utf8");
    await page.getByLabel("Article", { exact: true }).fill(article);
    await page.getByText("Short", { exact: true }).click();
    // Reels and TikTok are ticked by default; leave YouTube Shorts too.
    await app.screenshot(page, "03-new-project");
    await page
      .getByRole("button", { name: "Create project and write the script" })
      .click();
    await page.waitForURL(/\/projects\/\d+\/script$/);
    projectId = Number(/projects\/(\d+)/.exec(page.url())![1]);
    await page.getByText("The script is on its way").waitFor();
    await app.screenshot(page, "04-script-waiting");
    await writeScriptAsTheJobWould(projectId);
    // The page polls while the project is being worked on, and shows the script when it lands.
    await page.getByLabel("Opening line").waitFor({ timeout: 30_000 });
  });

  it("lists, searches and filters projects", async () => {
    await page.goto("/projects");
    await page.getByRole("heading", { name: /Lighthouse/ }).waitFor();
    await page.getByLabel("Search").fill("nothing like this");
    await page.getByRole("heading", { name: "No projects match" }).waitFor();
    await page.getByLabel("Search").fill("lighthouse");
    await page.getByRole("heading", { name: /Lighthouse/ }).waitFor();
    await page.getByLabel("Status").selectOption("review");
    await page.getByRole("heading", { name: /Lighthouse/ }).waitFor();
    await app.screenshot(page, "05-projects");
  });

  it("edits the script with live durations and saves a new version", async () => {
    await page.goto(`/projects/${projectId}/script`);
    const hook = page.getByLabel("Opening line");
    await hook.waitFor();
    const total = page.getByTestId("total-duration");
    const before = await total.textContent();
    await hook.fill(
      (await hook.inputValue()) +
        " And tonight, one of them is about to tell you a story you will never forget, word by word, flash by flash.",
    );
    await expect.poll(() => total.textContent()).not.toBe(before);
    // Make it too long for Shorts (max 60 s): the warning names the preset.
    await page
      .getByLabel("Narration")
      .first()
      .fill(
        Array.from(
          { length: 20 },
          () => "The keeper climbed the stairs again.",
        ).join(" "),
      );
    await page
      .getByTestId("fit-youtube_short")
      .getByText("Too long for YouTube Shorts")
      .waitFor();
    await app.screenshot(page, "06-script-too-long");
    await page.reload();
    // The unsaved edit survived the reload.
    await page.getByText("We restored the changes").waitFor();
    await page
      .getByLabel("Narration")
      .first()
      .fill(
        "A Fresnel lens sends a modest lamp's light twenty miles out to sea.",
      );
    await page.getByRole("button", { name: "Save as new version" }).click();
    await page.getByText("Saved as version 2.").waitFor();
    const [latest] = await app.database.db
      .select()
      .from(schema.videoScripts)
      .where(eq(schema.videoScripts.projectId, projectId))
      .orderBy(desc(schema.videoScripts.version))
      .limit(1);
    expect(latest.version).toBe(2);
    expect((latest.script as { hook: string }).hook).toContain(
      "flash by flash",
    );
    await app.screenshot(page, "07-script-saved");
  });
});
