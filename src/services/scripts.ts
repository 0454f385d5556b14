import { and, eq, sql } from "drizzle-orm";
import { schema } from "../db";
import { sendJob, type Priority } from "../jobs/queues";
import { narrationSegments, type Script } from "../pipeline/script/script";
import { services } from "./context";
import { conflict } from "./errors";
import { findProject, projectDatabase } from "./projects";

const { videoScripts } = schema;

const UNIQUE_VIOLATION = "23505";

/** Queues a new script for the project (the script job writes the next version). */
export async function requestScript(
  siteId: number,
  request: {
    projectId: number;
    provider?: "extractive" | "openai";
    priority: Priority;
  },
) {
  await findProject(siteId, request.projectId);
  const { queues } = await services();
  return sendJob(
    "script",
    { projectId: request.projectId, provider: request.provider },
    {
      priority: request.priority,
      singletonKey: `script:${request.projectId}`,
      boss: await queues(),
    },
  );
}

/**
 * Saves an edited script as the next version of its type; earlier versions (and the renders
 * made from them) stay as they were.
 */
export async function saveEditedScript(
  siteId: number,
  projectId: number,
  script: Script,
) {
  const db = await projectDatabase(siteId, projectId);
  try {
    const [row] = await db
      .insert(videoScripts)
      .values({
        projectId,
        videoType: script.type,
        version: sql`(select coalesce(max(${videoScripts.version}), 0) + 1 from ${videoScripts}
          where ${and(eq(videoScripts.projectId, projectId), eq(videoScripts.videoType, script.type))})`,
        script,
        scriptText: narrationSegments(script).join("\n\n"),
        totalEstimatedDurationSec: script.totalEstimatedDurationSec,
        provider: "edited",
      })
      .returning();
    return row;
  } catch (error) {
    if (
      (error as { cause?: { code?: string } }).cause?.code === UNIQUE_VIOLATION
    )
      throw conflict(
        "script_version_conflict",
        "Another version of this script was saved at the same moment; load it and edit again",
      );
    throw error;
  }
}
