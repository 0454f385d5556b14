import type PgBoss from "pg-boss";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { schema } from "../../src/db";
import { narrationTarget } from "../../src/pipeline/compose";
import { stageTools } from "../../src/pipeline/stages";
import type { WorkContext } from "../../src/services/context";
import { narrateGroup } from "../../src/services/projects/stages";
import { bigArticle } from "../helpers/articles";
import { createJobsTestEnv, createProject, type JobsTestEnv } from "./helpers";

/** The job chain fits a narration to its presets as the CLI does, keeping every version it wrote. */
describe("the job chain's narration fitting", () => {
  let env: JobsTestEnv;
  beforeAll(async () => {
    env = await createJobsTestEnv();
  });
  afterAll(async () => {
    await env?.dispose();
  });

  it("rewrites the script at the voice's real pace until a slow voice fits youtube_short", async () => {
    const { project } = await createProject(env, {
      presets: ["youtube_short"],
      article: bigArticle(20_000),
    });
    const [slow] = await env.database.db
      .update(schema.videoProjects)
      .set({ settings: { speed: 0.8 } })
      .where(eq(schema.videoProjects.id, project.id))
      .returning();
    const context: WorkContext = {
      database: env.database,
      // Narrating sends no job.
      boss: null as unknown as PgBoss,
      storage: env.storage,
      config: env.config,
      tools: stageTools(env.config),
    };
    const stages: string[] = [];
    const group = {
      type: "short" as const,
      presets: ["youtube_short" as const],
    };
    const script = await narrateGroup(
      context,
      slow,
      group,
      undefined,
      async (s) => {
        stages.push(s);
      },
    );

    const versions = await env.database.db
      .select()
      .from(schema.videoScripts)
      .where(eq(schema.videoScripts.projectId, project.id));
    const narrations = await env.database.db
      .select()
      .from(schema.voiceovers)
      .where(eq(schema.voiceovers.projectId, project.id));
    // The first narration missed: at least one more script and narration were made.
    expect(versions.length).toBeGreaterThan(1);
    expect(narrations.length).toBeGreaterThan(1);
    expect(stages.filter((s) => s === "voiceover").length).toBe(
      narrations.length,
    );
    const last = narrations.find((n) => n.scriptId === script.id)!;
    const target = narrationTarget("short", ["youtube_short"]);
    expect(last.durationMs / 1000).toBeGreaterThanOrEqual(target.min);
    expect(last.durationMs / 1000).toBeLessThanOrEqual(target.max);
  }, 600_000);
});
