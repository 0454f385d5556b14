CREATE TABLE "visual_plans" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"project_id" bigint NOT NULL,
	"script_id" bigint NOT NULL,
	"preset" "preset" NOT NULL,
	"sections" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "video_assets" ADD COLUMN "credit" jsonb;--> statement-breakpoint
ALTER TABLE "visual_plans" ADD CONSTRAINT "visual_plans_project_id_video_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."video_projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "visual_plans" ADD CONSTRAINT "visual_plans_script_id_video_scripts_id_fk" FOREIGN KEY ("script_id") REFERENCES "public"."video_scripts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "visual_plans_script_preset_idx" ON "visual_plans" USING btree ("project_id","script_id","preset");