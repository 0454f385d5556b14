ALTER TABLE "video_engagement" ALTER COLUMN "watch_time_seconds" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "video_engagement" ALTER COLUMN "watch_time_seconds" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "video_engagement" ALTER COLUMN "avg_view_duration_sec" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "video_engagement" ALTER COLUMN "avg_view_duration_sec" DROP NOT NULL;--> statement-breakpoint
-- TikTok reports no watch time: the zeros stored for it so far meant "unknown".
UPDATE "video_engagement" SET "watch_time_seconds" = NULL, "avg_view_duration_sec" = NULL
 WHERE "published_video_id" IN (SELECT "id" FROM "published_videos" WHERE "platform" = 'tiktok');
