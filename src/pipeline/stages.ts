import { rm, stat } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import type { PresetId } from "../compositions/presets";
import type { Theme, Visual } from "../compositions/schema";
import type { Config } from "../config";
import { StageCache } from "./cache";
import { narrationTarget } from "./compose";
import { loadArticleImages, type LocalFiles } from "./content";
import type { Article, ImageProblem, LoadedImage } from "./content/article";
import { MediaStore } from "./media-store";
import { storageFromConfig } from "../storage";
import { createScript, type ScriptInput } from "./script";
import {
  narrationSegments,
  scriptSchema,
  type Script,
  type VideoType,
} from "./script/script";
import {
  planVisuals,
  type VisualOverrides,
  type VisualProvider,
} from "./visuals";
import { generatedProvider } from "./visuals/generated";
import {
  DEFAULT_IMAGE_STYLE,
  openAIImageProvider,
} from "./visuals/openai-images";
import { pexelsProvider } from "./visuals/pexels";
import { pixabayProvider } from "./visuals/pixabay";
import { createOpenAIClient } from "../openai-client";
import {
  planVoices,
  SPEED_RANGE,
  synthesizeVoiceover,
  type VoiceChoice,
} from "./voice";
import { narrationLanguage } from "./voice/language";
import { voiceoverSchema, type Voiceover } from "./voice/voiceover";

/**
 * The stages before a render, one function each, shared by the CLI (`make.ts`) and the job
 * handlers (src/jobs/handlers). Each caches its output by its inputs.
 */

/** Bump a stage's number when its output changes for the same input, to retire old cache entries. */
const CACHE_VERSIONS = { images: 2, script: 2, voice: 2 };

/** Stored article images fit inside this box: the largest frame, with room to zoom. */
const MAX_IMAGE_SIDE = 2880;

export type StageTools = {
  config: Config;
  store: MediaStore;
  cache: StageCache;
};

export const stageTools = (config: Config): StageTools => ({
  config,
  store: new MediaStore(
    config.mediaDir,
    config.REELWRIGHT_STORAGE ? storageFromConfig(config) : undefined,
  ),
  cache: new StageCache(config.cacheDir, config.CACHE_TTL_DAYS * 86_400_000),
});

const loadedImagesSchema = z.object({
  images: z.array(
    z.object({
      index: z.number(),
      alt: z.string(),
      src: z.string(),
      width: z.number(),
      height: z.number(),
    }),
  ),
  problems: z.array(
    z.object({ index: z.number(), src: z.string(), reason: z.string() }),
  ),
});

/** Stat of local image files, so an edited image invalidates the cache. */
async function imageFingerprint(
  article: Article,
  localFiles: LocalFiles | null,
) {
  return Promise.all(
    article.images.map(async ({ src }) => {
      if (!localFiles || /^(https?|data):/i.test(src)) return null;
      const file = path.resolve(localFiles.dir, src);
      const s = await stat(file).catch(() => null);
      return `${file}:${s?.size}:${s?.mtimeMs}`;
    }),
  );
}

const fileExists = (file: string) =>
  stat(file).then(
    () => true,
    () => false,
  );

/** The article's images, scaled into the media store; local files are read only as `localFiles` allows. */
export async function loadImagesStage(
  tools: StageTools,
  article: Article,
  localFiles: LocalFiles | null,
): Promise<{
  images: LoadedImage[];
  problems: ImageProblem[];
  cached: boolean;
}> {
  const { store, cache } = tools;
  const loaded = await cache.getOrCompute(
    "images",
    {
      version: CACHE_VERSIONS.images,
      images: article.images,
      localFiles,
      files: await imageFingerprint(article, localFiles),
    },
    loadedImagesSchema,
    () =>
      loadArticleImages(article, {
        store,
        maxWidth: MAX_IMAGE_SIDE,
        maxHeight: MAX_IMAGE_SIDE,
        localFiles,
        allowedHosts: tools.config.REELWRIGHT_ALLOW_PRIVATE_FETCH_HOSTS,
      }),
    async (v) =>
      (
        await Promise.all(
          v.images.map(async (i) => fileExists(await store.localFile(i.src))),
        )
      ).every(Boolean),
  );
  return { ...loaded.value, cached: loaded.cached };
}

export type ScriptRequest = {
  type: VideoType;
  presets: PresetId[];
  /** The pace measured on an earlier narration, to rescript at. */
  wordsPerMinute?: number;
  input?: ScriptInput;
};

export async function scriptStage(
  tools: StageTools,
  article: Article,
  request: ScriptRequest,
  provider: Config["SCRIPT_PROVIDER"] = tools.config.SCRIPT_PROVIDER,
): Promise<{ script: Script; cached: boolean }> {
  const scriptOptions = {
    type: request.type,
    targetSec: narrationTarget(request.type, request.presets),
    wordsPerMinute: request.wordsPerMinute,
    input: request.input,
  };
  const scripted = await tools.cache.getOrCompute(
    "script",
    { version: CACHE_VERSIONS.script, article, scriptOptions, provider },
    scriptSchema,
    () => createScript(article, scriptOptions, provider, tools.config),
  );
  return { script: scripted.value, cached: scripted.cached };
}

/**
 * Narrates a script in its language (declared, or detected from the script's text when the
 * declaration is the default English), with the chosen voice or else the configured provider;
 * the audio lands in the media store (`audioFile` is its absolute path).
 */
export async function voiceStage(
  tools: StageTools,
  script: Script,
  options: { voice?: VoiceChoice; speed?: number },
): Promise<{ voiceover: Voiceover; cached: boolean }> {
  const { config, store, cache } = tools;
  const segments = narrationSegments(script);
  const language = narrationLanguage(script.language, segments.join(" "));
  const request = {
    segments,
    voice: options.voice?.id ?? "",
    speed: options.speed ?? 1,
  };
  const provider = options.voice?.provider ?? config.VOICE_PROVIDER;
  const voiced = await cache.getOrCompute(
    "voice",
    { version: CACHE_VERSIONS.voice, request, provider, language },
    voiceoverSchema,
    async () => {
      const outFile = path.join(
        config.homeDir,
        "tmp",
        `narration-${process.pid}-${Date.now()}.wav`,
      );
      const plan = await planVoices(config, language, {
        provider,
        id: options.voice?.id,
      });
      const voiceover = await synthesizeVoiceover(
        { ...request, outFile },
        { ...plan, language },
      );
      const src = await store.putFile(voiceover.audioFile);
      await rm(voiceover.audioFile, { force: true });
      return { ...voiceover, audioFile: store.resolve(src) };
    },
    (v) => fileExists(v.audioFile),
  );
  return { voiceover: voiced.value, cached: voiced.cached };
}

/** How a narration that misses its target is brought inside it. */
export type FitStep = "rescript" | "retime" | "trim";

/**
 * The next thing to try for a narration that misses its presets' range, or null to keep it: first
 * a script written at the pace the voice really spoke, then a re-timing of at most RETIME_LIMIT,
 * then (too long only) dropping the last points. Text narrated as written (a storyboard, a story,
 * the user's own words) may only be re-timed.
 */
export function nextFitStep(
  voiceover: Voiceover,
  target: { min: number; max: number },
  {
    attempt,
    asWritten,
    trimmed,
  }: {
    attempt: number;
    asWritten: boolean;
    trimmed: boolean;
  },
): FitStep | null {
  const misfit = narrationMisfit(voiceover, target);
  if (misfit === null) return null;
  const canRetime = retimeSpeed(voiceover, target) !== null;
  if (asWritten) return attempt === 1 && canRetime ? "retime" : null;
  if (attempt === 1) return "rescript";
  if (attempt === 2 && canRetime) return "retime";
  return misfit === "long" && !trimmed ? "trim" : null;
}

/** The pace the voice really spoke at, to write the next script at. */
export const spokenWordsPerMinute = (voiceover: Voiceover) =>
  (voiceover.words.length / voiceover.durationMs) * 60_000;

/** How far a re-timing may move the speed: enough to fit, little enough to go unnoticed. */
export const RETIME_LIMIT = 0.15;
/** Aim this far inside the range, so rounding and the end card never push it out. */
const FIT_MARGIN = 0.03;

/** Whether a narration misses its target: too "long", too "short", or null when it fits. */
export function narrationMisfit(
  voiceover: Voiceover,
  target: { min: number; max: number },
): "long" | "short" | null {
  const seconds = voiceover.durationMs / 1000;
  if (voiceover.silent) return null;
  if (seconds > target.max) return "long";
  if (seconds < target.min) return "short";
  return null;
}

/**
 * The speed that brings a narration inside its target, moved at most RETIME_LIMIT from the
 * speed it was spoken at (and within the voice's range); null when even that cannot fit it.
 */
export function retimeSpeed(
  voiceover: Voiceover,
  target: { min: number; max: number },
): number | null {
  const seconds = voiceover.durationMs / 1000;
  const goal =
    seconds > target.max
      ? target.max * (1 - FIT_MARGIN)
      : target.min * (1 + FIT_MARGIN);
  const wanted = voiceover.speed * (seconds / goal);
  const lowest = Math.max(
    SPEED_RANGE.min,
    voiceover.speed * (1 - RETIME_LIMIT),
  );
  const highest = Math.min(
    SPEED_RANGE.max,
    voiceover.speed * (1 + RETIME_LIMIT),
  );
  if (wanted < lowest || wanted > highest) return null;
  return Math.round(wanted * 1000) / 1000;
}

/**
 * The number of points to keep so that a narration that runs too long fits: the last points are
 * dropped, each taking its own spoken length and the pause before it. At least one stays.
 */
export function pointsThatFit(
  voiceover: Voiceover,
  script: Script,
  target: { min: number; max: number },
): number {
  const limitMs = target.max * (1 - FIT_MARGIN) * 1000;
  // Segments: hook, intro, each point, CTA; a point's share runs to the next segment's start.
  const segments = voiceover.segments;
  let keep = script.points.length;
  let durationMs = voiceover.durationMs;
  while (keep > 1 && durationMs > limitMs) {
    const point = segments[keep + 1];
    const next = segments[keep + 2];
    durationMs -= next.startMs - point.startMs;
    keep--;
  }
  return keep;
}

/** The script with only its first `keep` points (and the chapters that belong to them). */
export function keepPoints(script: Script, keep: number): Script {
  if (keep >= script.points.length) return script;
  const points = script.points.slice(0, keep);
  const dropped = script.points
    .slice(keep)
    .reduce((n, p) => n + p.durationEstSec, 0);
  return {
    ...script,
    points,
    chapters: script.chapters.slice(0, keep + 1),
    totalEstimatedDurationSec: Math.max(
      1,
      script.totalEstimatedDurationSec - dropped,
    ),
  };
}

/** The providers VISUAL_SOURCES names, in its order, leaving out those without a key. */
export function visualProviders(
  tools: StageTools,
  options: { imageStyle?: string; onAiImage?: (model: string) => void } = {},
): VisualProvider[] {
  const { config, store, cache } = tools;
  return config.VISUAL_SOURCES.flatMap((source): VisualProvider[] => {
    switch (source) {
      case "article":
        return [];
      case "stock":
        return [
          ...(config.PEXELS_API_KEY
            ? [
                pexelsProvider({
                  apiKey: config.PEXELS_API_KEY,
                  baseUrl: config.PEXELS_API_BASE_URL,
                  store,
                  allowedHosts: config.REELWRIGHT_ALLOW_PRIVATE_FETCH_HOSTS,
                }),
              ]
            : []),
          ...(config.PIXABAY_API_KEY
            ? [
                pixabayProvider({
                  apiKey: config.PIXABAY_API_KEY,
                  baseUrl: config.PIXABAY_API_BASE_URL,
                  store,
                  allowedHosts: config.REELWRIGHT_ALLOW_PRIVATE_FETCH_HOSTS,
                }),
              ]
            : []),
        ];
      case "ai":
        return config.OPENAI_API_KEY
          ? [
              openAIImageProvider({
                client: createOpenAIClient(config),
                model: config.OPENAI_IMAGE_MODEL,
                style: options.imageStyle ?? DEFAULT_IMAGE_STYLE,
                store,
                cache,
                onImage: options.onAiImage,
              }),
            ]
          : [];
      case "generated":
        return [generatedProvider()];
    }
  });
}

/**
 * A visual for every narrated section, from the sources of VISUAL_SOURCES in order: the article's
 * images, stock, AI images, generated scenes. Overrides win.
 */
export function visualsStage(
  tools: StageTools,
  options: {
    script: Script;
    article: Article | null;
    images: LoadedImage[];
    overrides?: VisualOverrides;
    choices?: Record<string, Visual>;
    theme?: Partial<Theme>;
    /** Where an override's image file may be read. */
    overrideFiles: LocalFiles;
    orientation?: "landscape" | "portrait";
    allCandidates?: boolean;
    onWarning?: (message: string) => void;
    /** Called once for each AI image made (not for cached ones), for the cost ledger. */
    onAiImage?: (model: string) => void;
  },
) {
  const { store, config } = tools;
  const { article } = options;
  return planVisuals({
    script: options.script,
    images: options.images,
    store,
    overrides: options.overrides,
    choices: options.choices,
    imageSectionOf: (index) =>
      article
        ? article.sections.findIndex((s) => s.imageIndexes.includes(index))
        : null,
    titleCardColor: options.theme?.backgroundColor ?? "#1e293b",
    providers: visualProviders(tools, {
      imageStyle: options.theme?.imageStyle,
      onAiImage: options.onAiImage,
    }),
    useArticleImages: config.VISUAL_SOURCES.includes("article"),
    blocksOf: (index) => article?.sections[index]?.blocks ?? [],
    keywords: article?.keywords ?? [],
    orientation: options.orientation,
    allCandidates: options.allCandidates,
    onWarning: options.onWarning,
    loadOverrideImage: async (src) => {
      const result = await loadArticleImages(
        { images: [{ src, alt: "" }] },
        {
          store,
          maxWidth: MAX_IMAGE_SIDE,
          maxHeight: MAX_IMAGE_SIDE,
          localFiles: options.overrideFiles,
          allowedHosts: tools.config.REELWRIGHT_ALLOW_PRIVATE_FETCH_HOSTS,
        },
      );
      if (!result.images[0])
        throw new Error(
          `Cannot use the override image ${src}: ${result.problems[0]?.reason}`,
        );
      return result.images[0];
    },
  });
}
