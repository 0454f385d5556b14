import { z } from "zod";
import { endpointsFromConfig, type Endpoints } from "../endpoints";
import { PlatformApiError, withRetry } from "../http";
import { tiktokApi } from "./upload";
import {
  ENGAGEMENT_RETRY,
  type EngagementOptions,
  type EngagementStats,
} from "../stats";

const FIELDS = [
  "id",
  "view_count",
  "like_count",
  "comment_count",
  "share_count",
];

const querySchema = z.object({
  videos: z.array(
    z.object({
      id: z.string(),
      view_count: z.number().optional(),
      like_count: z.number().optional(),
      comment_count: z.number().optional(),
      share_count: z.number().optional(),
    }),
  ),
});

/** Display API video/query; TikTok reports no watch time, and only public videos are found. */
export async function fetchTikTokEngagement(
  videoId: string,
  options: EngagementOptions & { endpoints?: Endpoints["tiktok"] },
): Promise<EngagementStats> {
  const endpoints = options.endpoints ?? endpointsFromConfig().tiktok;
  const { videos } = await withRetry(
    "tiktok video query",
    options.retry ?? ENGAGEMENT_RETRY,
    async () =>
      tiktokApi(
        "video/query",
        `${endpoints.apiBaseUrl}/v2/video/query/?fields=${FIELDS.join(",")}`,
        await options.accessToken(),
        { filters: { video_ids: [videoId] } },
        querySchema,
      ),
  );
  const video = videos.find((v) => v.id === videoId);
  if (!video)
    throw new PlatformApiError(
      "tiktok",
      200,
      `video ${videoId} not found (TikTok only reports public videos)`,
      { code: "not_found" },
    );
  return {
    views: video.view_count ?? null,
    likes: video.like_count ?? null,
    comments: video.comment_count ?? null,
    shares: video.share_count ?? null,
    watchTimeSeconds: null,
    avgViewDurationSec: null,
    raw: video,
  };
}
