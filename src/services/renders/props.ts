import { createWriteStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { and, asc, eq, isNotNull } from "drizzle-orm";
import type { Visual, VideoProps } from "../../compositions/schema";
import {
  videoAssets,
  videoScripts,
  type RenderedVideo,
  type VideoProject,
} from "../../db/schema";
import { PRESETS, type PresetId } from "../../compositions/presets";
import type { Db } from "../../db";
import {
  composeVideoProps,
  PresetDurationError,
  type ComposeInput,
} from "../../pipeline/compose";
import { MEDIA_PREFIX } from "../../pipeline/media-store";
import { pickTrack } from "../../pipeline/music";
import type { Voiceover } from "../../pipeline/voice/voiceover";
import type { Script } from "../../pipeline/script/script";
import {
  loadImagesStage,
  stageTools,
  visualsStage,
} from "../../pipeline/stages";
import {
  FACELESS_SOURCES,
  storyboardOverrides,
} from "../../pipeline/visuals/storyboard";
import type { PlannedSection, VisualOverrides } from "../../pipeline/visuals";
import { log } from "../../log";
import { storageKey, StorageNotFoundError, type Storage } from "../../storage";
import type { WorkContext } from "../context";
import { withinBudget } from "../budgets";
import { costUsdOf, recordCost } from "../cost-ledger";
import { PermanentJobError } from "../errors";
import { parseProjectSettings } from "../projects/settings";
import {
  latestVoiceover,
  loadContent,
  parseStoredScript,
} from "../projects/stages";

/**
 * The props of one render, from what the project stores: its script version and that version's
 * newest narration, and everything `projectComposeInput` adds from the project.
 */
export async function composeRenderProps(
  context: WorkContext,
  project: VideoProject,
  render: RenderedVideo,
): Promise<{ props: VideoProps; script: Script; voiceover: Voiceover }> {
  const { script, narration } = await loadRenderSources(context, render);
  const { voiceover } = narration;
  const input = await projectComposeInput(context, project, {
    script,
    preset: render.preset,
    voiceover,
  });
  try {
    return { props: composeVideoProps(input), script, voiceover };
  } catch (error) {
    if (error instanceof PresetDurationError)
      throw new PermanentJobError(error.message);
    throw error;
  }
}

/** The script version a render renders and that version's newest narration. */
export async function loadRenderSources(
  context: WorkContext,
  render: RenderedVideo,
) {
  const [scriptRow] = await context.database.db
    .select()
    .from(videoScripts)
    .where(eq(videoScripts.id, render.scriptId));
  if (!scriptRow)
    throw new PermanentJobError("The script version to render is gone");
  const script = parseStoredScript(scriptRow);
  const narration = await latestVoiceover(context, scriptRow.id);
  if (!narration)
    throw new PermanentJobError(
      `Script version ${scriptRow.version} has no narration yet: make the voiceover first`,
    );
  return { script, narration };
}

/**
 * What one preset's props are built from, for the render and the app's preview alike: the
 * article's images with the project's image overrides (`video_assets` rows tied to a section,
 * with their focus points) and chosen visuals, and the project's music, theme, transitions and
 * captions settings.
 */
export async function projectComposeInput(
  context: Pick<WorkContext, "database" | "storage" | "tools">,
  project: VideoProject,
  options: { script: Script; preset: PresetId; voiceover: Voiceover },
): Promise<ComposeInput> {
  const { script, preset, voiceover } = options;
  const settings = parseProjectSettings(project.settings);
  const sections = await planProjectVisuals(context, project, {
    script,
    preset,
    overrides: await assetOverrides(context, project.id),
    choices: settings.visuals,
  });
  let music;
  try {
    music =
      settings.music === null ? null : await pickTrack(settings.music?.track);
  } catch (error) {
    throw new PermanentJobError((error as Error).message);
  }
  const narrated = voiceover.audioFile.startsWith(MEDIA_PREFIX);
  return {
    preset,
    script,
    voiceover: narrated
      ? {
          ...voiceover,
          audioFile: await context.tools.store.localFile(voiceover.audioFile),
        }
      : voiceover,
    sections,
    narrationSrc: narrated ? voiceover.audioFile : null,
    music: music && { src: music.src, volume: settings.music?.volume },
    theme: {
      ...settings.theme,
      ...(settings.transition ? { transition: settings.transition } : {}),
    },
    sectionTransitions: settings.section_transitions,
    captions: settings.captions,
  };
}

/**
 * The visual of every section of `script`, through the same stage for renders and for the
 * Visuals step: the article's images, the providers of VISUAL_SOURCES, AI images into the cost
 * ledger; overrides and chosen visuals win.
 */
export async function planProjectVisuals(
  context: Pick<WorkContext, "database" | "storage" | "tools">,
  project: VideoProject,
  options: {
    script: Script;
    preset: PresetId;
    overrides?: VisualOverrides;
    choices?: Record<string, Visual>;
    /** Every provider's candidates, for the Visuals step. */
    allCandidates?: boolean;
  },
): Promise<PlannedSection[]> {
  const settings = parseProjectSettings(project.settings);
  const content = await loadContent(context, project);
  const article = content?.article ?? null;
  // A faceless video shows stock and generated scenes only, never the content's own images.
  const tools = settings.faceless
    ? stageTools({ ...context.tools.config, VISUAL_SOURCES: FACELESS_SOURCES })
    : context.tools;
  // An article's images are web or data: images only: the worker reads no file an article names.
  const { images } =
    article && !settings.faceless
      ? await loadImagesStage(tools, article, null)
      : { images: [] };
  // What a storyboard's scenes ask for, under the images the user put on sections.
  const overrides: VisualOverrides | undefined = content?.storyboard
    ? {
        sections: {
          ...storyboardOverrides(
            content.storyboard,
            settings.faceless ?? false,
          ),
          ...options.overrides?.sections,
        },
      }
    : options.overrides;
  let aiImages = 0;
  const { config } = tools;
  const paid =
    config.VISUAL_SOURCES.includes("ai") && config.OPENAI_API_KEY
      ? await withinBudget(
          context.database.db,
          project,
          costUsdOf("openai", "video_ai_image", 1),
          () => tools,
          () => ({
            ...tools,
            config: {
              ...config,
              VISUAL_SOURCES: config.VISUAL_SOURCES.filter((s) => s !== "ai"),
            },
          }),
        )
      : tools;
  const folder = await mkdtemp(path.join(tmpdir(), "reelwright-overrides-"));
  let sections: PlannedSection[];
  try {
    sections = await visualsStage(paid, {
      script: options.script,
      article,
      images,
      overrides: await copyOverrideImages(context.storage, overrides, folder),
      choices: options.choices,
      allCandidates: options.allCandidates,
      theme: settings.theme,
      overrideFiles: { dir: folder, confined: true },
      orientation:
        PRESETS[options.preset].height > PRESETS[options.preset].width
          ? "portrait"
          : "landscape",
      onAiImage: () => aiImages++,
    });
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
  if (aiImages)
    await recordCost(context.database.db, {
      siteId: project.siteId,
      projectId: project.id,
      operation: "video_ai_image",
      provider: "openai",
      units: aiImages,
    });
  return sections;
}

/** The images the user put on sections (`video_assets` with a section index). */
export const sectionImageAssets = (db: Db, projectId: number) =>
  db
    .select()
    .from(videoAssets)
    .where(
      and(
        eq(videoAssets.projectId, projectId),
        eq(videoAssets.assetType, "image"),
        isNotNull(videoAssets.sectionIndex),
      ),
    )
    .orderBy(asc(videoAssets.order), asc(videoAssets.id));

/** Images the user put on sections, as overrides. */
export async function assetOverrides(
  context: Pick<WorkContext, "database" | "storage">,
  projectId: number,
): Promise<VisualOverrides> {
  const rows = await sectionImageAssets(context.database.db, projectId);
  const sections: VisualOverrides["sections"] = {};
  for (const row of rows) {
    // Only the project's own uploads: a key anywhere else (another project's files) is never read.
    if (!storageKey(row.filePath).startsWith(`projects/${projectId}/assets/`)) {
      log.warn(
        { projectId, assetId: row.id },
        "asset outside the project's folder ignored",
      );
      continue;
    }
    sections[String(row.sectionIndex)] = {
      image: row.filePath,
      ...(row.focus ? { focus: row.focus } : {}),
      ...(row.credit ? { credit: row.credit } : {}),
    };
  }
  return { sections };
}

/**
 * The override images (storage keys) copied into `folder`, wherever storage is, and the overrides
 * naming those copies: the visuals stage reads files only inside one folder. A missing object is
 * left missing, for the stage to report.
 */
async function copyOverrideImages(
  storage: Storage,
  overrides: VisualOverrides | undefined,
  folder: string,
): Promise<VisualOverrides | undefined> {
  if (!overrides) return undefined;
  const sections: VisualOverrides["sections"] = {};
  for (const [index, override] of Object.entries(overrides.sections)) {
    if (!override.image) {
      sections[index] = override;
      continue;
    }
    const name = `section-${index}${path.extname(override.image)}`;
    try {
      await pipeline(
        await storage.openRead(override.image),
        createWriteStream(path.join(folder, name)),
      );
    } catch (error) {
      if (!(error instanceof StorageNotFoundError)) throw error;
    }
    sections[index] = { ...override, image: name };
  }
  return { sections };
}
