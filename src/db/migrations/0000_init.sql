CREATE TYPE "public"."account_status" AS ENUM('connected', 'reconnect_required', 'disconnected');--> statement-breakpoint
CREATE TYPE "public"."asset_source" AS ENUM('article_image', 'ai_generated', 'stock_pexels', 'stock_pixabay', 'uploaded', 'rendered');--> statement-breakpoint
CREATE TYPE "public"."asset_type" AS ENUM('image', 'footage', 'music', 'overlay', 'subtitle');--> statement-breakpoint
CREATE TYPE "public"."platform" AS ENUM('youtube', 'instagram', 'tiktok');--> statement-breakpoint
CREATE TYPE "public"."preset" AS ENUM('youtube_long', 'youtube_short', 'instagram_reel', 'tiktok');--> statement-breakpoint
CREATE TYPE "public"."project_status" AS ENUM('draft', 'scripting', 'voiceover', 'composing', 'rendering', 'review', 'published', 'failed');--> statement-breakpoint
CREATE TYPE "public"."publish_status" AS ENUM('queued', 'publishing', 'published', 'failed', 'removed');--> statement-breakpoint
CREATE TYPE "public"."render_status" AS ENUM('queued', 'rendering', 'completed', 'failed', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."review_status" AS ENUM('pending', 'approved', 'rejected');--> statement-breakpoint
CREATE TYPE "public"."video_type" AS ENUM('short', 'medium', 'long');--> statement-breakpoint
CREATE TABLE "api_keys" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"site_id" bigint NOT NULL,
	"name" text NOT NULL,
	"key_hash" text NOT NULL,
	"prefix" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "api_keys_key_hash_unique" UNIQUE("key_hash")
);
--> statement-breakpoint
CREATE TABLE "contents" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"site_id" bigint NOT NULL,
	"title" text NOT NULL,
	"format" text NOT NULL,
	"body" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cost_ledger" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"site_id" bigint NOT NULL,
	"project_id" bigint,
	"operation" text NOT NULL,
	"provider" text NOT NULL,
	"units" real NOT NULL,
	"unit" text NOT NULL,
	"credits" numeric(12, 3) DEFAULT 0 NOT NULL,
	"cost_usd" numeric(12, 6) DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "oauth_states" (
	"state" text PRIMARY KEY NOT NULL,
	"site_id" bigint NOT NULL,
	"platform" "platform" NOT NULL,
	"code_verifier" text,
	"redirect_uri" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "published_videos" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"rendered_video_id" bigint NOT NULL,
	"social_account_id" bigint NOT NULL,
	"platform" "platform" NOT NULL,
	"status" "publish_status" DEFAULT 'queued' NOT NULL,
	"title" text NOT NULL,
	"description" text NOT NULL,
	"tags" text[] DEFAULT '{}' NOT NULL,
	"privacy" text NOT NULL,
	"upload_state" jsonb,
	"platform_video_id" text,
	"published_url" text,
	"error" text,
	"job_id" text,
	"published_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rendered_videos" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"project_id" bigint NOT NULL,
	"preset" "preset" NOT NULL,
	"script_id" bigint NOT NULL,
	"status" "render_status" DEFAULT 'queued' NOT NULL,
	"progress" real DEFAULT 0 NOT NULL,
	"stage" text,
	"eta_ms" integer,
	"job_id" text,
	"attempts" integer DEFAULT 0 NOT NULL,
	"scale" real DEFAULT 1 NOT NULL,
	"resolution" text,
	"duration_ms" integer,
	"file_size" bigint,
	"file_path" text,
	"srt_path" text,
	"vtt_path" text,
	"thumbnail_path" text,
	"props_path" text,
	"metadata" jsonb,
	"error" text,
	"review_status" "review_status" DEFAULT 'pending' NOT NULL,
	"review_comment" text,
	"reviewed_at" timestamp with time zone,
	"render_started_at" timestamp with time zone,
	"render_completed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sites" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"slug" text NOT NULL,
	"settings" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sites_slug_unique" UNIQUE("slug")
);
--> statement-breakpoint
CREATE TABLE "social_accounts" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"site_id" bigint NOT NULL,
	"platform" "platform" NOT NULL,
	"external_id" text NOT NULL,
	"display_name" text NOT NULL,
	"access_token_enc" text NOT NULL,
	"refresh_token_enc" text,
	"token_expires_at" timestamp with time zone,
	"scopes" text[] DEFAULT '{}' NOT NULL,
	"status" "account_status" DEFAULT 'connected' NOT NULL,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "video_assets" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"project_id" bigint NOT NULL,
	"asset_type" "asset_type" NOT NULL,
	"source" "asset_source" NOT NULL,
	"file_path" text NOT NULL,
	"file_url" text DEFAULT '' NOT NULL,
	"alt" text DEFAULT '' NOT NULL,
	"width" integer,
	"height" integer,
	"duration_ms" integer,
	"section_index" integer,
	"focus" jsonb,
	"order" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "video_engagement" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"published_video_id" bigint NOT NULL,
	"views" bigint DEFAULT 0 NOT NULL,
	"likes" bigint DEFAULT 0 NOT NULL,
	"comments" bigint DEFAULT 0 NOT NULL,
	"shares" bigint DEFAULT 0 NOT NULL,
	"watch_time_seconds" bigint DEFAULT 0 NOT NULL,
	"avg_view_duration_sec" real DEFAULT 0 NOT NULL,
	"raw" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"fetched_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "video_projects" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"site_id" bigint NOT NULL,
	"content_id" bigint,
	"title" text NOT NULL,
	"project_type" "video_type",
	"target_presets" "preset"[] NOT NULL,
	"status" "project_status" DEFAULT 'draft' NOT NULL,
	"settings" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"progress" jsonb,
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "video_scripts" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"project_id" bigint NOT NULL,
	"video_type" "video_type" NOT NULL,
	"version" integer NOT NULL,
	"script" jsonb NOT NULL,
	"script_text" text NOT NULL,
	"total_estimated_duration_sec" real NOT NULL,
	"provider" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "voiceovers" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"project_id" bigint NOT NULL,
	"script_id" bigint NOT NULL,
	"provider" text NOT NULL,
	"voice" text NOT NULL,
	"speed" real NOT NULL,
	"voiceover" jsonb NOT NULL,
	"duration_ms" integer NOT NULL,
	"approved_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contents" ADD CONSTRAINT "contents_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cost_ledger" ADD CONSTRAINT "cost_ledger_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cost_ledger" ADD CONSTRAINT "cost_ledger_project_id_video_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."video_projects"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "oauth_states" ADD CONSTRAINT "oauth_states_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "published_videos" ADD CONSTRAINT "published_videos_rendered_video_id_rendered_videos_id_fk" FOREIGN KEY ("rendered_video_id") REFERENCES "public"."rendered_videos"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "published_videos" ADD CONSTRAINT "published_videos_social_account_id_social_accounts_id_fk" FOREIGN KEY ("social_account_id") REFERENCES "public"."social_accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rendered_videos" ADD CONSTRAINT "rendered_videos_project_id_video_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."video_projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rendered_videos" ADD CONSTRAINT "rendered_videos_script_id_video_scripts_id_fk" FOREIGN KEY ("script_id") REFERENCES "public"."video_scripts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "social_accounts" ADD CONSTRAINT "social_accounts_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "video_assets" ADD CONSTRAINT "video_assets_project_id_video_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."video_projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "video_engagement" ADD CONSTRAINT "video_engagement_published_video_id_published_videos_id_fk" FOREIGN KEY ("published_video_id") REFERENCES "public"."published_videos"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "video_projects" ADD CONSTRAINT "video_projects_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "video_projects" ADD CONSTRAINT "video_projects_content_id_contents_id_fk" FOREIGN KEY ("content_id") REFERENCES "public"."contents"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "video_scripts" ADD CONSTRAINT "video_scripts_project_id_video_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."video_projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "voiceovers" ADD CONSTRAINT "voiceovers_project_id_video_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."video_projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "voiceovers" ADD CONSTRAINT "voiceovers_script_id_video_scripts_id_fk" FOREIGN KEY ("script_id") REFERENCES "public"."video_scripts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "api_keys_site_idx" ON "api_keys" USING btree ("site_id");--> statement-breakpoint
CREATE INDEX "contents_site_idx" ON "contents" USING btree ("site_id");--> statement-breakpoint
CREATE INDEX "cost_ledger_project_idx" ON "cost_ledger" USING btree ("project_id");--> statement-breakpoint
CREATE INDEX "cost_ledger_site_created_idx" ON "cost_ledger" USING btree ("site_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "published_videos_once_idx" ON "published_videos" USING btree ("rendered_video_id","social_account_id") WHERE status <> 'removed';--> statement-breakpoint
CREATE INDEX "published_videos_account_idx" ON "published_videos" USING btree ("social_account_id");--> statement-breakpoint
CREATE INDEX "rendered_videos_project_idx" ON "rendered_videos" USING btree ("project_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "rendered_videos_once_idx" ON "rendered_videos" USING btree ("project_id","preset","script_id","scale") WHERE status not in ('failed', 'cancelled');--> statement-breakpoint
CREATE UNIQUE INDEX "social_accounts_external_idx" ON "social_accounts" USING btree ("site_id","platform","external_id");--> statement-breakpoint
CREATE INDEX "video_assets_project_idx" ON "video_assets" USING btree ("project_id");--> statement-breakpoint
CREATE INDEX "video_engagement_published_idx" ON "video_engagement" USING btree ("published_video_id","fetched_at");--> statement-breakpoint
CREATE INDEX "video_projects_site_status_idx" ON "video_projects" USING btree ("site_id","status");--> statement-breakpoint
CREATE INDEX "video_projects_site_created_idx" ON "video_projects" USING btree ("site_id","created_at");--> statement-breakpoint
CREATE INDEX "video_projects_content_idx" ON "video_projects" USING btree ("content_id");--> statement-breakpoint
CREATE UNIQUE INDEX "video_scripts_version_idx" ON "video_scripts" USING btree ("project_id","video_type","version");--> statement-breakpoint
CREATE INDEX "voiceovers_project_idx" ON "voiceovers" USING btree ("project_id");