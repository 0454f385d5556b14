ALTER TYPE "public"."publish_status" ADD VALUE 'needs_review';--> statement-breakpoint
CREATE TABLE "content_intake" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"site_id" bigint NOT NULL,
	"source" text NOT NULL,
	"external_id" text NOT NULL,
	"project_id" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notifications" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"site_id" bigint NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"link" text,
	"read_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "published_videos" ADD COLUMN "publish_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "published_videos" ADD COLUMN "retry_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "published_videos" ADD COLUMN "attempts" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "content_intake" ADD CONSTRAINT "content_intake_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "content_intake" ADD CONSTRAINT "content_intake_project_id_video_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."video_projects"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "content_intake_once_idx" ON "content_intake" USING btree ("site_id","source","external_id");--> statement-breakpoint
CREATE INDEX "notifications_site_idx" ON "notifications" USING btree ("site_id","created_at");--> statement-breakpoint
CREATE INDEX "published_videos_publish_at_idx" ON "published_videos" USING btree ("publish_at");