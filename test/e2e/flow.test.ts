import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { desc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { schema } from "../../src/db";
import { FakeTikTok } from "../fakes/tiktok-server";
import { addUserWithCli, startApp, type E2eApp } from "./app";
import type { Page } from "playwright-core";

const run = promisify(execFile);

/**
 * A marketer's day in the review app, in a real browser against the built app: sign in, create a
 * project from the demo article, edit the script, preview, render, review, publish, analytics.
 * An admin connects TikTok on the accounts page against a fake TikTok, the worker really posts
 * there, and the engagement command reads back the numbers the fake reports.
 */

let app: E2eApp;
let page: Page;
let projectId = 0;
let publicationId = 0;
let tiktok: FakeTikTok;

beforeAll(async () => {
  tiktok = await new FakeTikTok().start();
  // An audited app, so the post may be public and TikTok reports its numbers.
  tiktok.audited = true;
  tiktok.user = {
    open_id: "open-id-lighthouse",
    display_name: "@lighthouseweekly",
  };
  app = await startApp({
    REELWRIGHT_SECRET_KEY: randomBytes(32).toString("base64"),
    TIKTOK_CLIENT_KEY: "tt-client",
    TIKTOK_CLIENT_SECRET: "tt-secret",
    TIKTOK_AUTH_URL: `${tiktok.url}/v2/auth/authorize/`,
    TIKTOK_API_BASE_URL: tiktok.url,
    TIKTOK_APP_AUDITED: "true",
    // YouTube is left unconfigured: its connect button must say so.
    YOUTUBE_CLIENT_ID: "",
    YOUTUBE_CLIENT_SECRET: "",
  });
  // The first marketer is added the way an admin does it: with the CLI.
  const { stdout, stderr } = await addUserWithCli(app, {
    email: "mia@lighthouse.test",
    name: "Mia Marketer",
    role: "marketer",
    site: app.site.site.slug,
  });
  expect(stdout + stderr).toContain("Added marketer Mia Marketer");
  const admin = await addUserWithCli(app, {
    email: "ada@lighthouse.test",
    name: "Ada Admin",
    role: "admin",
    site: app.site.site.slug,
  });
  expect(admin.stdout + admin.stderr).toContain("Added admin Ada Admin");
  page = await app.newPage();
}, 600_000);
afterAll(async () => {
  await app?.close();
  await tiktok?.stop();
});

/** `reelwright engagement`, as the 12-hourly job runs it, against the app's database. */
async function engagementNow() {
  const { stdout } = await run(
    process.execPath,
    [path.resolve("bin/reelwright.js"), "engagement"],
    { env: { ...app.env, LOG_LEVEL: "silent" } },
  );
  return stdout;
}

describe("the review app", () => {
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
    // Shorts, Reels and TikTok are ticked by default: leave Reels out.
    await page.getByLabel(/Instagram Reel/).uncheck();
    await app.screenshot(page, "03-new-project");
    const create = page.getByRole("button", {
      name: "Create project and write the script",
    });
    // The demo article names image files beside it, which the service never reads: the marketer
    // is told which image and what to do instead.
    await create.click();
    await page
      .getByRole("alert")
      .getByText(
        /Image \d+ \("images\/[a-z-]+\.jpg"\) is refused: .*upload the image/,
      )
      .waitFor();
    await app.screenshot(page, "03b-new-project-local-image-refused");
    await page
      .getByLabel("Article", { exact: true })
      .fill(
        article
          .replace(/^image: images\/.*\n/m, "")
          .replace(/^!\[[^\]]*\]\(images\/[^)]+\)\n/gm, ""),
      );
    await create.click();
    await page.waitForURL(/\/projects\/\d+\/script$/);
    projectId = Number(/projects\/(\d+)/.exec(page.url())![1]);
    await page.getByText("The script is on its way").waitFor();
    await app.screenshot(page, "04-script-waiting");
    // The worker writes it (the offline writer); the page shows it when it lands.
    await page.getByRole("button", { name: "Write the script now" }).click();
    await page.getByLabel("Opening line").waitFor({ timeout: 90_000 });
  });

  it("lists, searches and filters projects", async () => {
    await page.goto("/projects");
    await page.getByRole("heading", { name: /Lighthouse/ }).waitFor();
    await page.getByLabel("Search").fill("nothing like this");
    await page.getByRole("heading", { name: "No projects match" }).waitFor();
    await page.getByLabel("Search").fill("lighthouse");
    await page.getByRole("heading", { name: /Lighthouse/ }).waitFor();
    await page.getByLabel("Type").selectOption("long");
    await page.getByRole("heading", { name: "No projects match" }).waitFor();
    await page.getByLabel("Type").selectOption("short");
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
    // The number is whatever follows the versions the worker wrote (usually 1).
    const saved = page.getByText(/^Saved as version \d+\.$/);
    await saved.waitFor({ timeout: 60_000 });
    const shown = Number(/\d+/.exec((await saved.textContent()) ?? "")?.[0]);
    const [latest] = await app.database.db
      .select()
      .from(schema.videoScripts)
      .where(eq(schema.videoScripts.projectId, projectId))
      .orderBy(desc(schema.videoScripts.version))
      .limit(1);
    expect(shown).toBeGreaterThanOrEqual(2);
    expect(latest.version).toBe(shown);
    expect((latest.script as { hook: string }).hook).toContain(
      "flash by flash",
    );
    await app.screenshot(page, "07-script-saved");
  });

  it("previews a voice, records the narration and approves it", async () => {
    await page.getByRole("link", { name: /Voice/ }).click();
    await page.waitForURL(/\/voice$/);
    const voice = page.getByLabel("Voice", { exact: true });
    await expect.poll(() => voice.locator("option").count()).toBeGreaterThan(0);
    await page.getByLabel(/Speed/).fill("1.1");
    await page.getByRole("button", { name: "▶ Play preview" }).click();
    await page.getByLabel("Voice preview").waitFor({ timeout: 60_000 });
    await page.getByRole("button", { name: "Record the narration" }).click();
    await page
      .getByRole("button", { name: "Approve narration" })
      .waitFor({ timeout: 120_000 });
    await app.screenshot(page, "08-voice");
    await page.getByRole("button", { name: "Approve narration" }).click();
    await page.getByText("Narration approved.").waitFor();
  });

  it("swaps a section's image by upload and sets its focus point", async () => {
    await page.getByRole("link", { name: /Visuals/ }).click();
    await page.waitForURL(/\/visuals$/);
    const hook = page.getByTestId("visual-0");
    await hook
      .getByLabel("Upload an image")
      .setInputFiles("public/demo/images/lens.jpg");
    const picker = hook.getByRole("button", { name: /Focus point of Hook/ });
    await picker.waitFor();
    const box = (await picker.boundingBox())!;
    await page.mouse.click(box.x + box.width * 0.8, box.y + box.height * 0.25);
    await expect
      .poll(async () => {
        const [asset] = await app.database.db
          .select()
          .from(schema.videoAssets)
          .where(eq(schema.videoAssets.projectId, projectId));
        return asset?.focus?.x ?? 0;
      })
      .toBeGreaterThan(0.7);
    await page.getByText("Saving…").waitFor({ state: "detached" });
    // Each section lists its candidates; the one shown is marked, with its source and score.
    await page
      .getByRole("button", { name: /^Shown for .* score \d+%/, pressed: true })
      .first()
      .waitFor();
    await app.screenshot(page, "09-visuals");
  });

  it("plays a live preview of each preset with the compositions", async () => {
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.getByRole("link", { name: /Preview/ }).click();
    await page.waitForURL(/\/preview$/);
    const player = page.getByTestId("player");
    await player.waitFor();
    // The hook's uploaded image is drawn by the composition itself.
    await player
      .locator('img[src*="/assets/"]')
      .first()
      .waitFor({ timeout: 30_000 });
    await page.getByRole("button", { name: "TikTok" }).click();
    await player.locator('img[src*="/assets/"]').first().waitFor();
    await app.screenshot(page, "10-preview");
    expect(errors).toEqual([]);
  });

  it("renders TikTok at full quality with live progress, plays it and approves it", async () => {
    await page.getByRole("link", { name: /Render & review/ }).click();
    await page.waitForURL(/\/renders$/);
    await page.getByLabel(/YouTube Shorts/).uncheck();
    // Full size: the publish job refuses a draft's size for TikTok, as TikTok would.
    await page.getByText("Full size", { exact: true }).click();
    await page.getByRole("button", { name: "Render 1 preset" }).click();
    const card = page.getByTestId("render-tiktok");
    await card.getByRole("progressbar").waitFor();
    await app.screenshot(page, "11-rendering");
    await card
      .getByRole("button", { name: "Approve" })
      .waitFor({ timeout: 840_000 })
      .catch((error) => {
        throw new Error(
          `${error.message}\nworker log:\n${app.workerLog().slice(-3000)}`,
        );
      });
    const video = card.locator("video");
    await expect
      .poll(() => video.evaluate((v: HTMLVideoElement) => v.readyState))
      .toBeGreaterThan(0);
    // Seeking works: the file answers a Range request with 206.
    const src = await video.getAttribute("src");
    const ranged = await page.evaluate(
      async (url) =>
        (await fetch(url!, { headers: { range: "bytes=100-199" } })).status,
      src,
    );
    expect(ranged).toBe(206);
    await video.evaluate((v: HTMLVideoElement) => {
      v.currentTime = 2;
    });
    await app.screenshot(page, "12-render-done");
    await card.getByLabel("Comment").fill("Clear and on brand.");
    await card.getByRole("button", { name: "Approve" }).click();
    await card.getByText("Approved").first().waitFor();
  }, 900_000);

  it("lets an admin connect TikTok on the accounts page", async () => {
    const admin = await app.newPage();
    await app.signIn(admin, "ada@lighthouse.test");
    await admin.getByRole("link", { name: "Connected accounts" }).click();
    await admin.waitForURL(/\/accounts$/);
    await admin.getByRole("heading", { name: "Connected accounts" }).waitFor();
    await admin.getByText("No TikTok account connected yet.").waitFor();
    // A platform without app credentials says so before anyone leaves for it.
    await admin.getByRole("button", { name: "Connect YouTube" }).click();
    await admin
      .getByRole("alert")
      .getByText("YouTube is not set up for Reelwright yet")
      .waitFor();
    // Declining on TikTok's page comes back as an explained error.
    tiktok.declineConsent = true;
    await admin.getByRole("button", { name: "Connect TikTok" }).click();
    await admin
      .getByTestId("accounts-outcome")
      .getByText("The connection was cancelled")
      .waitFor();
    // The outcome is read once: the address is clean again.
    await admin.waitForURL(/\/accounts$/);
    tiktok.declineConsent = false;
    await admin.getByRole("button", { name: "Connect TikTok" }).click();
    await admin
      .getByTestId("accounts-outcome")
      .getByText("Your TikTok account is connected.")
      .waitFor();
    const card = admin.getByTestId("accounts-tiktok");
    await card.getByText("@lighthouseweekly").waitFor();
    await card.getByText("Connected", { exact: true }).waitFor();
    await card.getByRole("button", { name: "Disconnect" }).waitFor();
    const [account] = await app.database.db
      .select()
      .from(schema.socialAccounts);
    expect(account).toMatchObject({
      platform: "tiktok",
      externalId: "open-id-lighthouse",
      status: "connected",
    });
    await app.screenshot(admin, "13a-accounts-admin");
    // Disconnecting asks first; cancelling keeps the account.
    await card.getByRole("button", { name: "Disconnect" }).click();
    await card.getByRole("button", { name: "Yes, disconnect" }).waitFor();
    await app.screenshot(admin, "13b-accounts-confirm-disconnect");
    await admin.keyboard.press("Escape");
    await card.getByRole("button", { name: "Disconnect" }).waitFor();
    // An outcome that went wrong is explained in words.
    await admin.goto("/accounts?error=expired_state");
    await admin.getByText("The sign-in took too long and expired").waitFor();
    await admin.context().close();
  });

  it("lets an admin create and revoke an API key", async () => {
    const admin = await app.newPage();
    await app.signIn(admin, "ada@lighthouse.test");
    await admin.getByRole("link", { name: "API keys" }).click();
    await admin.waitForURL(/\/settings\/keys$/);
    await admin.getByLabel("Name").fill("CMS import");
    await admin.getByRole("button", { name: "Create key" }).click();
    const secret = await admin.getByTestId("new-key").textContent();
    expect(secret).toMatch(/^rw_/);
    const list = () =>
      admin.request.get("/api/v1/video/projects/", {
        headers: { authorization: `Bearer ${secret}` },
      });
    expect((await list()).status()).toBe(200);
    await app.screenshot(admin, "13d-api-keys");
    await admin.getByRole("button", { name: "Revoke CMS import" }).click();
    await admin.getByText(/^Revoked /).waitFor();
    expect((await list()).status()).toBe(401);
    await app.screenshot(admin, "13e-api-key-revoked");
    await admin.context().close();
  });

  it("shows a marketer the accounts read-only", async () => {
    await page.getByRole("link", { name: "Connected accounts" }).click();
    await page.waitForURL(/\/accounts$/);
    const card = page.getByTestId("accounts-tiktok");
    await card.getByText("@lighthouseweekly").waitFor();
    await page
      .getByText("Only an admin can connect or disconnect them.")
      .waitFor();
    expect(
      await page.getByRole("button", { name: /Connect|Disconnect/ }).count(),
    ).toBe(0);
    const connect = await page.request.post("/api/v1/accounts/connect/", {
      data: { platform: "tiktok" },
    });
    expect(connect.status()).toBe(403);
    await app.screenshot(page, "13c-accounts-marketer");
  });

  it("publishes the approved render with the platform's limits shown", async () => {
    await page.goto(`/projects/${projectId}/publish`);
    const form = page.getByTestId("publish-tiktok");
    const title = form.getByLabel("Title");
    await title.waitFor();
    expect(await title.inputValue()).not.toBe("");
    await form.getByText(/\/ 2200 characters/).waitFor();
    await title.fill("x".repeat(2201));
    await form.getByText("1 over the limit").waitFor();
    await expect(
      form.getByRole("button", { name: "Publish to TikTok" }).isDisabled(),
    ).resolves.toBe(true);
    await app.screenshot(page, "13-publish-over-limit");
    await title.fill("How a lighthouse talks to ships #lighthouse #history");
    await form.getByLabel("Who can see it").selectOption("public");
    await form.getByRole("button", { name: "Publish to TikTok" }).click();
    const row = page.getByTestId("publication-tiktok");
    await row.waitFor();
    // The worker uploads it to the fake TikTok; the page follows the post until it is live.
    await row
      .getByText("Published")
      .waitFor({ timeout: 90_000 })
      .catch((error) => {
        throw new Error(
          `${error.message}\nworker log:\n${app.workerLog().slice(-3000)}`,
        );
      });
    const [publication] = await app.database.db
      .select()
      .from(schema.publishedVideos);
    expect(publication).toMatchObject({
      status: "published",
      title: "How a lighthouse talks to ships #lighthouse #history",
    });
    const [posted] = tiktok.published;
    expect(posted.postInfo.privacy_level).toBe("PUBLIC_TO_EVERYONE");
    expect(posted.postInfo.title).toContain("#lighthouse");
    expect(posted.received).toBe(posted.videoSize);
    expect(publication.platformVideoId).toBe(posted.postId);
    // The project's own badge follows without a reload.
    await page.locator("header.page-head").getByText("Published").waitFor();
    await page.getByText("Every approved render has been sent.").waitFor();
    await app.screenshot(page, "14-published");
    publicationId = publication.id;
  });

  it("shows analytics over time with totals and the project's costs", async () => {
    // Two engagement runs, as the 12-hourly job does, while TikTok's numbers grow.
    const postId = tiktok.published[0].postId!;
    for (const views of [1300, 2100]) {
      tiktok.stats.set(postId, {
        view_count: views,
        like_count: Math.round(views / 9),
        comment_count: Math.round(views / 60),
        share_count: Math.round(views / 40),
      });
      expect(await engagementNow()).toMatch(
        new RegExp(`^${publicationId}\\s+tiktok\\s+${views}\\s`, "m"),
      );
    }
    await page.getByRole("link", { name: "Analytics" }).click();
    await page.waitForURL(/\/analytics$/);
    await page.getByText("2,100").first().waitFor();
    await page.getByRole("img", { name: /Engagement over time/ }).waitFor();
    await page.getByRole("heading", { name: "Costs per project" }).waitFor();
    // TikTok reports no watch time: the page says so instead of showing 0:00.
    await page.getByText("TikTok does not report watch time").waitFor();
    await app.screenshot(page, "15-analytics");
  });
});

describe("what each team member may see and do", () => {
  it("keeps another site's projects out of a marketer's sight", async () => {
    const outsider = await app.newPage();
    await app.signIn(outsider, "olive@other.test");
    await outsider.getByRole("heading", { name: "No videos yet" }).waitFor();
    const answer = await outsider.request.get(
      `/api/v1/video/projects/${projectId}/`,
    );
    expect(answer.status()).toBe(404);
    await outsider.goto(`/projects/${projectId}/script`);
    await outsider
      .getByRole("heading", { name: "We could not open this project" })
      .waitFor();
    await app.screenshot(outsider, "16-other-site");
    await outsider.context().close();
  });

  it("lets a designer preview but not approve or publish", async () => {
    const designer = await app.newPage();
    await app.signIn(designer, "dana@lighthouse.test");
    await designer.goto(`/projects/${projectId}/publish`);
    await designer
      .getByRole("heading", { name: "Publishing is for marketers and admins" })
      .waitFor();
    await app.screenshot(designer, "17-designer-publish");
    const [render] = await app.database.db
      .select()
      .from(schema.renderedVideos)
      .where(eq(schema.renderedVideos.projectId, projectId));
    const publish = await designer.request.post("/api/v1/video/publish/", {
      data: { rendered_video_id: render.id, social_account_id: 1 },
    });
    expect(publish.status()).toBe(403);
    expect((await publish.json()).error.code).toBe("forbidden");
    const review = await designer.request.post(
      `/api/v1/video/rendered/${render.id}/review/`,
      { data: { decision: "approve" } },
    );
    expect(review.status()).toBe(403);
    await designer.goto(`/projects/${projectId}/renders`);
    await designer
      .getByText("Only marketers and admins approve videos.")
      .first()
      .waitFor();
    await designer.context().close();
  });

  it("fits a phone screen", async () => {
    const phone = await app.newPage({ width: 390, height: 844 });
    await app.signIn(phone, "mia@lighthouse.test");
    await phone.getByRole("heading", { name: /Lighthouse/ }).waitFor();
    await app.screenshot(phone, "18-phone-projects");
    await phone.goto(`/projects/${projectId}/script`);
    await phone.getByLabel("Opening line").waitFor();
    const overflow = await phone.evaluate(
      () => document.documentElement.scrollWidth - window.innerWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await app.screenshot(phone, "19-phone-script");
    await phone.goto("/accounts");
    await phone
      .getByTestId("accounts-tiktok")
      .getByText("@lighthouseweekly")
      .waitFor();
    expect(
      await phone.evaluate(
        () => document.documentElement.scrollWidth - window.innerWidth,
      ),
    ).toBeLessThanOrEqual(0);
    await app.screenshot(phone, "20-phone-accounts");
    await phone.context().close();
  });

  it("refuses an unsigned request and signs out", async () => {
    const anonymous = await app.newPage();
    const answer = await anonymous.request.get("/api/v1/video/projects/");
    expect(answer.status()).toBe(401);
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL(/\/sign-in/);
    expect((await page.request.get("/api/v1/auth/me")).status()).toBe(401);
    await anonymous.context().close();
  });

  it("met no Content-Security-Policy violation on any page", () => {
    expect(app.cspViolations).toEqual([]);
  });
});
