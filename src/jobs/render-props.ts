import { and, asc, eq, isNotNull } from "drizzle-orm";
import type { VideoProps } from "../compositions/schema";
import {
  videoAssets,
  videoScripts,
  type RenderedVideo,
  type VideoProject,
} from "../db/schema";
import { composeVideoProps, PresetDurationError } from "../pipeline/compose";
import { pickTrack } from "../pipeline/music";
import type { Article } from "../pipeline/content";
import type { Voiceover } from "../pipeline/voice/voiceover";
import type { Script } from "../pipeline/script/script";
import { loadImagesStage, visualsStage } from "../pipeline/stages";
import type { VisualOverrides } from "../pipeline/visuals";
import {
  PermanentJobError,
  parseProjectSettings,
  type JobContext,
} from "./context";
import {
  latestVoiceover,
  loadArticle,
  parseStoredScript,
} from "./project-stages";

/**
 * The props of one render, from what the project stores: its script version and that version's
 * newest narration, the article's images with the project's image overrides (`video_assets` rows
 * tied to a section, with their focus points), and its music and theme settings.
 */
export async function composeRenderProps(
  context: JobContext,
  project: VideoProject,
  render: RenderedVideo,
): Promise<{ props: VideoProps; script: Script; voiceover: Voiceover }> {
  const { db } = context.database;
  const [scriptRow] = await db
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
  const settings = parseProjectSettings(project.settings);
  const article = await loadArticle(context, project);
  const { images } = article
    ? await loadImagesStage(
        context.tools,
        withStorageImagesOnly(context, article),
        context.storage.root,
      )
    : { images: [] };
  const sections = await visualsStage(context.tools, {
    script,
    article,
    images,
    overrides: await assetOverrides(context, project.id),
    theme: settings.theme,
    overrideBaseDir: context.storage.root,
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

/** A file name that is never there, so a refused image is reported like a missing one. */
const REFUSED_IMAGE = "refused image: not in the storage root";

/**
 * An article sent to the service may name any local path as an image; only web images and files
 * in the storage root are read (the others are reported as missing, like any missing image).
 */
function withStorageImagesOnly(context: JobContext, article: Article): Article {
  const allowed = (src: string) => {
    if (/^https?:\/\//i.test(src)) return true;
    try {
      context.storage.resolve(src);
      return true;
    } catch {
      return false;
    }
  };
  return {
    ...article,
    images: article.images.map((image) =>
      allowed(image.src) ? image : { ...image, src: REFUSED_IMAGE },
    ),
  };
}

/** Images the user put on sections (`video_assets` with a section index), as overrides. */
async function assetOverrides(
  context: JobContext,
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
  for (const row of rows) {
    // A storage key, checked so it cannot point outside the storage root.
    context.storage.resolve(row.filePath);
    sections[String(row.sectionIndex)] = {
      image: row.filePath,
      ...(row.focus ? { focus: row.focus } : {}),
    };
  }
  return { sections };
}
