CREATE TYPE "public"."render_quality" AS ENUM('draft', 'standard', 'high', 'premium');--> statement-breakpoint
ALTER TYPE "public"."preset" ADD VALUE 'youtube_medium' BEFORE 'youtube_short';--> statement-breakpoint
ALTER TYPE "public"."preset" ADD VALUE 'instagram_square' BEFORE 'tiktok';--> statement-breakpoint
ALTER TYPE "public"."preset" ADD VALUE 'instagram_feed' BEFORE 'tiktok';--> statement-breakpoint
DROP INDEX "rendered_videos_once_idx";--> statement-breakpoint
ALTER TABLE "rendered_videos" ADD COLUMN "quality" "render_quality" DEFAULT 'standard' NOT NULL;--> statement-breakpoint
ALTER TABLE "video_projects" ADD COLUMN "warning" text;--> statement-breakpoint
CREATE UNIQUE INDEX "rendered_videos_once_idx" ON "rendered_videos" USING btree ("project_id","preset","script_id","scale","quality") WHERE status not in ('failed', 'cancelled');