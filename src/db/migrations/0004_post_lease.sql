ALTER TABLE "published_videos" ADD COLUMN "worker_id" text;--> statement-breakpoint
ALTER TABLE "published_videos" ADD COLUMN "heartbeat_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "published_videos_heartbeat_idx" ON "published_videos" USING btree ("heartbeat_at") WHERE status = 'publishing';