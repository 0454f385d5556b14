import { eq } from "drizzle-orm";
import type PgBoss from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as projectRoute from "../../app/api/v1/video/projects/[id]/route";
import * as retryRoute from "../../app/api/v1/video/publish/[published_video_id]/retry/route";
import { schema } from "../../src/db";
import { publishHandler } from "../../src/jobs/handlers/publish";
import { startQueues } from "../../src/jobs/queues";
import { runWorker } from "../../src/jobs/worker";
import { configureServices } from "../../src/services/context";
import { createSite } from "../../src/services/sites";
import { connect } from "../accounts/setup";
import {
  attempt,
  finishedRender,
  postRow,
  queuedPost,
  setUpPublishWorld,
} from "../publish-jobs/world";

const RETRY_ENV = { JOB_RETRY_DELAY_SECONDS: "1" };
const world = setUpPublishWorld(RETRY_ENV);
let boss: PgBoss;
let siteKey: string;
let youtubeAccount = 0;

beforeAll(async () => {
  // The API answers for a site by its key: the world's projects and accounts belong to this one.
  const { site, key } = await createSite(world.database.db, "Deleting Site");
  world.siteId = site.id;
  siteKey = key;
  youtubeAccount = (await connect(world, "youtube")).id;
  boss = await startQueues(world.database, { ...process.env, ...RETRY_ENV });
  configureServices({
    database: world.database,
    storage: world.storage,
    queues: async () => boss,
  });
});

afterAll(async () => {
  await boss?.stop({ graceful: true, wait: true });
});

type Route = (
  request: Request,
  context: { params: Promise<Record<string, string>> },
) => Promise<Response>;

/** A route handler called with a real Request carrying the site's key, as Next.js would. */
const call = (handler: Route, method: string, params: Record<string, string>) =>
  handler(
    new Request("http://localhost/api/v1/", {
      method,
      headers: { authorization: `Bearer ${siteKey}` },
    }),
    { params: Promise.resolve(params) },
  );

/** A real worker on the publish queue, with a fast heartbeat so a lost lease shows within moments. */
const startWorker = () =>
  runWorker({
    database: world.database,
    storage: world.storage,
    config: world.config,
    env: { ...process.env, ...world.env },
    queues: ["publish"],
    pollingIntervalSeconds: 0.5,
    timing: { heartbeatMs: 200, progressIntervalMs: 200, staleAfterMs: 3000 },
  });

const until = async (what: string, check: () => Promise<boolean> | boolean) => {
  const end = Date.now() + 30_000;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};

const uploadPuts = () =>
  world.youtube.requests.filter((r) => r.method === "PUT" && r.body.length > 0);

describe("deleting a project mid-upload", () => {
  it("stops the upload at once: the chunk in flight is hung up, nothing follows, no post is left", async () => {
    // Over 8 MiB: two chunks, so a second one would follow if the upload went on.
    const { project, render } = await finishedRender(world, "youtube_long", {
      width: 1920,
      height: 1080,
      crf: 27,
    });
    const post = await queuedPost(world, render.id, youtubeAccount, "youtube");
    const sessions = world.youtube.sessions.size;
    const videos = world.youtube.videos.size;
    const putsBefore = uploadPuts().length;
    // Each chunk's answer takes 5 s: far longer than the heartbeat that notices the delete.
    world.youtube.uploadDelayMs = 5000;
    const worker = await startWorker();
    let requestsAtDelete = 0;
    try {
      await boss.send("publish", { publishedVideoId: post.id });
      await until("the first chunk", () => uploadPuts().length > putsBefore);
      const inFlight = uploadPuts().at(-1)!;

      const deleted = await call(projectRoute.DELETE as Route, "DELETE", {
        id: String(project.id),
      });
      expect(deleted.status).toBe(204);
      requestsAtDelete = world.youtube.requests.length;

      // The uploader's next heartbeat finds its post gone and aborts the request under way.
      await until("the uploader to hang up", () =>
        world.youtube.abandoned.includes(inFlight),
      );
    } finally {
      await worker.stop();
      world.youtube.uploadDelayMs = 0;
    }
    expect(world.youtube.requests.slice(requestsAtDelete)).toEqual([]);
    expect(world.youtube.sessions.size).toBe(sessions + 1);
    expect(world.youtube.videos.size).toBe(videos);
    expect(await postRow(world, post.id)).toBeUndefined();
  });
});

describe("a publish job past its expiry", () => {
  it("is uploaded once through real pg-boss: one upload session, one video", async () => {
    const { render } = await finishedRender(world, "youtube_short");
    const post = await queuedPost(world, render.id, youtubeAccount, "youtube");
    const sessions = world.youtube.sessions.size;
    const videos = world.youtube.videos.size;
    // The upload outlasts the job's expiry: pg-boss gives up on the attempt and retries the job
    // while the first attempt still uploads.
    world.youtube.uploadDelayMs = 4000;
    const worker = await startWorker();
    let job: PgBoss.JobWithMetadata | null = null;
    try {
      const jobId = await boss.send(
        "publish",
        { publishedVideoId: post.id },
        { expireInSeconds: 1 },
      );
      await until("the job to end", async () => {
        job = await boss.getJobById("publish", jobId!);
        return job?.state === "completed" || job?.state === "failed";
      });
      await until(
        "the post to be published",
        async () => (await postRow(world, post.id)).status === "published",
      );
    } finally {
      await worker.stop();
      world.youtube.uploadDelayMs = 0;
    }
    // The job did run past its expiry and was tried again.
    expect(job!.retryCount).toBeGreaterThan(0);
    expect(world.youtube.sessions.size).toBe(sessions + 1);
    expect(world.youtube.videos.size).toBe(videos + 1);
    const row = await postRow(world, post.id);
    expect(world.youtube.videos.has(row.platformVideoId!)).toBe(true);
  });
});

describe("retrying a post through the API", () => {
  it("queues a failed post again and the worker publishes it; anything else is a 409", async () => {
    const { render } = await finishedRender(world, "youtube_short");
    const post = await queuedPost(world, render.id, youtubeAccount, "youtube");
    const videos = world.youtube.videos.size;
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

    const retried = await call(retryRoute.POST as Route, "POST", {
      published_video_id: String(post.id),
    });
    expect(retried.status).toBe(202);
    const body = await retried.json();
    expect(body.publication).toMatchObject({ id: post.id, status: "queued" });
    expect(body.job_id).toEqual(expect.any(String));

    const worker = await startWorker();
    try {
      await until(
        "the post to be published",
        async () => (await postRow(world, post.id)).status === "published",
      );
    } finally {
      await worker.stop();
    }
    expect(world.youtube.videos.size).toBe(videos + 1);
    const posts = await world.database.db
      .select()
      .from(schema.publishedVideos)
      .where(eq(schema.publishedVideos.renderedVideoId, render.id));
    expect(posts).toHaveLength(1);

    const again = await call(retryRoute.POST as Route, "POST", {
      published_video_id: String(post.id),
    });
    expect(again.status).toBe(409);
    expect((await again.json()).error).toMatchObject({
      code: "not_retryable",
    });
  });
});
