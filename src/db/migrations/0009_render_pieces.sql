CREATE TYPE "public"."piece_status" AS ENUM('queued', 'rendering', 'done', 'failed', 'cancelled');--> statement-breakpoint
CREATE TABLE "render_pieces" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"rendered_video_id" bigint NOT NULL,
	"index" integer NOT NULL,
	"frame_from" integer NOT NULL,
	"frame_to" integer NOT NULL,
	"status" "piece_status" DEFAULT 'queued' NOT NULL,
	"progress" real DEFAULT 0 NOT NULL,
	"worker_id" text,
	"heartbeat_at" timestamp with time zone,
	"job_id" text,
	"attempts" integer DEFAULT 0 NOT NULL,
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "render_pieces" ADD CONSTRAINT "render_pieces_rendered_video_id_rendered_videos_id_fk" FOREIGN KEY ("rendered_video_id") REFERENCES "public"."rendered_videos"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "render_pieces_render_index_idx" ON "render_pieces" USING btree ("rendered_video_id","index");--> statement-breakpoint
CREATE INDEX "render_pieces_heartbeat_idx" ON "render_pieces" USING btree ("heartbeat_at") WHERE status = 'rendering';