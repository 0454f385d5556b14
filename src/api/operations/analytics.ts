import { z } from "zod";
import { PLATFORM_IDS } from "../../platforms/limits";
import { publicationSchema } from "./publishing";
import { idText, ok, timestamp, V, resource } from "./shared";

/** The counts every platform reports. */
const countsSchema = z.object({
  views: z.number(),
  likes: z.number(),
  comments: z.number(),
  shares: z.number(),
});

export const totalsSchema = z.object({
  videos: z.number(),
  ...countsSchema.shape,
  watch_time_seconds: z
    .number()
    .nullable()
    .describe(
      "null when no platform of these videos reports watch time (TikTok does not)",
    ),
});

export const siteAnalyticsSchema = z.object({
  totals: totalsSchema,
  platforms: z.partialRecord(z.enum(PLATFORM_IDS), totalsSchema),
});

export const timelinePointSchema = z.object({
  fetched_at: timestamp,
  ...countsSchema.shape,
  watch_time_seconds: z
    .number()
    .nullable()
    .describe("null when the platform does not report it (TikTok)"),
  avg_view_duration_sec: z.number().nullable(),
});

export const videoAnalyticsSchema = z.object({
  publication: publicationSchema,
  timeline: z.array(timelinePointSchema),
});

export const analyticsOperations = resource(
  { tag: "analytics", permission: "analytics.read" },
  {
    analytics: {
      method: "GET",
      path: `${V}/analytics/`,
      summary:
        "Totals across the site's published videos (each video's latest numbers), per platform",
      responses: { 200: ok(siteAnalyticsSchema) },
    },
    videoAnalytics: {
      method: "GET",
      path: `${V}/analytics/{published_video_id}/`,
      summary: "One published video's numbers over time",
      params: z.object({ published_video_id: idText }),
      responses: { 200: ok(videoAnalyticsSchema) },
    },
  },
);
