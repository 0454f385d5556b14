import { and, desc, eq, max } from "drizzle-orm";
import type { PresetId } from "../../compositions/presets";
import type { Config } from "../../config";
import type { VoiceChoice } from "../../core/narration";
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
import { narrationTarget } from "../../pipeline/compose";
import { log } from "../../log";
import {
  narrationSegments,
  scriptSchema,
  type Script,
  type VideoType,
} from "../../pipeline/script/script";
import type { ScriptInput } from "../../pipeline/script";
import { storyboardScript } from "../../pipeline/script/storyboard";
import {
  keepPoints,
  nextFitStep,
  pointsThatFit,
  retimeSpeed,
  scriptStage,
  spokenWordsPerMinute,
  voiceStage,
} from "../../pipeline/stages";
import {
  voiceoverSchema,
  type Voiceover,
} from "../../pipeline/voice/voiceover";
import type { WorkContext } from "../context";
import { PermanentJobError } from "../errors";
import { parseProjectSettings } from "./settings";
import { budgetNotes, withinBudget } from "../budgets";
import { costUsdOf, recordCost, ttsOperation } from "../cost-ledger";
import { typeOfPreset } from "../renders/lifecycle";

/** Voices billed by the minute; over budget, the language's offline voice narrates instead. */
const PAID_VOICES: ReadonlySet<string> = new Set(["openai", "elevenlabs"]);

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
  const chosen = options.provider ?? context.config.SCRIPT_PROVIDER;
  const provider =
    chosen === "openai"
      ? await withinBudget(
          context.database.db,
          project,
          costUsdOf("openai", "video_script_generation", 1),
          () => chosen,
          () => "extractive" as const,
        )
      : chosen;
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
  options: { speed?: number } = {},
): Promise<StoredVoiceover> {
  const settings = parseProjectSettings(project.settings);
  const script = parseStoredScript(scriptRow);
  const chosen: VoiceChoice | undefined = settings.voice;
  const chosenProvider = chosen?.provider ?? context.config.VOICE_PROVIDER;
  const voice = PAID_VOICES.has(chosenProvider)
    ? await withinBudget(
        context.database.db,
        project,
        costUsdOf(
          chosenProvider,
          "video_tts_standard",
          script.totalEstimatedDurationSec / 60,
        ),
        () => settings.voice,
        () => ({ provider: "festival" as const }),
      )
    : settings.voice;
  let voiced;
  try {
    voiced = await voiceStage(context.tools, script, {
      voice,
      speed: options.speed ?? settings.voice?.speed,
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
  const [{ warning }] = await context.database.db
    .select({ warning: videoProjects.warning })
    .from(videoProjects)
    .where(eq(videoProjects.id, project.id));
  const warnings = [...voiceover.warnings, ...budgetNotes(warning)];
  await context.database.db
    .update(videoProjects)
    .set({ warning: warnings.join("\n") || null })
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
 * its presets' range is fitted as the CLI fits it (`nextFitStep`): a script written at the pace the
 * voice really spoke, then a re-timing, then the last points left out, each a new stored version.
 * A script a person wrote (`latest`) or a storyboard is narrated as written: it may only be re-timed.
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
  if (await latestVoiceover(context, scriptRow.id)) return scriptRow;
  const target = narrationTarget(group.type, group.presets);
  let speed: number | undefined;
  let trimmed = false;
  for (let attempt = 1; ; attempt++) {
    await onStage("voiceover");
    const { voiceover } = await narrateScriptVersion(
      context,
      project,
      scriptRow,
      {
        speed,
      },
    );
    const next = nextFitStep(voiceover, target, {
      attempt,
      asWritten: latest !== undefined || scriptRow.provider === "storyboard",
      trimmed,
    });
    log.info(
      {
        projectId: project.id,
        attempt,
        seconds: voiceover.durationMs / 1000,
        target,
        next,
      },
      "narration measured",
    );
    if (next === null) return scriptRow;
    if (next === "retime") {
      speed = retimeSpeed(voiceover, target)!;
      continue;
    }
    await onStage("script");
    if (next === "rescript") {
      scriptRow = await writeScriptVersion(context, project, group, {
        wordsPerMinute: spokenWordsPerMinute(voiceover),
      });
    } else {
      const script = parseStoredScript(scriptRow);
      scriptRow = await insertScriptVersion(
        context,
        project.id,
        keepPoints(script, pointsThatFit(voiceover, script, target)),
        scriptRow.provider,
      );
      trimmed = true;
    }
  }
}
