import path from "node:path";
import { and, asc, eq, isNotNull } from "drizzle-orm";
import type { Visual, VideoProps } from "../../compositions/schema";
import {
  videoAssets,
  videoScripts,
  type RenderedVideo,
  type VideoProject,
} from "../../db/schema";
import { PRESETS, type PresetId } from "../../compositions/presets";
import { composeVideoProps, PresetDurationError } from "../../pipeline/compose";
import { pickTrack } from "../../pipeline/music";
import type { Voiceover } from "../../pipeline/voice/voiceover";
import type { Script } from "../../pipeline/script/script";
import { loadImagesStage, visualsStage } from "../../pipeline/stages";
import type { PlannedSection, VisualOverrides } from "../../pipeline/visuals";
import { log } from "../../log";
import type { WorkContext } from "../context";
import { recordCost } from "../cost-ledger";
import { PermanentJobError } from "../errors";
import { parseProjectSettings } from "../projects/settings";
import {
  latestVoiceover,
  loadArticle,
  parseStoredScript,
} from "../projects/stages";

/**
 * The props of one render, from what the project stores: its script version and that version's
 * newest narration, the article's images with the project's image overrides (`video_assets` rows
 * tied to a section, with their focus points), and its music and theme settings.
 */
export async function composeRenderProps(
  context: WorkContext,
  project: VideoProject,
  render: RenderedVideo,
): Promise<{ props: VideoProps; script: Script; voiceover: Voiceover }> {
  const { script, narration } = await loadRenderSources(context, render);
  const settings = parseProjectSettings(project.settings);
  const sections = await planProjectVisuals(context, project, {
    script,
    preset: render.preset,
    overrides: await assetOverrides(context, project.id),
    choices: settings.visuals,
  });
  let music;
  try {
    music = await pickTrack(settings.music);
  } catch (error) {
    throw new PermanentJobError((error as Error).message);
  }
  const { voiceover } = narration;
  try {
    const props = composeVideoProps({
      preset: render.preset,
      script,
      voiceover: {
        ...voiceover,
        audioFile: context.tools.store.resolve(voiceover.audioFile),
      },
      sections,
      narrationSrc: voiceover.audioFile,
      music,
      theme: settings.theme,
    });
    return { props, script, voiceover };
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
  },
): Promise<PlannedSection[]> {
  const settings = parseProjectSettings(project.settings);
  const article = await loadArticle(context, project);
  // An article's images are web or data: images only: the worker reads no file an article names.
  const { images } = article
    ? await loadImagesStage(context.tools, article, null)
    : { images: [] };
  let aiImages = 0;
  const sections = await visualsStage(context.tools, {
    script: options.script,
    article,
    images,
    overrides: options.overrides,
    choices: options.choices,
    theme: settings.theme,
    overrideFiles: { dir: context.storage.root, confined: true },
    orientation:
      PRESETS[options.preset].height > PRESETS[options.preset].width
        ? "portrait"
        : "landscape",
    onAiImage: () => aiImages++,
  });
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

/** Images the user put on sections (`video_assets` with a section index), as overrides. */
export async function assetOverrides(
  context: Pick<WorkContext, "database" | "storage">,
  projectId: number,
): Promise<VisualOverrides> {
  const rows = await context.database.db
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
  const sections: VisualOverrides["sections"] = {};
  const ownAssets =
    context.storage.resolve(`projects/${projectId}/assets`) + path.sep;
  for (const row of rows) {
    // Only the project's own uploads: a key anywhere else (another project's files) is never read.
    if (!context.storage.resolve(row.filePath).startsWith(ownAssets)) {
      log.warn(
        { projectId, assetId: row.id },
        "asset outside the project's folder ignored",
      );
      continue;
    }
    sections[String(row.sectionIndex)] = {
      image: row.filePath,
      ...(row.focus ? { focus: row.focus } : {}),
    };
  }
  return { sections };
}
