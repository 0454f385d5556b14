import { rename } from "node:fs/promises";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { schema } from "../../src/db";
import { publishHandler } from "../../src/jobs/handlers/publish";
import { PermanentJobError } from "../../src/services/errors";
import { decideFailure } from "../../src/services/publications/failures";
import { connect } from "../accounts/setup";
import {
  attempt,
  finishedRender,
  postRow,
  queuedPost,
  setUpPublishWorld,
} from "./world";

const world = setUpPublishWorld();
let youtube: number;

beforeAll(async () => {
  youtube = (await connect(world, "youtube")).id;
});

const HOUR = 3600;

async function setPost(
  id: number,
  values: Partial<typeof schema.publishedVideos.$inferInsert>,
) {
  await world.database.db
    .update(schema.publishedVideos)
    .set(values)
    .where(eq(schema.publishedVideos.id, id));
}

const notifications = () =>
  world.database.db
    .select()
    .from(schema.notifications)
    .where(eq(schema.notifications.siteId, world.siteId))
    .orderBy(schema.notifications.id);

describe("a scheduled post", () => {
  it("is not posted before its time, then once at it", async () => {
    const { render } = await finishedRender(world, "youtube_short");
    const post = await queuedPost(world, render.id, youtube, "youtube");
    const videos = world.youtube.videos.size;
    await setPost(post.id, { publishAt: new Date(Date.now() + HOUR * 1000) });

    const early = await publishHandler(
      { publishedVideoId: post.id },
      attempt(),
      world.context,
    );
    expect(early).toEqual({ notDue: expect.any(Date) });
    expect(world.youtube.videos.size).toBe(videos);
    expect((await postRow(world, post.id)).status).toBe("queued");

    // The time comes (moved back rather than waited for).
    await setPost(post.id, { publishAt: new Date(Date.now() - 1000) });
    const [first, second] = await Promise.all([
      publishHandler({ publishedVideoId: post.id }, attempt(), world.context),
      publishHandler({ publishedVideoId: post.id }, attempt(), {
        ...world.context,
        workerId: "another",
      }).catch((error: Error) => error.name),
    ]);
    expect([first, second]).toContainEqual(
      expect.objectContaining({ platformVideoId: expect.any(String) }),
    );
    expect(world.youtube.videos.size).toBe(videos + 1);
    expect((await postRow(world, post.id)).status).toBe("published");
    const again = await publishHandler(
      { publishedVideoId: post.id },
      attempt(),
      world.context,
    );
    expect(again).toMatchObject({ alreadyPublished: true });
    expect(world.youtube.videos.size).toBe(videos + 1);
  });
});

describe("the failure policy", () => {
  it("decides 1 h, 4 h, 24 h, then a review; a refusal fails at once", () => {
    const delays = [HOUR, 4 * HOUR, 24 * HOUR];
    const now = new Date("2026-01-01T00:00:00Z");
    const transient = new Error("connection reset");
    const steps = [0, 1, 2, 3].map((attempts) =>
      decideFailure({ attempts }, transient, delays, now),
    );
    expect(steps.map((s) => s.retryInSeconds)).toEqual([
      HOUR,
      4 * HOUR,
      24 * HOUR,
      null,
    ]);
    expect(steps.map((s) => s.update.status)).toEqual([
      "queued",
      "queued",
      "queued",
      "needs_review",
    ]);
    expect(steps.map((s) => s.notify)).toEqual([
      null,
      null,
      "publish.failing",
      "publish.needs_review",
    ]);
    expect(steps[1].update.retryAt).toEqual(new Date("2026-01-01T04:00:00Z"));
    const refused = decideFailure(
      { attempts: 0 },
      new PermanentJobError("not finished"),
      delays,
      now,
    );
    expect(refused).toMatchObject({
      update: { status: "failed" },
      retryInSeconds: null,
      notify: null,
    });
  });

  it("retries a failing post after each delay, then leaves it for a review and tells the admins", async () => {
    const { render } = await finishedRender(world, "youtube_short");
    const post = await queuedPost(world, render.id, youtube, "youtube");
    const before = (await notifications()).length;
    // Not a platform's answer: nothing says a retry cannot help (a file not yet synced, say).
    const file = world.storage.resolve(render.filePath);
    await rename(file, `${file}.away`);
    try {
      for (const [n, delay] of [HOUR, 4 * HOUR, 24 * HOUR].entries()) {
        const started = Date.now();
        const result = await publishHandler(
          { publishedVideoId: post.id },
          attempt(),
          world.context,
        );
        expect(result).toMatchObject({ status: "queued" });
        const row = await postRow(world, post.id);
        expect(row).toMatchObject({ status: "queued", attempts: n + 1 });
        expect(row.error).toMatch(
          new RegExp(
            `^Attempt ${n + 1} failed: The video could not be published`,
          ),
        );
        const due = row.retryAt!.getTime() - started;
        expect(due).toBeGreaterThanOrEqual(delay * 1000 - 1000);
        expect(due).toBeLessThan(delay * 1000 + 60_000);
        // The next attempt is a job that pg-boss starts no earlier than the delay.
        const job = await world.boss.getJobById("publish", row.jobId!);
        expect(job?.data).toEqual({ publishedVideoId: post.id });
        const wait = job!.startAfter.getTime() - started;
        expect(wait).toBeGreaterThanOrEqual(delay * 1000 - 2000);
        expect(wait).toBeLessThan(delay * 1000 + 60_000);
        // Not due yet: an attempt now does nothing.
        expect(
          await publishHandler(
            { publishedVideoId: post.id },
            attempt(),
            world.context,
          ),
        ).toEqual({ notDue: row.retryAt });
        await setPost(post.id, { retryAt: new Date(Date.now() - 1000) });
        const told = (await notifications()).slice(before);
        expect(told.map((t) => t.kind)).toEqual(
          n === 2 ? ["publish.failing"] : [],
        );
      }
      await publishHandler(
        { publishedVideoId: post.id },
        attempt(),
        world.context,
      );
    } finally {
      await rename(`${file}.away`, file);
    }
    const row = await postRow(world, post.id);
    expect(row).toMatchObject({ status: "needs_review", attempts: 4 });
    expect(row.error).toMatch(
      /^4 attempts failed; the post waits for a review/,
    );
    const told = (await notifications()).slice(before);
    expect(told.map((t) => t.kind)).toEqual([
      "publish.failing",
      "publish.needs_review",
    ]);
    expect(told[1]).toMatchObject({
      title: expect.stringMatching(
        /needs a review before it goes out on YouTube/,
      ),
      link: `/projects/${render.projectId}/publish`,
    });
    // And the site's webhook: one `notification` event per notification.
    const hooks = await world.boss.fetch<{
      event: string;
      data: { id: number };
    }>("webhook", { batchSize: 20 });
    expect(
      hooks
        .filter((job) => job.data.event === "notification")
        .map((job) => job.data.data.id),
    ).toEqual(expect.arrayContaining(told.map((t) => t.id)));
  });
});
