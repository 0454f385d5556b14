import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { PRESETS, type PresetId } from "../compositions/presets";
import {
  videoPropsSchema,
  type Theme,
  type VideoProps,
} from "../compositions/schema";
import { loadConfig, type Config } from "../config";
import { writeFileAtomically } from "../files";
import type { RenderQuality } from "../render-settings";
import { log } from "../log";
import { toSrt, toVtt, wordsToCaptions } from "./captions";
import {
  composeVideoProps,
  defaultTypeFor,
  formatDuration,
  narrationTarget,
  PresetDurationError,
} from "./compose";
import { readContentFile, topicArticle, type Content } from "./content";
import { buildMetadata, type VideoMetadata } from "./metadata";
import { pickTrack, userMusic } from "./music";
import {
  bundleAsStage,
  ensureBundle,
  renderThumbnail,
  renderVideo,
  startBrowser,
  type RenderBackend,
} from "./render";
import {
  narrationSegments,
  type Script,
  type VideoType,
} from "./script/script";
import { topicProblem } from "./script";
import { storyboardScript } from "./script/storyboard";
import {
  keepPoints,
  loadImagesStage,
  nextFitStep,
  pointsThatFit,
  retimeSpeed,
  spokenWordsPerMinute,
  scriptStage,
  stageTools,
  visualsStage,
  voiceStage,
} from "./stages";
import { readVisualOverrides, type VisualOverrides } from "./visuals";
import { FACELESS_SOURCES, storyboardOverrides } from "./visuals/storyboard";
import type { VoiceProviderId } from "./voice";
import { userNarration } from "./voice/user-narration";
import type { Voiceover } from "./voice/voiceover";

export type StageName =
  | "content"
  | "images"
  | "script"
  | "voice"
  | "visuals"
  | "bundle"
  | "render"
  | "thumbnail"
  | "captions"
  | "metadata";

export type MakeEvent =
  | {
      type: "stage";
      stage: StageName;
      status: "start" | "done" | "cached";
      detail?: string;
      preset?: PresetId;
    }
  | {
      type: "progress";
      stage: StageName;
      fraction: number;
      preset?: PresetId;
      etaMs?: number;
    }
  | { type: "warning"; message: string; preset?: PresetId };

export type MakeOptions = {
  /** The article, storyboard or (with `story`) plain story file; or a `topic` instead. */
  articlePath?: string;
  /** The file is a plain story, told in beats: one section per beat. */
  story?: boolean;
  /** No file: a model writes the script about this topic (SCRIPT_PROVIDER=openai). */
  topic?: string;
  /** A faceless video: generated and stock visuals only, never the content's or AI images. */
  faceless?: boolean;
  /** false: no captions on the video; the SRT, VTT and word-level JSON are still written. */
  captions?: boolean;
  /** The user's own recording of the script, narrated instead of a voice. */
  narrationFile?: string;
  /** The user's own music file, instead of a track (`music`). */
  musicFile?: string;
  presets: PresetId[];
  outDir: string;
  /** One script for every preset; by default long for YouTube long and short for the rest. */
  type?: VideoType;
  /** A voice of the provider; by default the one for the article's language. */
  voice?: string;
  /** Who narrates; by default VOICE_PROVIDER. A cloud voice falls back to the offline one. */
  voiceProvider?: VoiceProviderId;
  speed?: number;
  /** A music track id, `null` for none, undefined for the default. */
  music?: string | null;
  visualsFile?: string;
  theme?: Partial<Theme>;
  /** Output size relative to the preset, for quick drafts (1 = full size). */
  scale?: number;
  /** Encoder settings (and, for a draft, half the size): standard by default. */
  quality?: RenderQuality;
  /** Where the video frames are rendered: here (default) or on Remotion Lambda. */
  backend?: RenderBackend;
  onEvent?: (event: MakeEvent) => void;
  config?: Config;
};

export type PresetOutcome =
  | {
      preset: PresetId;
      ok: true;
      files: VideoMetadata["files"];
      metadata: VideoMetadata;
    }
  | { preset: PresetId; ok: false; error: string };

export type PreparedVideo = {
  preset: PresetId;
  props: VideoProps;
  script: Script;
  voiceover: Voiceover;
};

/**
 * Everything up to the render: content → images → script → voice → visuals → the props of each
 * preset. Presets whose props cannot be made (say, the duration range does not fit) come back as
 * failures.
 */
export async function prepareVideos(
  options: MakeOptions,
): Promise<{ prepared: PreparedVideo[]; failures: PresetOutcome[] }> {
  const config = options.config ?? loadConfig();
  const emit = options.onEvent ?? (() => {});
  const tools = stageTools(
    options.faceless ? { ...config, VISUAL_SOURCES: FACELESS_SOURCES } : config,
  );

  emit({ type: "stage", stage: "content", status: "start" });
  const { article, storyboard, dir } = await readInput(options, config);
  emit({
    type: "stage",
    stage: "content",
    status: "done",
    detail: article.title,
  });

  emit({ type: "stage", stage: "images", status: "start" });
  // The article's own images are read only from its folder; a visuals file names any file.
  const { images, problems, cached } = options.faceless
    ? { images: [], problems: [], cached: false }
    : await loadImagesStage(tools, article, { dir, confined: true });
  if (options.faceless && article.images.length)
    emit({
      type: "warning",
      message: `A faceless video shows generated and stock visuals only: the ${article.images.length} image(s) of the content are not used`,
    });
  for (const p of problems) {
    emit({
      type: "warning",
      message: `Image ${p.src} is not used (${p.reason}); a title card takes its place`,
    });
  }
  emit({
    type: "stage",
    stage: "images",
    status: cached ? "cached" : "done",
    detail: `${images.length} images`,
  });

  const fileOverrides = options.visualsFile
    ? await readVisualOverrides(options.visualsFile)
    : undefined;
  // A visuals file wins over what the storyboard's scenes ask for.
  const overrides: VisualOverrides | undefined = storyboard
    ? {
        sections: {
          ...storyboardOverrides(storyboard, options.faceless ?? false),
          ...fileOverrides?.sections,
        },
      }
    : fileOverrides;
  const music = options.musicFile
    ? await userMusic(options.musicFile, tools.store)
    : await pickTrack(options.music);

  const groups = new Map<VideoType, PresetId[]>();
  for (const preset of options.presets) {
    const type = options.type ?? defaultTypeFor(preset);
    groups.set(type, [...(groups.get(type) ?? []), preset]);
  }

  const outcomes: PresetOutcome[] = [];
  const prepared: PreparedVideo[] = [];
  for (const [type, presets] of groups) {
    try {
      const { script, voiceover, narrationSrc } = await narrate({
        type,
        presets,
      });
      emit({ type: "stage", stage: "visuals", status: "start" });
      const sections = await visualsStage(tools, {
        script,
        article,
        images,
        overrides,
        theme: options.theme,
        overrideFiles: { dir: process.cwd(), confined: false },
        orientation: presets.every((p) => PRESETS[p].height > PRESETS[p].width)
          ? "portrait"
          : "landscape",
        onWarning: (message) => emit({ type: "warning", message }),
      });
      emit({ type: "stage", stage: "visuals", status: "done" });
      for (const preset of presets) {
        try {
          const props = composeVideoProps({
            preset,
            script,
            voiceover,
            sections,
            narrationSrc,
            music,
            theme: options.theme,
            captions: options.captions,
          });
          prepared.push({ preset, props, script, voiceover });
        } catch (error) {
          if (!(error instanceof PresetDurationError)) throw error;
          outcomes.push({ preset, ok: false, error: error.message });
          emit({ type: "warning", preset, message: error.message });
        }
      }
    } catch (error) {
      for (const preset of presets)
        outcomes.push({ preset, ok: false, error: (error as Error).message });
      emit({
        type: "warning",
        message: `${presets.join(", ")}: ${(error as Error).message}`,
      });
    }
  }

  return { prepared, failures: outcomes };

  /** A group's finished narration: its warnings passed on, its audio in the media store. */
  async function narrated(script: Script, voiceover: Voiceover) {
    for (const message of voiceover.warnings)
      emit({ type: "warning", message });
    return {
      script,
      voiceover,
      narrationSrc: await tools.store.putFile(voiceover.audioFile),
    };
  }

  /**
   * Script and voice for a group of presets, fitted to the length they all take: when the
   * narration misses it, the script is redone at the pace the voice really spoke; then the
   * narration is re-timed slightly (at most 15 % faster or slower); then, if still too long,
   * the last points are left out. What cannot be fitted (an article too short to fill the
   * shortest preset) is left to the preset's duration error, which names the remedy.
   */
  async function narrate({
    type,
    presets,
  }: {
    type: VideoType;
    presets: PresetId[];
  }) {
    const target = narrationTarget(type, presets);
    let wordsPerMinute: number | undefined;
    let speed = options.speed;
    let keep: number | undefined;
    for (let attempt = 1; ; attempt++) {
      emit({
        type: "stage",
        stage: "script",
        status: "start",
        detail: `${type} for ${presets.join(", ")}`,
      });
      const scripted = storyboard
        ? { script: storyboardScript(storyboard, article, type), cached: false }
        : await scriptStage(tools, article, {
            type,
            presets,
            wordsPerMinute,
            input: options.topic
              ? "topic"
              : options.story
                ? "story"
                : "article",
          });
      const script =
        keep === undefined
          ? scripted.script
          : keepPoints(scripted.script, keep);
      emit({
        type: "stage",
        stage: "script",
        status: scripted.cached ? "cached" : "done",
        detail: `${script.points.length} points, ~${Math.round(script.totalEstimatedDurationSec)} s`,
      });

      emit({ type: "stage", stage: "voice", status: "start" });
      if (options.narrationFile) {
        const work = await mkdtemp(path.join(tmpdir(), "rw-narration-"));
        try {
          const { voiceover } = await userNarration({
            file: options.narrationFile,
            segments: narrationSegments(script),
            language: article.language,
            workDir: work,
          });
          emit({
            type: "stage",
            stage: "voice",
            status: "done",
            detail: `${(voiceover.durationMs / 1000).toFixed(1)} s, your narration`,
          });
          // Awaited here: the recording is stored before its folder goes.
          return await narrated(script, voiceover);
        } finally {
          await rm(work, { recursive: true, force: true });
        }
      }
      const voiced = await voiceStage(tools, script, {
        voice: { provider: options.voiceProvider, id: options.voice },
        speed,
      });
      const voiceover = voiced.voiceover;
      emit({
        type: "stage",
        stage: "voice",
        status: voiced.cached ? "cached" : "done",
        detail: `${(voiceover.durationMs / 1000).toFixed(1)} s, ${voiceover.provider}/${voiceover.voice} (${voiceover.language})`,
      });

      const next = nextFitStep(voiceover, target, {
        attempt,
        asWritten: Boolean(storyboard || options.story),
        trimmed: keep !== undefined,
      });
      log.info(
        { attempt, seconds: voiceover.durationMs / 1000, target, next },
        "narration measured",
      );
      if (next === "rescript") {
        wordsPerMinute = spokenWordsPerMinute(voiceover);
      } else if (next === "retime") {
        speed = retimeSpeed(voiceover, target)!;
        emit({
          type: "warning",
          message: `The narration ran ${formatDuration(voiceover.durationMs)} for ${presets.join(", ")} (${formatDuration(target.min * 1000)}–${formatDuration(target.max * 1000)}): re-timed at speed ${speed} to fit`,
        });
      } else if (next === "trim") {
        keep = pointsThatFit(voiceover, script, target);
        emit({
          type: "warning",
          message: `The narration ran ${formatDuration(voiceover.durationMs)} for ${presets.join(", ")} (at most ${formatDuration(target.max * 1000)}): the last ${script.points.length - keep} of ${script.points.length} points are left out to fit`,
        });
      } else {
        return narrated(script, voiceover);
      }
    }
  }
}

/** A topic is refused without a model to script it: a usage error (exit code 2 in the CLI). */
export class TopicNeedsModelError extends Error {}

async function readInput(
  options: MakeOptions,
  config: Config,
): Promise<Content & { dir: string }> {
  if (options.topic !== undefined) {
    const problem = topicProblem(config);
    if (problem) throw new TopicNeedsModelError(problem);
    return {
      article: topicArticle(options.topic),
      storyboard: null,
      dir: process.cwd(),
    };
  }
  if (!options.articlePath) throw new Error("Give an article file or a topic");
  const file = path.resolve(options.articlePath);
  const content = await readContentFile(file);
  if (options.story && content.storyboard)
    throw new Error(`${file} is a storyboard (it has scenes), not a story`);
  return { ...content, dir: path.dirname(file) };
}

/**
 * The whole pipeline for one article: the props of each preset, then for each an MP4, thumbnail,
 * captions and metadata. A preset that fails is reported and the others still render.
 */
export async function makeVideos(
  options: MakeOptions,
): Promise<PresetOutcome[]> {
  const config = options.config ?? loadConfig();
  const emit = options.onEvent ?? (() => {});
  const { prepared, failures } = await prepareVideos({ ...options, config });
  const outcomes = [...failures];
  if (prepared.length) {
    const serveUrl = await bundleAsStage(config, emit);
    const browser = await startBrowser();
    try {
      for (const item of prepared)
        outcomes.push(await renderPreset(item, serveUrl, browser));
    } finally {
      await browser.close({ silent: true });
    }
  }
  return options.presets.map((p) => outcomes.find((o) => o.preset === p)!);

  async function renderPreset(
    item: PreparedVideo,
    serveUrl: string,
    browser: Awaited<ReturnType<typeof startBrowser>>,
  ): Promise<PresetOutcome> {
    const { preset, props, script } = item;
    const out = (suffix: string) =>
      path.join(options.outDir, `${preset}${suffix}`);
    const files = {
      video: out(".mp4"),
      srt: out(".srt"),
      vtt: out(".vtt"),
      thumbnail: out(".thumbnail.jpg"),
      captions: out(".captions.json"),
    };
    try {
      await writeFileAtomically(
        out(".props.json"),
        JSON.stringify(props, null, 2),
      );
      emit({ type: "stage", stage: "render", status: "start", preset });
      const probe = await renderVideo({
        serveUrl,
        props,
        outFile: files.video,
        browser,
        scale: options.scale,
        quality: options.quality,
        backend: options.backend,
        mediaDir: config.mediaDir,
        onProgress: (p) =>
          emit({
            type: "progress",
            stage: "render",
            preset,
            fraction: p.fraction,
            etaMs: p.etaMs,
          }),
      });
      emit({ type: "stage", stage: "render", status: "done", preset });
      emit({ type: "stage", stage: "thumbnail", status: "start", preset });
      await renderThumbnail({
        serveUrl,
        props,
        outFile: files.thumbnail,
        browser,
      });
      emit({ type: "stage", stage: "thumbnail", status: "done", preset });
      // From the narration, not the props: a video without captions still gets its caption files.
      const words = wordsToCaptions(item.voiceover.words).map((c) => ({
        text: c.text,
        startMs: c.startMs,
        endMs: c.endMs,
      }));
      await writeFileAtomically(files.srt, toSrt(words));
      await writeFileAtomically(files.vtt, toVtt(words));
      await writeFileAtomically(
        files.captions,
        JSON.stringify({ language: item.voiceover.language, words }, null, 2),
      );
      const metadata = buildMetadata(
        script,
        props,
        relativeFiles(files),
        probe.sizeBytes,
        item.voiceover,
      );
      await writeFileAtomically(
        out(".metadata.json"),
        JSON.stringify(metadata, null, 2),
      );
      return { preset, ok: true, files, metadata };
    } catch (error) {
      log.error({ preset, err: error }, "preset failed");
      return { preset, ok: false, error: (error as Error).message };
    }
  }

  function relativeFiles(
    files: VideoMetadata["files"],
  ): VideoMetadata["files"] {
    const rel = (f: string) => path.basename(f);
    return {
      video: rel(files.video),
      srt: rel(files.srt),
      vtt: rel(files.vtt),
      thumbnail: rel(files.thumbnail),
      ...(files.captions ? { captions: rel(files.captions) } : {}),
    };
  }
}

/** Re-renders a saved props file (from `make`, or edited by hand). */
export async function renderPropsFile(options: {
  propsFile: string;
  outFile: string;
  onProgress?: (fraction: number, etaMs: number) => void;
  backend?: RenderBackend;
  config?: Config;
}) {
  const config = options.config ?? loadConfig();
  const { readFile } = await import("node:fs/promises");
  let json: unknown;
  try {
    json = JSON.parse(await readFile(options.propsFile, "utf8"));
  } catch (error) {
    throw new Error(
      `Cannot read the props file ${options.propsFile}: ${(error as Error).message}`,
    );
  }
  const parsed = videoPropsSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(
      `Invalid props file ${options.propsFile}: ${issue.path.join(".") || "(root)"}: ${issue.message}`,
    );
  }
  // Lambda renders the deployed site; only a local render needs the bundle.
  const serveUrl =
    options.backend === "lambda"
      ? ""
      : await ensureBundle({
          homeDir: config.homeDir,
          mediaDir: config.mediaDir,
        });
  return renderVideo({
    serveUrl,
    props: parsed.data,
    outFile: options.outFile,
    backend: options.backend,
    mediaDir: config.mediaDir,
    onProgress: (p) => options.onProgress?.(p.fraction, p.etaMs),
  });
}
