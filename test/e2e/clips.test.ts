import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { asc, eq } from "drizzle-orm";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config";
import { schema } from "../../src/db";
import { runWorker, type Worker } from "../../src/jobs/worker";
import { LocalStorage } from "../../src/storage";
import { makeTestSource, type TestSource } from "../clips/source";
import { addUserWithCli, startApp, type E2eApp } from "./app";

/**
 * The Clips page in a real browser against the built app: a marketer uploads a long video, sees
 * its clips listed and plays one, moves a clip's edges on the transcript and gets it rendered
 * again, and sends a clip on into review. The clip jobs run in a worker in this process, on the
 * app's database and storage.
 */

let app: E2eApp;
let page: Page;
let worker: Worker;
let dir: string;
let talk: TestSource;

const clipRows = async () =>
  app.database.db.select().from(schema.clips).orderBy(asc(schema.clips.number));

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "rw-e2e-clips-"));
  talk = await makeTestSource(dir);
  app = await startApp({
    REELWRIGHT_SECRET_KEY: randomBytes(32).toString("base64"),
  });
  await addUserWithCli(app, {
    email: "mia@lighthouse.test",
    name: "Mia Marketer",
    role: "marketer",
    site: app.site.site.slug,
  });
  const env = { ...app.env, JOB_RETRY_DELAY_SECONDS: "1" };
  worker = await runWorker({
    database: app.database,
    storage: new LocalStorage(loadConfig(env).storageDir),
    config: loadConfig(env),
    env,
    queues: ["clipTranscribe", "clipSelect", "clipRender"],
    pollingIntervalSeconds: 0.5,
    timing: {
      progressIntervalMs: 500,
      heartbeatMs: 1000,
      staleAfterMs: 60_000,
    },
  });
  page = await app.newPage();
  await app.signIn(page, "mia@lighthouse.test");
}, 900_000);

afterAll(async () => {
  await worker?.stop();
  await app?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("the Clips page", () => {
  it("takes an upload and lists its clips, each with a player that plays", async () => {
    await page.getByRole("link", { name: "Clips" }).click();
    await page.waitForURL(/\/clips$/);
    await page.getByText("No long videos yet").waitFor();
    await page.getByLabel("Video file").setInputFiles(talk.file);
    await page.getByLabel("Clips", { exact: true }).fill("2");
    await page.getByLabel("Shortest (s)").fill("6");
    await page.getByLabel("Longest (s)").fill("14");
    await page.getByLabel("Size").selectOption("0.25");
    await page.getByRole("button", { name: "Find the clips" }).click();
    await page.getByRole("heading", { name: "talk.mp4" }).waitFor();
    await page
      .getByRole("progressbar", { name: "Transcribe progress" })
      .waitFor();
    await app.screenshot(page, "clips-working");
    const players = page.getByRole("region").getByLabel(/^Clip \d video$/);
    await expect
      .poll(() => players.count(), { timeout: 600_000, interval: 1000 })
      .toBe(2);
    const first = await page.getByTestId("clip-1").textContent();
    expect(first).toMatch(/score \d\.\d\d/);
    expect(first).toMatch(/#\w+/);

    const video = page.getByLabel("Clip 1 video");
    await video.evaluate((v: HTMLVideoElement) => {
      v.muted = true;
      return v.play();
    });
    await expect
      .poll(() => video.evaluate((v: HTMLVideoElement) => v.currentTime), {
        timeout: 20_000,
      })
      .toBeGreaterThan(0.3);
    expect(await video.evaluate((v: HTMLVideoElement) => v.error)).toBeNull();
    await video.evaluate((v: HTMLVideoElement) => v.pause());
    expect(app.cspViolations).toEqual([]);
    await app.screenshot(page, "clips-list");
  }, 700_000);

  it("moves a clip's start and end on the transcript and renders it again", async () => {
    const [, before] = await clipRows();
    const card = page.getByTestId("clip-2");
    await card.getByRole("button", { name: "Adjust start and end" }).click();
    const words = card.getByTestId("transcript").getByRole("button");
    await words.first().waitFor();
    const chosen = await words.evaluateAll((buttons) =>
      buttons
        .map((b, i) => ({ i, pressed: b.getAttribute("aria-pressed") }))
        .filter((b) => b.pressed === "false")
        .map((b) => b.i),
    );
    // A start and an end outside the clip as it is: two words apart at least.
    const start = chosen[0];
    const end = start + 12;
    await words.nth(start).click();
    await words.nth(end).click();
    expect(await words.nth(start).getAttribute("aria-pressed")).toBe("true");
    expect(await words.nth(end).getAttribute("aria-pressed")).toBe("true");
    await app.screenshot(page, "clips-adjust");
    await card.getByRole("button", { name: /^Render again from/ }).click();
    await expect
      .poll(
        async () => {
          const [, after] = await clipRows();
          return after.status === "completed" &&
            after.firstWord !== before.firstWord
            ? after
            : null;
        },
        { timeout: 300_000, interval: 1000 },
      )
      .not.toBeNull();
    const [, after] = await clipRows();
    expect(after.lastWord - after.firstWord).toBe(12);
    await card.getByLabel("Clip 2 video").waitFor();
  }, 330_000);

  it("sends a clip on into review", async () => {
    const card = page.getByTestId("clip-1");
    await card.getByRole("button", { name: "Send on for review" }).click();
    const open = card.getByRole("link", { name: "In review: open" });
    await open.waitFor();
    const [first] = await clipRows();
    expect(first.projectId).not.toBeNull();
    const [render] = await app.database.db
      .select()
      .from(schema.renderedVideos)
      .where(eq(schema.renderedVideos.projectId, first.projectId!));
    expect(render).toMatchObject({
      status: "completed",
      reviewStatus: "pending",
    });
    await app.screenshot(page, "clips-sent");
    await open.click();
    await page.waitForURL(new RegExp(`/projects/${first.projectId}/renders`));
    await page.getByRole("button", { name: "Approve" }).click();
    await page.getByText("Approved").first().waitFor();
    await app.screenshot(page, "clips-review");
    expect(app.cspViolations).toEqual([]);
  }, 120_000);
});
