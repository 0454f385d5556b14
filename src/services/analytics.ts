import { and, asc, eq, sql } from "drizzle-orm";
import type { Config } from "../config";
import { schema, type Database } from "../db";
import { log } from "../log";
import {
  endpointsFromConfig,
  platformAdapter,
  ReconnectRequiredError,
  type EngagementStats,
} from "../platforms";
import { accountAccess } from "./social-accounts";
import { services } from "./context";
import { findPublication } from "./publications";

const { publishedVideos, videoEngagement } = schema;

export type Totals = {
  videos: number;
  views: number;
  likes: number;
  comments: number;
  shares: number;
  /** Null when none of the videos' platforms reports watch time (TikTok does not). */
  watch_time_seconds: number | null;
};

const COUNTS = ["videos", "views", "likes", "comments", "shares"] as const;

const emptyTotals = (): Totals => ({
  videos: 0,
  views: 0,
  likes: 0,
  comments: 0,
  shares: 0,
  watch_time_seconds: 0,
});

/**
 * The site's numbers: each published video's latest record (records are cumulative snapshots,
 * so adding them up over time would count views twice), summed per platform and overall.
 */
export async function siteAnalytics(siteId: number) {
  const { db } = (await services()).database;
  const { rows } = await db.execute<
    Record<keyof Totals | "platform", string | null> & { platform: string }
  >(sql`
    with latest as (
      select distinct on (e.published_video_id) e.*, p.platform
        from video_engagement e
        join published_videos p on p.id = e.published_video_id
        join rendered_videos r on r.id = p.rendered_video_id
        join video_projects v on v.id = r.project_id
       where v.site_id = ${siteId}
       order by e.published_video_id, e.fetched_at desc, e.id desc
    )
    select platform, count(*) as videos, sum(views) as views, sum(likes) as likes,
           sum(comments) as comments, sum(shares) as shares,
           sum(watch_time_seconds) as watch_time_seconds
      from latest group by platform order by platform`);
  const totals = emptyTotals();
  const platforms: Record<string, Totals> = {};
  for (const row of rows) {
    const platform: Totals = {
      videos: Number(row.videos),
      views: Number(row.views),
      likes: Number(row.likes),
      comments: Number(row.comments),
      shares: Number(row.shares),
      // sum() of nothing but nulls is null: the platform reports no watch time.
      watch_time_seconds:
        row.watch_time_seconds === null ? null : Number(row.watch_time_seconds),
    };
    for (const key of COUNTS) totals[key] += platform[key];
    platforms[row.platform] = platform;
  }
  const known = Object.values(platforms)
    .map((p) => p.watch_time_seconds)
    .filter((sec) => sec !== null);
  totals.watch_time_seconds =
    rows.length > 0 && known.length === 0
      ? null
      : known.reduce((sum, sec) => sum + sec, 0);
  return { totals, platforms };
}

/** One published video's records, oldest first. */
export async function videoAnalytics(siteId: number, publicationId: number) {
  const publication = await findPublication(siteId, publicationId);
  const { db } = (await services()).database;
  const timeline = await db
    .select({
      fetchedAt: videoEngagement.fetchedAt,
      views: videoEngagement.views,
      likes: videoEngagement.likes,
      comments: videoEngagement.comments,
      shares: videoEngagement.shares,
      watchTimeSeconds: videoEngagement.watchTimeSeconds,
      avgViewDurationSec: videoEngagement.avgViewDurationSec,
    })
    .from(videoEngagement)
    .where(eq(videoEngagement.publishedVideoId, publicationId))
    .orderBy(asc(videoEngagement.fetchedAt), asc(videoEngagement.id));
  return { publication, timeline };
}

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
