import { mkdir, writeFile } from "node:fs/promises";
import { stat } from "node:fs/promises";
import { Writable } from "node:stream";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { schema } from "../../src/db";
import { cleanupAfterPublish } from "../../src/services/cleanup";
import type { JobContext } from "../../src/jobs/context";
import {
  PostBusyError,
  publishHandler,
  publishPost,
} from "../../src/jobs/handlers/publish";
import { renderKeys } from "../../src/services/renders/files";
import { createLogger } from "../../src/log";
import { redirectUriFor } from "../../src/platforms/credentials";
import { trimSlash } from "../../src/platforms/endpoints";
import {
  displayTokens,
  chunkTokens,
  speakable,
} from "../../src/pipeline/voice/tokens";
import { connect, storedAccount } from "../accounts/setup";
import { json } from "../fakes/http";
import {
  attempt,
  finishedRender,
  postRow,
  queuedPost,
  setUpPublishWorld,
} from "../publish-jobs/world";

const world = setUpPublishWorld();
let youtubeAccount = 0;

beforeAll(async () => {
  youtubeAccount = (await connect(world, "youtube")).id;
});

/** The world's job context as another worker would have it. */
const workerContext = (
  workerId: string,
  timing: Partial<JobContext["timing"]> = {},
): JobContext => ({
  ...world.context,
  workerId,
  timing: { ...world.context.timing, ...timing },
});

const until = async (check: () => Promise<boolean>, ms = 30_000) => {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};

describe("a post under failure", () => {
  it("is uploaded once when a second attempt runs while the first still uploads (a job past its expiry)", async () => {
    const { render } = await finishedRender(world, "youtube_short");
    const post = await queuedPost(world, render.id, youtubeAccount, "youtube");
    const sessions = world.youtube.sessions.size;
    const videos = world.youtube.videos.size;
    world.youtube.uploadDelayMs = 1500;
    try {
      const first = publishHandler(
        { publishedVideoId: post.id },
        attempt(0),
        workerContext("worker-a"),
      );
      await until(async () =>
        Boolean((await postRow(world, post.id)).uploadState?.sessionUri),
      );
      // pg-boss hands the expired job out again: its retry runs on another worker meanwhile.
      await expect(
        publishHandler(
          { publishedVideoId: post.id },
          attempt(1),
          workerContext("worker-b"),
        ),
      ).rejects.toBeInstanceOf(PostBusyError);
      // On its last attempt it backs off without failing the post.
      await expect(
        publishHandler(
          { publishedVideoId: post.id },
          attempt(2),
          workerContext("worker-c"),
        ),
      ).resolves.toEqual({ busy: true });
      expect((await postRow(world, post.id)).workerId).toBe("worker-a");
      await first;
    } finally {
      world.youtube.uploadDelayMs = 0;
    }
    const row = await postRow(world, post.id);
    expect(row.status).toBe("published");
    expect(world.youtube.sessions.size).toBe(sessions + 1);
    expect(world.youtube.videos.size).toBe(videos + 1);
  });

  it("is taken over from a worker that stopped mid-upload, and resumed in the same session", async () => {
    // Over 8 MiB: two chunks, so the upload can stop between them.
    const { render } = await finishedRender(world, "youtube_long", {
      width: 1920,
      height: 1080,
      crf: 27,
    });
    const post = await queuedPost(world, render.id, youtubeAccount, "youtube");
    const sessions = world.youtube.sessions.size;
    const videos = world.youtube.videos.size;
    const puts = () =>
      world.youtube.requests.filter(
        (r) => r.method === "PUT" && r.body.length > 0,
      );
    const putsBefore = puts().length;

    // Worker A hangs after its first chunk, silent: no heartbeat, as if the process were killed.
    const hung = publishPost(
      workerContext("worker-dead", { heartbeatMs: 3_600_000 }),
      post.id,
      { onProgress: () => new Promise<never>(() => {}) },
    );
    void hung.catch(() => {});
    await until(async () => puts().length > putsBefore);
    const stopped = await postRow(world, post.id);
    expect(stopped).toMatchObject({
      status: "publishing",
      workerId: "worker-dead",
    });

    // While A's lease is fresh nobody takes it; once stale, worker B does and resumes.
    const taker = workerContext("worker-b", { staleAfterMs: 1000 });
    await new Promise((resolve) => setTimeout(resolve, 1200));
    await publishHandler({ publishedVideoId: post.id }, attempt(1), taker);

    const row = await postRow(world, post.id);
    expect(row.status).toBe("published");
    expect(world.youtube.sessions.size).toBe(sessions + 1);
    expect(world.youtube.videos.size).toBe(videos + 1);
    const video = world.youtube.videos.get(row.platformVideoId!)!;
    const size = (await stat(world.storage.resolve(render.filePath))).size;
    expect(video.bytes.length).toBe(size);
    // Two chunks in all: the first was not sent again.
    const sent = puts()
      .slice(putsBefore)
      .reduce((sum, r) => sum + r.body.length, 0);
    expect(sent).toBe(size);
  });

  it("can be retried after it failed, resuming the same row without a second post", async () => {
    const { render } = await finishedRender(world, "youtube_short");
    const post = await queuedPost(world, render.id, youtubeAccount, "youtube");
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
    // What retryPublication does to the row (the API and CLI call it), then the queued job.
    await world.database.db
      .update(schema.publishedVideos)
      .set({ status: "queued", error: null })
      .where(eq(schema.publishedVideos.id, post.id));
    await publishHandler(
      { publishedVideoId: post.id },
      attempt(0),
      world.context,
    );
    expect((await postRow(world, post.id)).status).toBe("published");
  });
});

describe("cleanup after publishing", () => {
  it("never touches the files of a render that is still running", async () => {
    const { project, render } = await finishedRender(world, "youtube_short");
    const { db } = world.database;
    const sibling = (status: "rendering" | "cancelled") =>
      db
        .insert(schema.renderedVideos)
        .values({
          projectId: project.id,
          preset: "tiktok",
          scriptId: render.scriptId,
          status,
          scale: status === "rendering" ? 1 : 0.5,
          workerId: "worker-a",
          heartbeatAt: new Date(),
        })
        .returning()
        .then(([row]) => row);
    const running = await sibling("rendering");
    // Cancelled a moment ago: its worker stops within a heartbeat and may still be writing.
    const stopping = await sibling("cancelled");
    const partial = (row: { id: number; projectId: number; preset: never }) =>
      `${renderKeys(row).folder}/.tiktok.999.partial.mp4`;
    const keys = [running, stopping].map((row) => partial(row as never));
    for (const key of keys) {
      await mkdir(world.storage.resolve(key.slice(0, key.lastIndexOf("/"))), {
        recursive: true,
      });
      await writeFile(world.storage.resolve(key), "frames so far");
    }

    const removed = await cleanupAfterPublish(
      world.database,
      { storage: world.storage, media: world.context.tools.store },
      render.id,
      { staleAfterMs: 60_000 },
    );
    for (const key of keys) {
      expect(removed).not.toContain(key);
      expect((await stat(world.storage.resolve(key))).isFile()).toBe(true);
    }
  });
});

describe("secrets in logs and errors", () => {
  it("keeps a token a platform echoes in its error out of the log and the post's error", async () => {
    const { render } = await finishedRender(world, "youtube_short");
    const post = await queuedPost(world, render.id, youtubeAccount, "youtube");
    const { accessToken, refreshToken } = await storedAccount(
      world,
      youtubeAccount,
    );
    world.youtube.apiFaults.push(
      json(400, {
        error: {
          code: 400,
          message: `Invalid request for ${accessToken} (refresh_token=${refreshToken})`,
        },
      }),
    );
    const lines: string[] = [];
    const logger = createLogger(
      new Writable({
        write(chunk, _encoding, done) {
          lines.push(String(chunk));
          done();
        },
      }) as never,
      "info",
    );
    let thrown: unknown;
    await publishPost(world.context, post.id).catch((error) => {
      thrown = error;
    });
    expect(thrown).toBeDefined();
    logger.warn({ err: thrown, error: String(thrown) }, "publishing failed");
    logger.info(
      {
        headers: { authorization: `Bearer ${accessToken}` },
        access_token: accessToken,
        client_secret: "yt-secret-value",
        url: `https://app.example/callback?code=4/0AXsecretcode&state=x`,
      },
      `token=${accessToken}`,
    );
    const output = lines.join("");
    expect(output).toContain("[REDACTED]");
    expect(output).not.toContain(accessToken);
    expect(output).not.toContain(refreshToken!);
    expect(output).not.toContain("yt-secret-value");
    expect(output).not.toContain("4/0AXsecretcode");

    // The handler stores the failure as the post's error: redacted too.
    world.youtube.apiFaults.push(
      json(400, {
        error: { code: 400, message: `Invalid request for ${accessToken}` },
      }),
    );
    await world.database.db
      .update(schema.publishedVideos)
      .set({ status: "queued" })
      .where(eq(schema.publishedVideos.id, post.id));
    await publishHandler(
      { publishedVideoId: post.id },
      attempt(2),
      world.context,
    );
    const row = await postRow(world, post.id);
    expect(row.status).toBe("failed");
    expect(row.error).toContain("[REDACTED]");
    expect(row.error).not.toContain(accessToken);
  });
});

describe("the narration tokenizer on hostile text", () => {
  it.each([
    ["a megabyte of !", "!".repeat(1_000_000)],
    ["a run of ! before a letter", "!".repeat(200_000) + "a"],
    ["dots", ".".repeat(1_000_000) + "a"],
    ["dashes", "-".repeat(1_000_000) + "x"],
    ["quotes", '"'.repeat(1_000_000) + "a"],
    ["spaces", " ".repeat(1_000_000) + "a"],
  ])("reads %s in linear time", { timeout: 10_000 }, (_name, text) => {
    const tokens = displayTokens(text);
    chunkTokens(tokens, 400);
    for (const token of tokens) expect(speakable(token).length).toBeLessThan(2);
  });

  it(
    "trims a megabyte of trailing slashes, or slashes before the end, in linear time",
    { timeout: 10_000 },
    () => {
      const slashes = "/".repeat(1_000_000);
      expect(trimSlash(`http://a${slashes}`)).toBe("http://a");
      expect(trimSlash(`http://a${slashes}x`)).toBe(`http://a${slashes}x`);
      expect(
        redirectUriFor("youtube", {
          ...world.config,
          REELWRIGHT_PUBLIC_URL: `https://app.example${slashes}`,
        }),
      ).toBe("https://app.example/api/v1/accounts/callback/youtube");
    },
  );
});
