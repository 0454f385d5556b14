import { and, desc, eq, max } from "drizzle-orm";
import type { PresetId } from "../../compositions/presets";
import type { Config } from "../../config";
import {
  contents,
  videoProjects,
  videoScripts,
  voiceovers,
  type VideoProject,
  type VideoScriptRow,
} from "../../db/schema";
import {
  ArticleError,
  storedContent,
  type Article,
  type Content,
} from "../../pipeline/content";
import { MEDIA_PREFIX } from "../../pipeline/media-store";
import {
  narrationSegments,
  scriptSchema,
  type Script,
  type VideoType,
} from "../../pipeline/script/script";
import type { ScriptInput } from "../../pipeline/script";
import { storyboardScript } from "../../pipeline/script/storyboard";
import { rescriptPace, scriptStage, voiceStage } from "../../pipeline/stages";
import {
  voiceoverSchema,
  type Voiceover,
} from "../../pipeline/voice/voiceover";
import type { WorkContext } from "../context";
import { PermanentJobError } from "../errors";
import { parseProjectSettings } from "./settings";
import { recordCost, ttsOperation } from "../cost-ledger";
import { typeOfPreset } from "../renders/lifecycle";

/**
 * The project-level stages as the jobs run them: the article from its `contents` row, a new script
 * version, a narration of it. Each stores its output in its table, so a chain that stops resumes
 * at the first stage with nothing stored.
 */

export async function loadProject(
  context: WorkContext,
  projectId: number,
): Promise<VideoProject> {
  const [project] = await context.database.db
    .select()
    .from(videoProjects)
    .where(eq(videoProjects.id, projectId));
  if (!project)
    throw new PermanentJobError(`Video project ${projectId} does not exist`);
  return project;
}

export async function setProjectStage(
  context: WorkContext,
  projectId: number,
  change: {
    status?: VideoProject["status"];
    stage: string;
    percent: number;
    error?: string | null;
  },
) {
  await context.database.db
    .update(videoProjects)
    .set({
      ...(change.status ? { status: change.status } : {}),
      progress: { stage: change.stage, percent: change.percent },
      ...(change.error !== undefined ? { error: change.error } : {}),
    })
    .where(eq(videoProjects.id, projectId));
}

/** The article the project was made from (the service stores its text and format). */
export async function loadArticle(
  context: Pick<WorkContext, "database">,
  project: VideoProject,
): Promise<Article | null> {
  return (await loadContent(context, project))?.article ?? null;
}

/** The project's article (and storyboard), and how the script stage reads it. */
export async function loadContent(
  context: Pick<WorkContext, "database">,
  project: VideoProject,
): Promise<(Content & { input: ScriptInput }) | null> {
  if (project.contentId === null) return null;
  const [content] = await context.database.db
    .select()
    .from(contents)
    .where(eq(contents.id, project.contentId));
  if (!content) return null;
  try {
    return storedContent(content);
  } catch (error) {
    if (error instanceof ArticleError)
      throw new PermanentJobError(
        `The article "${content.title}" cannot be read: ${error.message}`,
      );
    throw error;
  }
}

/** Target presets grouped by the script type they share. */
export function scriptGroups(project: VideoProject) {
  const groups = new Map<VideoType, PresetId[]>();
  for (const preset of project.targetPresets) {
    const type = typeOfPreset(project, preset);
    groups.set(type, [...(groups.get(type) ?? []), preset]);
  }
  return groups;
}

/** Writes a script for `presets` from the article and stores it as the type's next version. */
export async function writeScriptVersion(
  context: WorkContext,
  project: VideoProject,
  group: { type: VideoType; presets: PresetId[] },
  options: {
    provider?: Config["SCRIPT_PROVIDER"];
    wordsPerMinute?: number;
  } = {},
): Promise<VideoScriptRow> {
  const content = await loadContent(context, project);
  if (!content)
    throw new PermanentJobError(
      "The project has no article to write a script from",
    );
  const { article, input, storyboard } = content;
  // A storyboard is narrated as written: its scenes are the script, no provider is asked.
  if (storyboard)
    return insertScriptVersion(
      context,
      project.id,
      storyboardScript(storyboard, article, group.type),
      "storyboard",
    );
  const provider = options.provider ?? context.config.SCRIPT_PROVIDER;
  const { script } = await scriptStage(
    context.tools,
    article,
    { ...group, wordsPerMinute: options.wordsPerMinute, input },
    provider,
  );
  const row = await insertScriptVersion(context, project.id, script, provider);
  await recordCost(context.database.db, {
    siteId: project.siteId,
    projectId: project.id,
    operation: "video_script_generation",
    provider,
    units: 1,
  });
  return row;
}

async function insertScriptVersion(
  context: WorkContext,
  projectId: number,
  script: Script,
  provider: string,
): Promise<VideoScriptRow> {
  const { db } = context.database;
  // Two writers racing for a version number: the unique index refuses one, which takes the next.
  for (let attempt = 0; ; attempt++) {
    const [{ latest }] = await db
      .select({ latest: max(videoScripts.version) })
      .from(videoScripts)
      .where(
        and(
          eq(videoScripts.projectId, projectId),
          eq(videoScripts.videoType, script.type),
        ),
      );
    const [row] = await db
      .insert(videoScripts)
      .values({
        projectId,
        videoType: script.type,
        version: (latest ?? 0) + 1,
        script,
        scriptText: narrationSegments(script).join("\n\n"),
        totalEstimatedDurationSec: script.totalEstimatedDurationSec,
        provider,
      })
      .onConflictDoNothing()
      .returning();
    if (row) return row;
    if (attempt === 5)
      throw new Error("Could not store the script: its version kept clashing");
  }
}

export type StoredVoiceover = {
  id: number;
  /** `audioFile` is the narration's media-store src (`media/….wav`), not a path. */
  voiceover: Voiceover;
};

/** Narrates a stored script version with the project's voice and stores the narration. */
export async function narrateScriptVersion(
  context: WorkContext,
  project: VideoProject,
  scriptRow: VideoScriptRow,
): Promise<StoredVoiceover> {
  const settings = parseProjectSettings(project.settings);
  const script = parseStoredScript(scriptRow);
  let voiced;
  try {
    voiced = await voiceStage(context.tools, script, {
      voice: settings.voice,
      speed: settings.voice?.speed,
    });
  } catch (error) {
    // The voice stage falls back to silence on provider failures; what is left is a bad request.
    if ((error as Error).message.startsWith("Invalid narration request"))
      throw new PermanentJobError((error as Error).message);
    throw error;
  }
  const audioSrc = await context.tools.store.putFile(
    voiced.voiceover.audioFile,
  );
  const voiceover = { ...voiced.voiceover, audioFile: audioSrc };
  const [row] = await context.database.db
    .insert(voiceovers)
    .values({
      projectId: project.id,
      scriptId: scriptRow.id,
      provider: voiceover.provider,
      voice: voiceover.voice,
      speed: voiceover.speed,
      voiceover,
      durationMs: Math.round(voiceover.durationMs),
    })
    .returning({ id: voiceovers.id });
  await context.database.db
    .update(videoProjects)
    .set({ warning: voiceover.warnings.join("\n") || null })
    .where(eq(videoProjects.id, project.id));
  if (!voiceover.silent)
    await recordCost(context.database.db, {
      siteId: project.siteId,
      projectId: project.id,
      operation: ttsOperation(voiceover.provider),
      provider: voiceover.provider,
      units: Math.round((voiceover.durationMs / 60_000) * 1000) / 1000,
    });
  return { id: row.id, voiceover };
}

export function parseStoredScript(row: VideoScriptRow): Script {
  const parsed = scriptSchema.safeParse(row.script);
  if (!parsed.success)
    throw new PermanentJobError(
      `Script version ${row.version} is not a valid script: ${parsed.error.issues[0].path.join(".")} ${parsed.error.issues[0].message}`,
    );
  return parsed.data;
}

/** The newest narration of a script version, if it has one. */
export async function latestVoiceover(
  context: Pick<WorkContext, "database">,
  scriptId: number,
): Promise<StoredVoiceover | null> {
  const [row] = await context.database.db
    .select()
    .from(voiceovers)
    .where(eq(voiceovers.scriptId, scriptId))
    .orderBy(desc(voiceovers.id))
    .limit(1);
  if (!row) return null;
  const parsed = voiceoverSchema.safeParse(row.voiceover);
  if (!parsed.success || !parsed.data.audioFile.startsWith(MEDIA_PREFIX))
    return null;
  return { id: row.id, voiceover: parsed.data };
}

/**
 * Script and narration for one group of presets, reusing what is stored. A narration that misses
 * its presets' length is redone once from a script written at the pace the voice really spoke.
 */
export async function narrateGroup(
  context: WorkContext,
  project: VideoProject,
  group: { type: VideoType; presets: PresetId[] },
  latest: VideoScriptRow | undefined,
  onStage: (stage: "script" | "voiceover") => Promise<void>,
): Promise<VideoScriptRow> {
  let scriptRow = latest;
  if (!scriptRow) {
    await onStage("script");
    scriptRow = await writeScriptVersion(context, project, group);
  }
  let narration = await latestVoiceover(context, scriptRow.id);
  if (narration) return scriptRow;
  await onStage("voiceover");
  narration = await narrateScriptVersion(context, project, scriptRow);
  const pace = rescriptPace(narration.voiceover, group.type, group.presets);
  if (pace === null || latest) return scriptRow;
  await onStage("script");
  const rescripted = await writeScriptVersion(context, project, group, {
    wordsPerMinute: pace,
  });
  await onStage("voiceover");
  await narrateScriptVersion(context, project, rescripted);
  return rescripted;
}
