CREATE TYPE "public"."clip_source_status" AS ENUM('queued', 'transcribing', 'selecting', 'rendering', 'completed', 'failed');--> statement-breakpoint
CREATE TABLE "clip_sources" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"site_id" bigint NOT NULL,
	"origin" text NOT NULL,
	"preset" "preset" NOT NULL,
	"count" integer NOT NULL,
	"min_ms" integer NOT NULL,
	"max_ms" integer NOT NULL,
	"scale" real DEFAULT 1 NOT NULL,
	"status" "clip_source_status" DEFAULT 'queued' NOT NULL,
	"transcribe_progress" real DEFAULT 0 NOT NULL,
	"select_progress" real DEFAULT 0 NOT NULL,
	"source_path" text,
	"analysis_path" text,
	"width" integer,
	"height" integer,
	"duration_ms" integer,
	"transcriber" text,
	"selector" text,
	"warnings" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"error" text,
	"worker_id" text,
	"heartbeat_at" timestamp with time zone,
	"attempts" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "clips" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"source_id" bigint NOT NULL,
	"number" integer NOT NULL,
	"first_word" integer NOT NULL,
	"last_word" integer NOT NULL,
	"start_ms" integer NOT NULL,
	"end_ms" integer NOT NULL,
	"score" real NOT NULL,
	"components" jsonb NOT NULL,
	"reason" text,
	"pick" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"title" text,
	"description" text,
	"hashtags" jsonb,
	"status" "render_status" DEFAULT 'queued' NOT NULL,
	"stage" text,
	"reframe_progress" real DEFAULT 0 NOT NULL,
	"render_progress" real DEFAULT 0 NOT NULL,
	"duration_ms" integer,
	"file_size" bigint,
	"folder" text,
	"error" text,
	"worker_id" text,
	"heartbeat_at" timestamp with time zone,
	"attempts" integer DEFAULT 0 NOT NULL,
	"project_id" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "clip_sources" ADD CONSTRAINT "clip_sources_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "clips" ADD CONSTRAINT "clips_source_id_clip_sources_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."clip_sources"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "clips" ADD CONSTRAINT "clips_project_id_video_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."video_projects"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "clip_sources_site_created_idx" ON "clip_sources" USING btree ("site_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "clips_source_number_idx" ON "clips" USING btree ("source_id","number");--> statement-breakpoint
CREATE INDEX "clips_heartbeat_idx" ON "clips" USING btree ("heartbeat_at") WHERE status = 'rendering';