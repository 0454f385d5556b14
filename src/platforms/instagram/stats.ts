import { z } from "zod";
import { endpointsFromConfig, type Endpoints } from "../endpoints";
import { withRetry } from "../http";
import { graphJson } from "./upload";
import {
  ENGAGEMENT_RETRY,
  type EngagementOptions,
  type EngagementStats,
} from "../stats";

/** `plays` and `impressions` were retired; `views` replaced them. */
export const INSTAGRAM_REEL_METRICS = [
  "views",
  "likes",
  "comments",
  "shares",
  "saved",
  "reach",
  "ig_reels_avg_watch_time",
  "ig_reels_video_view_total_time",
];

const insightsSchema = z.object({
  data: z.array(
    z.object({
      name: z.string(),
      values: z.array(z.object({ value: z.number() })).min(1),
    }),
  ),
});

/** Reel insights; Instagram reports watch times in milliseconds. */
export async function fetchInstagramEngagement(
  mediaId: string,
  options: EngagementOptions & { endpoints?: Endpoints["instagram"] },
): Promise<EngagementStats> {
  const endpoints = options.endpoints ?? endpointsFromConfig().instagram;
  const insights = await withRetry(
    "instagram insights",
    options.retry ?? ENGAGEMENT_RETRY,
    async () =>
      graphJson(
        "insights",
        endpoints,
        await options.accessToken(),
        "GET",
        `${mediaId}/insights`,
        { metric: INSTAGRAM_REEL_METRICS.join(",") },
        insightsSchema,
      ),
  );
  const metric = (name: string) =>
    insights.data.find((m) => m.name === name)?.values[0].value ?? null;
  const seconds = (ms: number | null) => (ms === null ? null : ms / 1000);
  return {
    views: metric("views"),
    likes: metric("likes"),
    comments: metric("comments"),
    shares: metric("shares"),
    watchTimeSeconds: seconds(metric("ig_reels_video_view_total_time")),
    avgViewDurationSec: seconds(metric("ig_reels_avg_watch_time")),
    raw: insights,
  };
}
