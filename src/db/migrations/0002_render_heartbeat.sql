ALTER TABLE "rendered_videos" ADD COLUMN "worker_id" text;--> statement-breakpoint
ALTER TABLE "rendered_videos" ADD COLUMN "heartbeat_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "rendered_videos_heartbeat_idx" ON "rendered_videos" USING btree ("heartbeat_at") WHERE status = 'rendering';