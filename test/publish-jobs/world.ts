import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type PgBoss from "pg-boss";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll } from "vitest";
import { PRESETS, type PresetId } from "../../src/compositions/presets";
import { loadConfig } from "../../src/config";
import { startQueues } from "../../src/jobs/queues";
import { schema } from "../../src/db";
import type { JobContext } from "../../src/jobs/context";
import { renderKeys } from "../../src/services/renders/files";
import { MediaStore } from "../../src/pipeline/media-store";
import { LocalStorage } from "../../src/storage";
import { setUpAccountsWorld, type AccountsWorld } from "../accounts/setup";
import { makeVideo } from "../platforms/fixtures";

export type PublishWorld = AccountsWorld & {
  boss: PgBoss;
  dir: string;
  storage: LocalStorage;
  context: JobContext;
};

/**
 * The accounts world (database, one site, the three fake platforms) plus a storage root and the
 * job context the publish and engagement handlers run with.
 */
export function setUpPublishWorld(
  extraEnv: Record<string, string> = {},
): PublishWorld {
  const world = setUpAccountsWorld() as PublishWorld;
  beforeAll(async () => {
    world.env = {
      ...world.env,
      YOUTUBE_ANALYTICS_BASE_URL: world.youtube.url,
      INSTAGRAM_UPLOAD_BASE_URL: world.instagram.url,
      ...extraEnv,
    };
    world.config = loadConfig(world.env);
    world.dir = await mkdtemp(path.join(tmpdir(), "rw-publish-jobs-"));
    world.storage = new LocalStorage(path.join(world.dir, "storage"));
    await mkdir(path.join(world.dir, "media"), { recursive: true });
    // The queues take their retry policy from the same environment as the test that made them.
    world.boss = await startQueues(world.database, {
      ...process.env,
      ...extraEnv,
    });
    world.context = {
      database: world.database,
      boss: world.boss,
      storage: world.storage,
      config: world.config,
      tools: { store: new MediaStore(path.join(world.dir, "media")) },
      shutdown: new AbortController().signal,
      workerId: "test",
      timing: { progressIntervalMs: 500, heartbeatMs: 500, staleAfterMs: 3000 },
    } as unknown as JobContext;
  });
  afterAll(async () => {
    await world.boss?.stop({ graceful: false, wait: true });
    if (world.dir) await rm(world.dir, { recursive: true, force: true });
  });
  return world;
}

/** What the handlers read of a pg-boss job: which attempt this is. */
export const attempt = (retryCount = 0) =>
  ({ retryCount, retryLimit: 2 }) as PgBoss.JobWithMetadata<unknown>;

/**
 * A project with a finished, approved render of `preset`: a real MP4 (by Debian's ffmpeg) at
 * `size` (the preset's own by default) in storage, plus an SRT.
 */
export async function finishedRender(
  world: PublishWorld,
  preset: PresetId,
  size?: { width: number; height: number; crf?: number },
) {
  const { db } = world.database;
  const [content] = await db
    .insert(schema.contents)
    .values({
      siteId: world.siteId,
      title: "Why the sea is blue",
      format: "markdown",
      body: "# Why the sea is blue",
    })
    .returning();
  const [project] = await db
    .insert(schema.videoProjects)
    .values({
      siteId: world.siteId,
      contentId: content.id,
      title: "Why the sea is blue",
      targetPresets: [preset],
      status: "review",
    })
    .returning();
  const [script] = await db
    .insert(schema.videoScripts)
    .values({
      projectId: project.id,
      videoType: "short",
      version: 1,
      script: {},
      scriptText: "Water drinks the red light.",
      totalEstimatedDurationSec: 2,
      provider: "test",
    })
    .returning();
  const [render] = await db
    .insert(schema.renderedVideos)
    .values({
      projectId: project.id,
      preset,
      scriptId: script.id,
      status: "completed",
      reviewStatus: "approved",
      metadata: {
        title: "Why the sea is blue",
        description: "Sunlight, water and a little physics. #ocean",
        tags: ["ocean", "light"],
      },
    })
    .returning();
  const keys = renderKeys(render);
  await mkdir(world.storage.resolve(keys.folder), { recursive: true });
  const spec = PRESETS[preset];
  await makeVideo(world.storage.resolve(keys.video), {
    width: size?.width ?? spec.width,
    height: size?.height ?? spec.height,
    seconds: 1,
    crf: size?.crf,
  });
  await world.storage.write(keys.srt, (file) =>
    writeFile(
      file,
      "1\n00:00:00,000 --> 00:00:01,000\nWater drinks the red light.\n",
    ),
  );
  await db
    .update(schema.renderedVideos)
    .set({ filePath: keys.video, srtPath: keys.srt })
    .where(eq(schema.renderedVideos.id, render.id));
  return { project, render: { ...render, filePath: keys.video } };
}

/** A queued post of a render to an account, as `publishRender` leaves it. */
export async function queuedPost(
  world: PublishWorld,
  renderedVideoId: number,
  socialAccountId: number,
  platform: (typeof schema.publishedVideos.$inferSelect)["platform"],
  privacy = "public",
) {
  const [post] = await world.database.db
    .insert(schema.publishedVideos)
    .values({
      renderedVideoId,
      socialAccountId,
      platform,
      title: "Why the sea is blue",
      description: "Sunlight, water and a little physics. #ocean",
      tags: ["ocean", "light"],
      privacy,
    })
    .returning();
  return post;
}

export async function postRow(world: PublishWorld, id: number) {
  const [row] = await world.database.db
    .select()
    .from(schema.publishedVideos)
    .where(eq(schema.publishedVideos.id, id));
  return row;
}
