import { and, eq } from "drizzle-orm";
import type { Config } from "../../config";
import type { Database } from "../../db";
import { publishedVideos, videoEngagement } from "../../db/schema";
import { log } from "../../log";
import {
  endpointsFromConfig,
  platformAdapter,
  ReconnectRequiredError,
  type EngagementStats,
} from "../../platforms";
import { accountAccess } from "../../services/social-accounts";
import type { JobHandler } from "../context";

/** Videos fetched at once: the platforms rate-limit per account, and this runs in the background. */
const CONCURRENCY = 2;

export type EngagementFetch =
  | {
      publishedVideoId: number;
      platform: string;
      ok: true;
      stats: EngagementStats;
    }
  | {
      publishedVideoId: number;
      platform: string;
      ok: false;
      error: string;
      reconnect: boolean;
    };

type PostToMeasure = Pick<
  typeof publishedVideos.$inferSelect,
  "id" | "platform" | "platformVideoId" | "socialAccountId"
>;

async function fetchStats(
  database: Database,
  config: Config,
  post: PostToMeasure,
): Promise<EngagementStats> {
  const { accessToken } = await accountAccess(
    database.db,
    post.socialAccountId,
    config,
  );
  return platformAdapter(post.platform).engagement(post.platformVideoId!, {
    accessToken,
    endpoints: endpointsFromConfig(config),
  });
}

async function measure(
  database: Database,
  config: Config,
  post: PostToMeasure,
): Promise<EngagementFetch> {
  const base = { publishedVideoId: post.id, platform: post.platform };
  try {
    const stats = await fetchStats(database, config, post);
    await database.db.insert(videoEngagement).values({
      publishedVideoId: post.id,
      views: stats.views ?? 0,
      likes: stats.likes ?? 0,
      comments: stats.comments ?? 0,
      shares: stats.shares ?? 0,
      watchTimeSeconds:
        stats.watchTimeSeconds === null
          ? null
          : Math.round(stats.watchTimeSeconds),
      avgViewDurationSec: stats.avgViewDurationSec,
      raw: { ...(stats.raw as object) },
    });
    return { ...base, ok: true, stats };
  } catch (error) {
    // accountAccess has marked the account; the post itself stays published.
    const reconnect = error instanceof ReconnectRequiredError;
    log.warn(
      { err: error, publishedVideoId: post.id, reconnect },
      "fetching engagement failed",
    );
    return {
      ...base,
      ok: false,
      error: error instanceof Error ? error.message : String(error),
      reconnect,
    };
  }
}

/**
 * Fetches the numbers of one published video, or of every published one, and stores each as a
 * `video_engagement` row (a missing number as 0; the platform's answer is kept in `raw`). One
 * video failing does not stop the others.
 */
export async function fetchEngagement(
  database: Database,
  config: Config,
  publishedVideoId?: number,
): Promise<EngagementFetch[]> {
  const posts = await database.db
    .select({
      id: publishedVideos.id,
      platform: publishedVideos.platform,
      platformVideoId: publishedVideos.platformVideoId,
      socialAccountId: publishedVideos.socialAccountId,
    })
    .from(publishedVideos)
    .where(
      and(
        eq(publishedVideos.status, "published"),
        publishedVideoId === undefined
          ? undefined
          : eq(publishedVideos.id, publishedVideoId),
      ),
    )
    .orderBy(publishedVideos.id);
  const pending = posts.filter((post) => post.platformVideoId);
  const results: EngagementFetch[] = [];
  const next = async () => {
    for (let post = pending.shift(); post; post = pending.shift())
      results.push(await measure(database, config, post));
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, next));
  return results.sort((a, b) => a.publishedVideoId - b.publishedVideoId);
}

/** The `engagement` queue: on demand for one video, every 12 hours for all (see the worker). */
export const engagementHandler: JobHandler<"engagement"> = async (
  { publishedVideoId },
  _job,
  context,
) => {
  const results = await fetchEngagement(
    context.database,
    context.config,
    publishedVideoId,
  );
  return {
    fetched: results.filter((r) => r.ok).length,
    failed: results.filter((r) => !r.ok).length,
  };
};
