ALTER TABLE "clip_sources" ADD COLUMN "job_id" text;--> statement-breakpoint
ALTER TABLE "clips" ADD COLUMN "job_id" text;