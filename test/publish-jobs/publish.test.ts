import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config";
import { schema } from "../../src/db";
import { fetchEngagement } from "../../src/services/analytics";
import { SecretKeyError } from "../../src/db/crypto";
import { publishHandler, publishPost } from "../../src/jobs/handlers/publish";
import { sendJob } from "../../src/jobs/queues";
import { runWorker } from "../../src/jobs/worker";
import { waitFor } from "../jobs/helpers";
import { connect } from "../accounts/setup";
import {
  attempt,
  finishedRender,
  postRow,
  queuedPost,
  setUpPublishWorld,
} from "./world";

const world = setUpPublishWorld();
const accounts: Record<string, number> = {};

beforeAll(async () => {
  for (const platform of ["youtube", "instagram", "tiktok"] as const)
    accounts[platform] = (await connect(world, platform)).id;
  // Processing finishes at the first status poll, so no test waits out the 5 s poll interval.
  world.tiktok.processingPolls = 0;
  world.instagram.processingPolls = 0;
});

describe("the publish handler", () => {
  it("posts a YouTube Short with its captions, marks the post and project published", async () => {
    const { project, render } = await finishedRender(world, "youtube_short");
    const post = await queuedPost(
      world,
      render.id,
      accounts.youtube,
      "youtube",
    );
    const videos = world.youtube.videos.size;

    await publishHandler(
      { publishedVideoId: post.id },
      attempt(),
      world.context,
    );

    const row = await postRow(world, post.id);
    expect(row.status).toBe("published");
    expect(row.publishedUrl).toBe(
      `https://www.youtube.com/shorts/${row.platformVideoId}`,
    );
    expect(row.publishedAt).not.toBeNull();
    expect(world.youtube.videos.size).toBe(videos + 1);
    const video = world.youtube.videos.get(row.platformVideoId!)!;
    expect(video.status).toMatchObject({
      privacyStatus: "public",
      selfDeclaredMadeForKids: false,
      containsSyntheticMedia: true,
    });
    expect(video.captions).toHaveLength(1);
    const [projectRow] = await world.database.db
      .select()
      .from(schema.videoProjects)
      .where(eq(schema.videoProjects.id, project.id));
    expect(projectRow.status).toBe("published");
  });

  it("resumes an upload that crashed midway and posts the video once", async () => {
    // Over 8 MiB, so the upload takes two chunks and can be cut between them.
    const { render } = await finishedRender(world, "youtube_long", {
      width: 1920,
      height: 1080,
      crf: 27,
    });
    const post = await queuedPost(
      world,
      render.id,
      accounts.youtube,
      "youtube",
    );
    const videos = world.youtube.videos.size;

    await expect(
      publishPost(world.context, post.id, {
        onProgress: () => {
          throw new Error("worker killed");
        },
      }),
    ).rejects.toThrow("worker killed");
    const crashed = await postRow(world, post.id);
    expect(crashed.status).toBe("publishing");
    expect(crashed.uploadState).toMatchObject({
      sessionUri: expect.any(String),
    });

    await publishHandler(
      { publishedVideoId: post.id },
      attempt(1),
      world.context,
    );
    await publishHandler(
      { publishedVideoId: post.id },
      attempt(2),
      world.context,
    );
    expect(world.youtube.videos.size).toBe(videos + 1);
    const row = await postRow(world, post.id);
    expect(row.status).toBe("published");
    expect(world.youtube.videos.has(row.platformVideoId!)).toBe(true);
  });

  it("posts a Reel with the tags as hashtags under the description", async () => {
    const { render } = await finishedRender(world, "instagram_reel");
    const post = await queuedPost(
      world,
      render.id,
      accounts.instagram,
      "instagram",
    );

    await publishHandler(
      { publishedVideoId: post.id },
      attempt(),
      world.context,
    );

    const row = await postRow(world, post.id);
    expect(row.status).toBe("published");
    const reel = world.instagram.reels.get(row.platformVideoId!)!;
    expect(reel.caption).toBe(
      "Sunlight, water and a little physics. #ocean\n\n#light",
    );
  });

  it("says so when an unaudited TikTok app could only post privately", async () => {
    const { render } = await finishedRender(world, "tiktok");
    const post = await queuedPost(world, render.id, accounts.tiktok, "tiktok");

    await publishHandler(
      { publishedVideoId: post.id },
      attempt(),
      world.context,
    );

    const row = await postRow(world, post.id);
    expect(row.status).toBe("published");
    expect(row.platformVideoId).toBeNull();
    expect(row.uploadState).toMatchObject({ restrictedToPrivate: true });
    expect(row.error).toMatch(/private/);
  });

  it("ends a video the platform would refuse as failed, with the reason, without retrying", async () => {
    const { render } = await finishedRender(world, "tiktok", {
      width: 640,
      height: 360,
    });
    const post = await queuedPost(world, render.id, accounts.tiktok, "tiktok");
    const uploads = world.tiktok.posts.size;

    const result = await publishHandler(
      { publishedVideoId: post.id },
      attempt(),
      world.context,
    );

    expect(result).toMatchObject({ failed: expect.stringMatching(/640x360/) });
    const row = await postRow(world, post.id);
    expect(row.status).toBe("failed");
    expect(row.error).toMatch(/^TikTok would not take this video: .*640x360/);
    expect(world.tiktok.posts.size).toBe(uploads);
  });

  it("ends a post to an account that must be reconnected as failed, without retrying", async () => {
    const { render } = await finishedRender(world, "youtube_short");
    const account = await connect(world, "youtube");
    const post = await queuedPost(world, render.id, account.id, "youtube");
    await world.database.db
      .update(schema.socialAccounts)
      .set({ status: "reconnect_required" })
      .where(eq(schema.socialAccounts.id, account.id));

    const result = await publishHandler(
      { publishedVideoId: post.id },
      attempt(),
      world.context,
    );

    expect(result).toHaveProperty("failed");
    const row = await postRow(world, post.id);
    expect(row.status).toBe("failed");
    expect(row.error).toMatch(/connected again/);
    await world.database.db
      .update(schema.socialAccounts)
      .set({ status: "connected" })
      .where(eq(schema.socialAccounts.id, account.id));
  });
});

describe("fetching engagement", () => {
  it("stores a row for every published video, one failure not stopping the rest", async () => {
    const audited = {
      ...world.context,
      config: loadConfig({ ...world.env, TIKTOK_APP_AUDITED: "true" }),
    };
    world.tiktok.audited = true;
    const { render } = await finishedRender(world, "tiktok");
    const post = await queuedPost(world, render.id, accounts.tiktok, "tiktok");
    await publishHandler({ publishedVideoId: post.id }, attempt(), audited);
    const tiktokPost = await postRow(world, post.id);
    expect(tiktokPost.platformVideoId).toMatch(/^\d+$/);
    world.tiktok.stats.set(tiktokPost.platformVideoId!, {
      view_count: 42,
      like_count: 5,
      comment_count: 1,
      share_count: 2,
    });

    const results = await fetchEngagement(world.database, world.config);
    const published = await world.database.db
      .select()
      .from(schema.publishedVideos)
      .where(eq(schema.publishedVideos.status, "published"));
    const measurable = published.filter((p) => p.platformVideoId);
    expect(results.map((r) => r.publishedVideoId)).toEqual(
      measurable.map((p) => p.id).sort((a, b) => a - b),
    );
    expect(results.every((r) => r.ok)).toBe(true);
    const rows = await world.database.db.select().from(schema.videoEngagement);
    expect(new Set(rows.map((r) => r.publishedVideoId))).toEqual(
      new Set(measurable.map((p) => p.id)),
    );
    for (const platform of ["youtube", "instagram", "tiktok"])
      expect(measurable.some((p) => p.platform === platform)).toBe(true);
    const tiktokRow = rows.find((r) => r.publishedVideoId === post.id)!;
    expect(tiktokRow).toMatchObject({
      views: 42,
      likes: 5,
      shares: 2,
      // TikTok reports no watch time: unknown, not zero.
      watchTimeSeconds: null,
      avgViewDurationSec: null,
    });
    expect(tiktokRow.raw).not.toEqual({});

    // An account that must be reconnected fails its own videos only.
    await world.database.db
      .update(schema.socialAccounts)
      .set({ status: "reconnect_required" })
      .where(eq(schema.socialAccounts.id, accounts.instagram));
    const again = await fetchEngagement(world.database, world.config);
    expect(
      again.filter((r) => !r.ok).every((r) => r.platform === "instagram"),
    ).toBe(true);
    expect(again.some((r) => !r.ok && r.reconnect)).toBe(true);
    expect(again.filter((r) => r.ok).length).toBeGreaterThan(0);
    const [youtubeAccount] = await world.database.db
      .select()
      .from(schema.socialAccounts)
      .where(eq(schema.socialAccounts.id, accounts.youtube));
    expect(youtubeAccount.status).toBe("connected");

    const one = await fetchEngagement(world.database, world.config, post.id);
    expect(one).toHaveLength(1);
  });
});

describe("the worker's start", () => {
  it("refuses to start when the stored tokens cannot be read with the configured key", async () => {
    const env = { ...process.env, ...world.env, REELWRIGHT_SECRET_KEY: "" };
    await expect(
      runWorker({
        database: world.database,
        storage: world.storage,
        env,
        config: loadConfig({ ...env, REELWRIGHT_SECRET_KEY: undefined }),
      }),
    ).rejects.toBeInstanceOf(SecretKeyError);
  });
});

describe("through the worker", () => {
  it("works a post sent to the publish queue", async () => {
    const { render } = await finishedRender(world, "instagram_reel");
    const post = await queuedPost(
      world,
      render.id,
      accounts.instagram,
      "instagram",
    );
    await world.database.db
      .update(schema.socialAccounts)
      .set({ status: "connected" })
      .where(eq(schema.socialAccounts.id, accounts.instagram));
    const worker = await runWorker({
      database: world.database,
      storage: world.storage,
      config: world.config,
      env: { ...process.env, ...world.env },
      queues: ["publish"],
      pollingIntervalSeconds: 0.5,
    });
    try {
      await sendJob(
        "publish",
        { publishedVideoId: post.id },
        { boss: worker.boss },
      );
      const row = await waitFor(
        "the post to be published",
        async () => {
          const row = await postRow(world, post.id);
          return row.status === "published" && row;
        },
        30_000,
      );
      expect(world.instagram.reels.has(row.platformVideoId!)).toBe(true);
    } finally {
      await worker.stop();
    }
  });
});
