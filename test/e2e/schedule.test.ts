import { eq } from "drizzle-orm";
import type PgBoss from "pg-boss";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { schema } from "../../src/db";
import { startQueues } from "../../src/jobs/queues";
import { parseArticle } from "../../src/pipeline/content";
import { generateExtractiveScript } from "../../src/pipeline/script";
import { notifyAdmins } from "../../src/services/notifications";
import { ARTICLE } from "../api/harness";
import { addUserWithCli, startApp, type E2eApp } from "./app";

/**
 * Publishing on a calendar, in a real browser against the built app: a marketer schedules an
 * approved render for later on the Publish step, finds it on the Calendar, and an admin sees the
 * bell's count and the notification a failing post leaves.
 */

let app: E2eApp;
let page: Page;
let boss: PgBoss;
let projectId = 0;
let accountId = 0;

beforeAll(async () => {
  app = await startApp();
  for (const [email, name, role] of [
    ["mia@lighthouse.test", "Mia Marketer", "marketer"],
    ["ada@lighthouse.test", "Ada Admin", "admin"],
  ])
    await addUserWithCli(app, {
      email,
      name,
      role,
      site: app.site.site.slug,
    });
  const { db } = app.database;
  const siteId = app.site.site.id;
  const [content] = await db
    .insert(schema.contents)
    .values({
      siteId,
      title: "Lighthouses",
      format: "markdown",
      body: "# Lighthouses",
    })
    .returning();
  const [project] = await db
    .insert(schema.videoProjects)
    .values({
      siteId,
      contentId: content.id,
      title: "Lighthouses of the North",
      targetPresets: ["tiktok"],
      status: "review",
    })
    .returning();
  projectId = project.id;
  const script = generateExtractiveScript(
    parseArticle({ text: ARTICLE, format: "markdown" }),
    { type: "short", targetSec: { min: 5, max: 90 } },
  );
  const [scriptRow] = await db
    .insert(schema.videoScripts)
    .values({
      projectId,
      videoType: "short",
      version: 1,
      script,
      scriptText: script.hook,
      totalEstimatedDurationSec: script.totalEstimatedDurationSec,
      provider: "extractive",
    })
    .returning();
  await db.insert(schema.renderedVideos).values({
    projectId,
    scriptId: scriptRow.id,
    preset: "tiktok",
    status: "completed",
    reviewStatus: "approved",
    metadata: {
      title: "Lighthouses in 60 seconds",
      description: "Keepers of the light",
      tags: ["sea"],
    },
  });
  const [account] = await db
    .insert(schema.socialAccounts)
    .values({
      siteId,
      platform: "tiktok",
      externalId: "open-id-lighthouse",
      displayName: "@lighthouseweekly",
      accessTokenEnc: "not-used-by-this-test",
    })
    .returning();
  accountId = account.id;
  boss = await startQueues(app.database);
  page = await app.newPage();
}, 600_000);
afterAll(async () => {
  await boss?.stop({ graceful: false, wait: true });
  await app?.close();
});

/** The day after tomorrow at 10:30, as a `datetime-local` field takes it (the browser's zone is the machine's). */
function inTwoDays() {
  const at = new Date();
  at.setDate(at.getDate() + 2);
  at.setHours(10, 30, 0, 0);
  const pad = (n: number) => String(n).padStart(2, "0");
  return {
    at,
    field: `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}T10:30`,
  };
}

describe("publishing on a calendar", () => {
  it("schedules a post from the Publish step", async () => {
    await app.signIn(page, "mia@lighthouse.test");
    await page.goto(`/projects/${projectId}/publish`);
    await app.screenshot(page, "schedule-00-publish");
    const form = page.getByTestId("publish-tiktok");
    const { at, field } = inTwoDays();
    await form.getByLabel("When").fill(field);
    await form.getByRole("button", { name: "Schedule for TikTok" }).click();
    await expect
      .poll(() => page.getByTestId("scheduled-at").textContent())
      .toContain("Goes out");
    await app.screenshot(page, "schedule-01-publish-scheduled");
    const [post] = await app.database.db
      .select()
      .from(schema.publishedVideos)
      .where(eq(schema.publishedVideos.socialAccountId, accountId));
    expect(post).toMatchObject({ status: "queued" });
    expect(post.publishAt?.getTime()).toBe(at.getTime());
    const job = await boss.getJobById("publish", post.jobId!);
    expect(job?.startAfter.getTime()).toBe(at.getTime());
  });

  it("shows it on the calendar under its account and day", async () => {
    await page.goto("/calendar");
    const account = page.getByTestId(`calendar-account-${accountId}`);
    // The post may fall in next week: the week view moves on until it shows it.
    if (!(await account.isVisible().catch(() => false))) {
      await page.getByLabel("Show").selectOption("month");
      if (!(await account.isVisible().catch(() => false)))
        await page.getByRole("button", { name: "Later →" }).click();
    }
    await expect
      .poll(() => account.textContent())
      .toContain("@lighthouseweekly");
    const text = await account.textContent();
    expect(text).toContain("Lighthouses in 60 seconds");
    expect(text).toContain("10:30");
    const { at } = inTwoDays();
    expect(text).toContain(
      at.toLocaleDateString("en", {
        weekday: "long",
        month: "short",
        day: "numeric",
      }),
    );
    await app.screenshot(page, "schedule-02-calendar");
  });

  it("shows an admin the bell's count and the notification of a failing post", async () => {
    await notifyAdmins(
      app.database.db,
      app.site.site.id,
      {
        kind: "publish.needs_review",
        title:
          '"Lighthouses in 60 seconds" needs a review before it goes out on TikTok',
        body: "4 attempts failed; the post waits for a review.",
        link: `/projects/${projectId}/publish`,
      },
      { boss },
    );
    const admin = await app.newPage();
    await app.signIn(admin, "ada@lighthouse.test");
    const bell = admin.getByTestId("bell");
    await expect
      .poll(() => bell.getAttribute("aria-label"))
      .toBe("Notifications: 1 unread");
    await app.screenshot(admin, "schedule-03-bell");
    await bell.click();
    await admin.waitForURL(/\/notifications/);
    await expect
      .poll(() => admin.getByTestId("notification").first().textContent())
      .toContain("needs a review");
    await app.screenshot(admin, "schedule-04-notifications");
    await admin.getByRole("button", { name: "Mark all read" }).click();
    await expect
      .poll(() => bell.getAttribute("aria-label"))
      .toBe("Notifications: 0 unread");
    // A marketer has no bell.
    expect(await page.getByTestId("bell").count()).toBe(0);
  });
});
