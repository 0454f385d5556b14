import { eq } from "drizzle-orm";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser } from "../../src/auth/users";
import { schema } from "../../src/db";
import { PASSWORD, startApp, type E2eApp } from "./app";

/**
 * The site's automation page in a real browser: an admin turns auto-publish on for an account at
 * a time, sets the feed, turns the content hook on (its secret shown once); a bad feed address is
 * refused beside its field and changes nothing stored; a designer gets "Admins only".
 */

let app: E2eApp;
let page: Page;
let accountId = 0;
const FEED = "https://news.lighthouse.test/feed.xml";

const storedSettings = async () => {
  const [site] = await app.database.db
    .select({ settings: schema.sites.settings })
    .from(schema.sites)
    .where(eq(schema.sites.id, app.site.site.id));
  return site.settings as Record<string, unknown>;
};

beforeAll(async () => {
  app = await startApp();
  const { db } = app.database;
  await createUser(db, {
    siteId: app.site.site.id,
    email: "ada@lighthouse.test",
    name: "Ada Admin",
    role: "admin",
    password: PASSWORD,
  });
  const accounts = await db
    .insert(schema.socialAccounts)
    .values(
      (["tiktok", "youtube"] as const).map((platform) => ({
        siteId: app.site.site.id,
        platform,
        externalId: `lighthouse-${platform}`,
        displayName: `@lighthouse-${platform}`,
        accessTokenEnc: "not-used-by-this-test",
      })),
    )
    .returning();
  accountId = accounts[0].id;
  page = await app.newPage();
  await app.signIn(page, "ada@lighthouse.test");
}, 900_000);

afterAll(async () => {
  await app?.close();
});

describe("the automation page", () => {
  it("turns auto-publish on with a time and an account, and sets the feed", async () => {
    await page.getByRole("link", { name: "Automation" }).click();
    await page.waitForURL(/\/settings\/automation/);
    await page.getByLabel(/^Off/).waitFor();
    expect(await page.getByLabel(/^On/).isChecked()).toBe(false);
    await app.screenshot(page, "automation-00-default");

    await page.getByLabel(/^On/).check();
    await page.getByLabel("@lighthouse-tiktok").check();
    await page.getByLabel("Publishing times (UTC)").fill("09:30");
    await page.getByRole("button", { name: "Add time" }).click();
    await page.getByLabel("Publishing times (UTC)").fill("18:00");
    await page.getByLabel("Publishing times (UTC)").press("Enter");
    await page.getByRole("button", { name: "Remove 18:00" }).click();
    await page.getByLabel("Feed address (RSS or Atom)").fill(FEED);
    await page.getByLabel(/^TikTok/).check();
    expect(await page.getByTestId("save-state").textContent()).toBe(
      "Unsaved changes",
    );
    await page.getByRole("button", { name: "Save settings" }).click();
    await expect
      .poll(() => page.getByTestId("save-state").textContent())
      .toBe("Saved");

    expect(await storedSettings()).toMatchObject({
      autoPublish: true,
      autoPublishAccountIds: [accountId],
      autoPublishTimes: ["09:30"],
      feedUrl: FEED,
      intakePresets: ["tiktok"],
    });
  });

  it("turns the content hook on, showing its secret once", async () => {
    const hook = page.getByTestId("content-hook");
    expect(await hook.getByTestId("hook-state").textContent()).toBe("Off");
    await hook
      .getByRole("button", { name: "Turn on with a new secret" })
      .click();
    const first = await hook.getByTestId("hook-secret").textContent();
    expect(first).toMatch(/^[\w-]{43}$/);
    expect(await hook.textContent()).toContain("it will not be shown again");
    expect(await hook.getByTestId("hook-state").textContent()).toBe("On");
    expect((await storedSettings()).contentHookSecret).toBe(first);

    await hook.getByRole("button", { name: "Rotate secret" }).click();
    await expect
      .poll(() => hook.getByTestId("hook-secret").textContent())
      .not.toBe(first);
    const second = await hook.getByTestId("hook-secret").textContent();
    expect((await storedSettings()).contentHookSecret).toBe(second);
    await app.screenshot(page, "automation-01-hook-secret");

    await page.reload();
    await hook.getByTestId("hook-state").waitFor();
    expect(await hook.getByTestId("hook-state").textContent()).toBe("On");
    expect(await hook.getByTestId("hook-secret").count()).toBe(0);
    expect(await hook.textContent()).not.toContain(second!);
  });

  it("names a bad feed address beside its field and keeps what was stored", async () => {
    const before = await storedSettings();
    await page.getByLabel("Publishing times (UTC)").fill("12:00");
    await page.getByRole("button", { name: "Add time" }).click();
    const feed = page.getByLabel("Feed address (RSS or Atom)");
    await feed.fill("ftp://news.lighthouse.test/feed.xml");
    await page.getByRole("button", { name: "Save settings" }).click();
    const error = page.locator("#feed-url-error");
    await error.waitFor();
    expect(await feed.getAttribute("aria-invalid")).toBe("true");
    expect(await feed.getAttribute("aria-describedby")).toBe("feed-url-error");
    expect(await error.textContent()).toBe(
      "Invalid URL. A feed address is a full http:// or https:// URL of at most 2,000 characters.",
    );
    await page
      .getByText("Nothing was saved: fix the field marked in red.")
      .waitFor();
    expect(await page.getByTestId("save-state").textContent()).toBe(
      "Unsaved changes",
    );
    await app.screenshot(page, "automation-02-bad-feed");

    expect(await storedSettings()).toEqual(before);
    const answer = await page.request.get("/api/v1/site/automation/");
    expect(await answer.json()).toMatchObject({
      auto_publish_times: ["09:30"],
      feed_url: FEED,
      content_hook_enabled: true,
    });

    // Discarding the edits takes the stored feed back and the field's error with it.
    await page.getByRole("button", { name: "Discard changes" }).click();
    expect(await feed.inputValue()).toBe(FEED);
    expect(await error.count()).toBe(0);
    expect(
      await page
        .getByText("Nothing was saved: fix the field marked in red.")
        .count(),
    ).toBe(0);
  });

  it("shows the saved values after a reload, at desktop and phone width", async () => {
    await page.reload();
    await page.getByLabel(/^On/).waitFor();
    expect(await page.getByLabel(/^On/).isChecked()).toBe(true);
    expect(await page.getByLabel("@lighthouse-tiktok").isChecked()).toBe(true);
    expect(await page.getByLabel("@lighthouse-youtube").isChecked()).toBe(
      false,
    );
    expect(
      await page.getByRole("list", { name: "Publishing times" }).textContent(),
    ).toBe("09:30×");
    expect(
      await page.getByLabel("Feed address (RSS or Atom)").inputValue(),
    ).toBe(FEED);
    expect(await page.locator("#feed-url-error").count()).toBe(0);
    expect(await page.getByTestId("save-state").textContent()).toBe("");
    await app.screenshot(page, "automation-03-saved-desktop");

    const phone = await app.newPage({ width: 390, height: 844 });
    await app.signIn(phone, "ada@lighthouse.test");
    await phone.goto("/settings/automation");
    await phone.getByLabel("@lighthouse-tiktok").waitFor();
    // Nothing wider than the phone's screen.
    expect(
      await phone.evaluate(() => document.documentElement.scrollWidth),
    ).toBeLessThanOrEqual(390);
    await app.screenshot(phone, "automation-04-phone");
    // A new secret, with its warning and copy button, fits the phone too.
    await phone.getByRole("button", { name: "Rotate secret" }).click();
    await phone.getByTestId("hook-secret").waitFor();
    await phone.getByTestId("hook-secret").scrollIntoViewIfNeeded();
    expect(
      await phone.evaluate(() => document.documentElement.scrollWidth),
    ).toBeLessThanOrEqual(390);
    await app.screenshot(phone, "automation-05-phone-secret");
    await phone.context().close();
  });

  it("gives a designer what the other admin pages give: no link, and Admins only", async () => {
    const designer = await app.newPage();
    await app.signIn(designer, "dana@lighthouse.test");
    expect(
      await designer.getByRole("link", { name: "Automation" }).count(),
    ).toBe(0);
    await designer.goto("/settings/automation");
    await designer.getByText("Admins only").waitFor();
    await designer.context().close();
  });
});
