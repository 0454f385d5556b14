import { diffWords } from "diff";
import { and, desc, eq, sql } from "drizzle-orm";
import { schema } from "../db";
import { sendJob, type Priority } from "../jobs/queues";
import {
  narrationSegments,
  scriptSections,
  type Script,
  type VideoType,
} from "../pipeline/script/script";
import { services } from "./context";
import { conflict } from "./errors";
import { findOwned } from "./owned";
import { parseStoredScript } from "./projects/stages";
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
  provider: "edited" | "restored" = "edited",
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
        provider,
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

/** How many versions the list shows, newest first. */
const VERSIONS_LISTED = 100;

/** The project's script versions, newest first, of one type or of all. */
export async function listScriptVersions(
  siteId: number,
  projectId: number,
  videoType?: VideoType,
) {
  await findProject(siteId, projectId);
  const { db } = (await services()).database;
  return db
    .select()
    .from(videoScripts)
    .where(
      and(
        eq(videoScripts.projectId, projectId),
        videoType ? eq(videoScripts.videoType, videoType) : undefined,
      ),
    )
    .orderBy(desc(videoScripts.createdAt), desc(videoScripts.id))
    .limit(VERSIONS_LISTED);
}

async function findScriptVersion(
  siteId: number,
  projectId: number,
  scriptId: number,
) {
  return findOwned(
    await projectDatabase(siteId, projectId),
    videoScripts,
    scriptId,
    [videoScripts.projectId, projectId],
    "script version",
  );
}

type WordChange = { op: "equal" | "added" | "removed"; text: string };

/**
 * What changed from one version to another, section by section (hook, intro, each point, CTA),
 * word by word; a section only one of them has is all added or all removed.
 */
export async function compareScriptVersions(
  siteId: number,
  projectId: number,
  fromId: number,
  toId: number,
) {
  const [from, to] = await Promise.all([
    findScriptVersion(siteId, projectId, fromId),
    findScriptVersion(siteId, projectId, toId),
  ]);
  const [older, newer] = [parseStoredScript(from), parseStoredScript(to)];
  const before = scriptSections(older);
  const after = scriptSections(newer);
  const sections = Array.from(
    { length: Math.max(before.length, after.length) },
    (_, index) => {
      const old = before[index]?.text ?? "";
      const now = after[index]?.text ?? "";
      const changes: WordChange[] = diffWords(old, now).map((part) => ({
        op: part.added ? "added" : part.removed ? "removed" : "equal",
        text: part.value,
      }));
      return {
        index,
        kind: (after[index] ?? before[index]).kind,
        changed: old !== now,
        changes,
      };
    },
  );
  return { from, to, titleChanged: older.title !== newer.title, sections };
}

/** Makes an earlier version the newest again: a new version with the same script. */
export async function restoreScriptVersion(
  siteId: number,
  projectId: number,
  scriptId: number,
) {
  const row = await findScriptVersion(siteId, projectId, scriptId);
  return saveEditedScript(
    siteId,
    projectId,
    parseStoredScript(row),
    "restored",
  );
}
