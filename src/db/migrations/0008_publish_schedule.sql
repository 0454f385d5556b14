ALTER TYPE "public"."publish_status" ADD VALUE 'needs_review';--> statement-breakpoint
ALTER TABLE "published_videos" ADD COLUMN "publish_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "published_videos" ADD COLUMN "retry_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "published_videos" ADD COLUMN "attempts" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX "published_videos_publish_at_idx" ON "published_videos" USING btree ("publish_at");