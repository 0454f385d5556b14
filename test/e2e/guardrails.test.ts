import type PgBoss from "pg-boss";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser } from "../../src/auth/users";
import { schema } from "../../src/db";
import { sendJob, startQueues } from "../../src/jobs/queues";
import { PASSWORD, startApp, type E2eApp } from "./app";

/**
 * An admin's guardrails in the browser: the budget on the costs (analytics) page, the audit log
 * that records its change, and the jobs board with a job to cancel and a failed one to retry.
 */

let app: E2eApp;
let page: Page;
let boss: PgBoss;
let waiting = "";
let failed = "";

beforeAll(async () => {
  app = await startApp();
  await createUser(app.database.db, {
    siteId: app.site.site.id,
    email: "ada@lighthouse.test",
    name: "Ada Admin",
    role: "admin",
    password: PASSWORD,
  });
  // What the site spent so far: two AI images at OpenAI's price.
  await app.database.db.insert(schema.costLedger).values({
    siteId: app.site.site.id,
    projectId: null,
    operation: "video_ai_image",
    provider: "openai",
    units: 2,
    unit: "image",
    credits: 8,
    costUsd: 0.126,
  });
  // Jobs of the site on the webhook queue, which the app's worker does not work: one waits, one
  // failed, one finished.
  boss = await startQueues(app.database);
  const job = (event: string) =>
    sendJob(
      "webhook",
      { siteId: app.site.site.id, event, data: {} },
      { boss },
    ) as Promise<string>;
  const done = await job("test.done");
  failed = await job("test.failed");
  const fetched = await boss.fetch("webhook", { batchSize: 2 });
  expect(fetched.map((j) => j.id).sort()).toEqual([done, failed].sort());
  await boss.complete("webhook", done);
  // Out of retries, so the failure is final.
  await app.database.db.execute(
    `update pgboss.job set retry_limit = 0 where id = '${failed}'`,
  );
  await boss.fail("webhook", failed, { message: "receiver answered 500" });
  waiting = await job("test.waiting");
  page = await app.newPage();
  await app.signIn(page, "ada@lighthouse.test");
}, 900_000);

afterAll(async () => {
  await boss?.stop({ graceful: false, wait: true });
  await app?.close();
});

describe("guardrails in the app", () => {
  it("shows spend against the budget on the costs page, and lets an admin set the limits", async () => {
    await page.goto("/analytics");
    const card = page.getByTestId("budget");
    await expect
      .poll(() => card.getByTestId("spend-today").textContent())
      .toBe("$0.126 of no limit");
    await card.getByRole("button", { name: "Edit limits" }).click();
    await card.getByLabel("Daily limit ($)").fill("0.2");
    await card.getByLabel("Monthly limit ($)").fill("5");
    await card.getByLabel("Per-video limit ($)").fill("1");
    await card.getByRole("button", { name: "Save limits" }).click();
    await expect
      .poll(() => card.getByTestId("spend-today").textContent())
      .toBe("$0.126 of $0.20");
    expect(await card.getByTestId("spend-this-month").textContent()).toBe(
      "$0.126 of $5.00",
    );
    expect(
      await card
        .getByRole("progressbar", { name: "Today's spend against its limit" })
        .getAttribute("aria-valuenow"),
    ).toBe("63");
    await app.screenshot(page, "guardrails-budget");

    const designer = await app.newPage();
    await app.signIn(designer, "dana@lighthouse.test");
    await designer.goto("/analytics");
    await expect
      .poll(() => designer.getByTestId("spend-today").textContent())
      .toBe("$0.126 of $0.20");
    expect(
      await designer.getByRole("button", { name: "Edit limits" }).count(),
    ).toBe(0);
    await designer.goto("/settings/audit");
    await designer.getByText("Admins only").waitFor();
    await designer.context().close();
  });

  it("records the change in the audit log, filterable by action", async () => {
    await page.goto("/settings/audit");
    const table = page.getByTestId("audit-table");
    await table.getByText("budget.update").waitFor();
    const row = table.getByRole("row").filter({ hasText: "budget.update" });
    expect(await row.textContent()).toContain("ada@lighthouse.test");
    expect(await row.textContent()).toContain("daily_usd: 0.2");
    await app.screenshot(page, "guardrails-audit");
    await page.getByLabel("Action").selectOption("render.approve");
    await page.getByText("Nothing recorded").waitFor();
  });

  it("shows the jobs over time and in flight, and cancels and retries them", async () => {
    await page.goto("/settings/jobs");
    const inFlight = page.getByTestId("in-flight");
    const failedTable = page.getByTestId("failed-in-the-last-day");
    await inFlight.getByText("event test.waiting").waitFor();
    await failedTable.getByText("event test.failed").waitFor();
    await page
      .getByRole("img", { name: "Jobs completed and failed per hour" })
      .waitFor();
    await app.screenshot(page, "guardrails-jobs");

    await inFlight
      .getByRole("button", { name: `Cancel webhook job ${waiting}` })
      .click();
    await inFlight.getByText("No job is waiting or running.").waitFor();
    expect((await boss.getJobById("webhook", waiting))?.state).toBe(
      "cancelled",
    );

    await failedTable
      .getByRole("button", { name: `Retry webhook job ${failed}` })
      .click();
    await failedTable.getByText("No job failed in the last day.").waitFor();
    await inFlight.getByText("event test.failed").waitFor();
    expect((await boss.getJobById("webhook", failed))?.state).toBe("retry");
  });
});
