import { execFile } from "node:child_process";
import path from "node:path";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { schema } from "../../src/db";
import { publishHandler } from "../../src/jobs/handlers/publish";
import { connect } from "../accounts/setup";
import { attempt, finishedRender, postRow, setUpPublishWorld } from "./world";

const BIN = path.resolve("bin/reelwright.js");
const world = setUpPublishWorld();
let accountId: number;

function reelwright(...args: string[]) {
  return new Promise<{ code: number; stdout: string; stderr: string }>(
    (resolve) =>
      execFile(
        process.execPath,
        [BIN, ...args],
        {
          env: {
            ...process.env,
            ...world.env,
            DATABASE_URL: world.database.url,
            LOG_LEVEL: "silent",
          },
        },
        (error, stdout, stderr) =>
          resolve({
            code: error ? Number(error.code ?? 1) : 0,
            stdout,
            stderr,
          }),
      ),
  );
}

beforeAll(async () => {
  accountId = (await connect(world, "youtube")).id;
});

describe("reelwright publish and engagement", () => {
  it("queues a post like the API, refuses a second one, and reports engagement", async () => {
    const { render } = await finishedRender(world, "youtube_short");

    const queued = await reelwright(
      "publish",
      String(render.id),
      "--account",
      String(accountId),
      "--privacy",
      "unlisted",
    );
    expect(queued.stderr).toBe("");
    expect(queued.code).toBe(0);
    const [post] = await world.database.db
      .select()
      .from(schema.publishedVideos)
      .where(eq(schema.publishedVideos.renderedVideoId, render.id));
    expect(post).toMatchObject({ status: "queued", privacy: "unlisted" });
    expect(post.jobId).toBeTruthy();
    expect(queued.stdout).toContain(`Queued post ${post.id}`);

    const again = await reelwright(
      "publish",
      String(render.id),
      "--account",
      String(accountId),
    );
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already published/);

    // The worker's part, in-process.
    await publishHandler(
      { publishedVideoId: post.id },
      attempt(),
      world.context,
    );
    expect((await postRow(world, post.id)).status).toBe("published");

    const numbers = await reelwright(
      "engagement",
      "--published",
      String(post.id),
    );
    expect(numbers.stderr).toBe("");
    expect(numbers.code).toBe(0);
    expect(numbers.stdout).toMatch(
      new RegExp(`^${post.id}\\s+youtube\\s+0\\s+0`, "m"),
    );
    const rows = await world.database.db
      .select()
      .from(schema.videoEngagement)
      .where(eq(schema.videoEngagement.publishedVideoId, post.id));
    expect(rows).toHaveLength(1);
  });

  it("publish-retry queues a failed post again, the same row, and refuses any other", async () => {
    const { render } = await finishedRender(world, "youtube_short");
    const queued = await reelwright(
      "publish",
      String(render.id),
      "--account",
      String(accountId),
    );
    expect(queued.code).toBe(0);
    const [post] = await world.database.db
      .select()
      .from(schema.publishedVideos)
      .where(eq(schema.publishedVideos.renderedVideoId, render.id));
    world.youtube.quotaExceeded = true;
    try {
      await publishHandler(
        { publishedVideoId: post.id },
        attempt(2),
        world.context,
      );
    } finally {
      world.youtube.quotaExceeded = false;
    }
    expect((await postRow(world, post.id)).status).toBe("failed");

    const retried = await reelwright("publish-retry", String(post.id));
    expect(retried.stderr).toBe("");
    expect(retried.code).toBe(0);
    expect(retried.stdout).toContain(`Queued post ${post.id} again`);
    const row = await postRow(world, post.id);
    expect(row).toMatchObject({ status: "queued", error: null });
    expect(row.jobId).toBeTruthy();
    expect(row.jobId).not.toBe(post.jobId);

    await publishHandler(
      { publishedVideoId: post.id },
      attempt(),
      world.context,
    );
    expect((await postRow(world, post.id)).status).toBe("published");

    const again = await reelwright("publish-retry", String(post.id));
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/only a failed, abandoned or reviewed post/);
  });

  it("exits 2 on a bad argument", async () => {
    const publish = await reelwright("publish", "abc", "--account", "1");
    expect(publish.code).toBe(2);
    expect(publish.stderr).toMatch(/renderedVideoId/);
    const privacy = await reelwright(
      "publish",
      "1",
      "--account",
      "1",
      "--privacy",
      "secret",
    );
    expect(privacy.code).toBe(2);
    const engagement = await reelwright("engagement", "--published", "x");
    expect(engagement.code).toBe(2);
    const retry = await reelwright("publish-retry", "x");
    expect(retry.code).toBe(2);
    expect(retry.stderr).toMatch(/publishedVideoId/);
  });
});
