import { z } from "zod";
import { endpointsFromConfig, type Endpoints } from "../endpoints";
import { PlatformApiError, withRetry } from "../http";
import { youtubeJson } from "./upload";
import {
  ENGAGEMENT_RETRY,
  type EngagementOptions,
  type EngagementStats,
} from "../stats";

/** The Data API sends counts as strings; hidden ones are absent. */
const count = z
  .string()
  .regex(/^\d+$/)
  .transform(Number)
  .optional()
  .transform((n) => n ?? null);

const videosSchema = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      snippet: z.object({ publishedAt: z.string() }).loose().optional(),
      statistics: z
        .object({ viewCount: count, likeCount: count, commentCount: count })
        .loose(),
    }),
  ),
});

const reportSchema = z.object({
  columnHeaders: z.array(z.object({ name: z.string() }).loose()),
  // Absent when there is no data yet (new video, or Analytics' two-day lag).
  rows: z.array(z.array(z.union([z.string(), z.number()]))).optional(),
});

const REPORT_METRICS = [
  "views",
  "estimatedMinutesWatched",
  "averageViewDuration",
  "shares",
];

const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Counts from videos.list, watch time and shares from YouTube Analytics. */
export async function fetchYouTubeEngagement(
  videoId: string,
  options: EngagementOptions & {
    endpoints?: Endpoints["youtube"];
    now?: () => number;
  },
): Promise<EngagementStats> {
  const endpoints = options.endpoints ?? endpointsFromConfig().youtube;
  const retry = options.retry ?? ENGAGEMENT_RETRY;
  const now = options.now ?? Date.now;
  const videos = await withRetry("youtube statistics", retry, async () =>
    youtubeJson(
      "videos.list",
      `${endpoints.apiBaseUrl}/youtube/v3/videos?part=statistics,snippet&id=${encodeURIComponent(videoId)}`,
      { method: "GET", accessToken: await options.accessToken() },
      videosSchema,
    ),
  );
  const video = videos.items.find((v) => v.id === videoId);
  if (!video)
    throw new PlatformApiError("youtube", 404, `video ${videoId} not found`, {
      code: "videoNotFound",
    });

  const query = new URLSearchParams({
    ids: "channel==MINE",
    startDate: isoDate(
      video.snippet ? Date.parse(video.snippet.publishedAt) : now(),
    ),
    endDate: isoDate(now()),
    metrics: REPORT_METRICS.join(","),
    dimensions: "video",
    filters: `video==${videoId}`,
  });
  const report = await withRetry("youtube analytics", retry, async () =>
    youtubeJson(
      "reports.query",
      `${endpoints.analyticsBaseUrl}/v2/reports?${query}`,
      { method: "GET", accessToken: await options.accessToken() },
      reportSchema,
    ),
  );
  const row = report.rows?.[0];
  const metric = (name: string) => {
    const index = report.columnHeaders.findIndex((h) => h.name === name);
    if (!row || index < 0) return null;
    const value = Number(row[index]);
    if (!Number.isFinite(value))
      throw new PlatformApiError(
        "youtube",
        200,
        `reports.query: ${name} is not a number: ${row[index]}`,
      );
    return value;
  };
  const minutes = metric("estimatedMinutesWatched");
  return {
    views: video.statistics.viewCount,
    likes: video.statistics.likeCount,
    comments: video.statistics.commentCount,
    shares: metric("shares"),
    watchTimeSeconds: minutes === null ? null : minutes * 60,
    avgViewDurationSec: metric("averageViewDuration"),
    raw: { statistics: video.statistics, report },
  };
}
