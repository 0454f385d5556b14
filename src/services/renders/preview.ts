import type { PresetId } from "../../compositions/presets";
import type { VideoProps, Visual } from "../../compositions/schema";
import { loadConfig } from "../../config";
import type { Db } from "../../db";
import { spokenSeconds, wordsOf } from "../../core/narration";
import {
  buildVideoProps,
  composeVideoProps,
  PresetDurationError,
} from "../../pipeline/compose";
import { MEDIA_PREFIX } from "../../pipeline/media-store";
import { narrationSegments, type Script } from "../../pipeline/script/script";
import { stageTools } from "../../pipeline/stages";
import type { Voiceover } from "../../pipeline/voice/voiceover";
import { services } from "../context";
import { unprocessable } from "../errors";
import { findProject } from "../projects";
import { parseProjectSettings } from "../projects/settings";
import { latestVoiceover, parseStoredScript } from "../projects/stages";
import { latestScripts, typeOfPreset } from "./lifecycle";
import { projectComposeInput, sectionImageAssets } from "./props";

/** The API path the browser loads a media-store file of the project from. */
export const projectMediaPath = (projectId: number, name: string) =>
  `/api/v1/video/projects/${projectId}/media/${name}`;

/** A section shown for less than this in an estimated preview could not be read. */
const MIN_SEGMENT_MS = 1500;

/**
 * A silent narration of the script at the narrator's pace, for a script not narrated yet: the
 * compositions then show the words on screen, as a render whose voice failed would.
 */
export function estimatedVoiceover(script: Script, speed = 1): Voiceover {
  let clockMs = 0;
  const segments = narrationSegments(script).map((text) => {
    const startMs = clockMs;
    clockMs += Math.max(
      MIN_SEGMENT_MS,
      Math.round((spokenSeconds(wordsOf(text).length) / speed) * 1000),
    );
    return { startMs, endMs: clockMs };
  });
  return {
    provider: "estimate",
    voice: "",
    speed,
    audioFile: "",
    durationMs: clockMs,
    words: [],
    segments,
    silent: true,
    language: script.language,
    warnings: [],
  };
}

/** Where the browser loads each of a preview's files from. */
type BrowserUrls = {
  projectId: number;
  /** The app's origin, as the browser asked for the props. */
  origin: string;
  /** Files with an address of their own (a section's uploaded image: the asset file route). */
  known: Map<string, string>;
};

/**
 * A props `src` as the browser loads it from the app: a media-store file through the project's
 * media route, a public-folder file (music) from the site root, a web address as it is.
 */
function browserSrc(urls: BrowserUrls, src: string) {
  if (/^https?:\/\//.test(src)) return src;
  const known = urls.known.get(src);
  if (known) return urls.origin + known;
  if (src.startsWith(MEDIA_PREFIX))
    return (
      urls.origin +
      projectMediaPath(urls.projectId, src.slice(MEDIA_PREFIX.length))
    );
  return `${urls.origin}/${src}`;
}

function browserVisual(urls: BrowserUrls, visual: Visual): Visual {
  return visual.type === "image" || visual.type === "video"
    ? { ...visual, src: browserSrc(urls, visual.src) }
    : visual;
}

/** The props with every file reference turned into a same-origin URL. */
export function withBrowserUrls(
  props: VideoProps,
  urls: BrowserUrls,
): VideoProps {
  const url = (src: string) => browserSrc(urls, src);
  return {
    ...props,
    sections: props.sections.map((section) => ({
      ...section,
      visual: browserVisual(urls, section.visual),
      ...(section.candidates
        ? {
            candidates: section.candidates.map((c) => ({
              ...c,
              visual: browserVisual(urls, c.visual),
            })),
          }
        : {}),
    })),
    narration: props.narration && {
      ...props.narration,
      src: url(props.narration.src),
    },
    music: props.music && { ...props.music, src: url(props.music.src) },
    heroImage: props.heroImage && url(props.heroImage),
  };
}

/** The media-store file of each section drawn from an uploaded image, to its asset file route. */
async function uploadedImages(db: Db, projectId: number, props: VideoProps) {
  const rows = await sectionImageAssets(db, projectId);
  const known = new Map<string, string>();
  for (const row of rows) {
    const visual = props.sections[row.sectionIndex!]?.visual;
    if (visual?.type === "image")
      known.set(
        visual.src,
        `/api/v1/video/assets/${projectId}/files/${row.id}`,
      );
  }
  return known;
}

/**
 * The props a render of `preset` would get now, built by the render's own builder from the same
 * script version, narration, visual plan and settings, with file references the browser can
 * load. A script not narrated yet is previewed on an estimated silent narration; a length outside
 * the preset's range is reported, not refused.
 */
export async function previewProps(
  siteId: number,
  projectId: number,
  options: { preset?: PresetId; origin: string },
) {
  const { preset } = options;
  const project = await findProject(siteId, projectId);
  const chosen = preset ?? project.targetPresets[0];
  if (!project.targetPresets.includes(chosen))
    throw unprocessable(
      "invalid_preset",
      `The project renders ${project.targetPresets.join(", ")}, not ${chosen}`,
      "preset",
    );
  const { database, storage } = await services();
  const type = typeOfPreset(project, chosen);
  const row = (await latestScripts(database.db, project.id)).get(type);
  if (!row)
    throw unprocessable(
      "no_script",
      `The project has no ${type} script for ${chosen} yet: generate one first`,
      "preset",
    );
  const context = { database, storage, tools: stageTools(loadConfig()) };
  const script = parseStoredScript(row);
  const narration = await latestVoiceover(context, row.id);
  const voiceover =
    narration?.voiceover ??
    estimatedVoiceover(
      script,
      parseProjectSettings(project.settings).voice?.speed,
    );
  const input = await projectComposeInput(context, project, {
    script,
    preset: chosen,
    voiceover,
  });
  let props;
  let problem: string | null = null;
  try {
    props = composeVideoProps(input);
  } catch (error) {
    if (!(error instanceof PresetDurationError)) throw error;
    problem = error.message;
    props = buildVideoProps(input);
  }
  return {
    preset: chosen,
    scriptId: row.id,
    scriptVersion: row.version,
    narrated: narration !== null,
    narrationSpeed: voiceover.speed,
    problem,
    props: withBrowserUrls(props, {
      projectId: project.id,
      origin: options.origin,
      known: await uploadedImages(database.db, project.id, props),
    }),
  };
}

/** The file behind one of the project's preview media URLs. */
export async function projectMediaFile(
  siteId: number,
  projectId: number,
  name: string,
) {
  await findProject(siteId, projectId);
  return stageTools(loadConfig()).store.localFile(MEDIA_PREFIX + name);
}
