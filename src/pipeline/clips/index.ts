import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { HeadlessBrowser } from "@remotion/renderer";
import type { ClipProps } from "../../compositions/clip-schema";
import { PRESETS, type PresetId } from "../../compositions/presets";
import { DEFAULT_THEME } from "../../compositions/schema";
import { loadConfig, type Config } from "../../config";
import { writeFileAtomically } from "../../files";
import { log } from "../../log";
import { toSrt, toVtt, wordsToCaptions } from "../captions";
import { MediaStore } from "../media-store";
import { ensureBundle, renderVideo, startBrowser } from "../render";
import { run } from "../voice/audio";
import { clipMetadata, type ClipMetadata } from "./metadata";
import {
  findMoments,
  loudnessProfile,
  type Moment,
  type ScoreComponent,
} from "./moments";
import { talkKeywords } from "./moments/heuristic";
import { reframe, type ShotFraming } from "./reframe";
import { resolveSource, type ClipSource } from "./source";
import { extractSpeechAudio, transcribe } from "./transcribe";
import type { Transcript, TranscriptWord } from "./transcript";

export type ClipsStage =
  | "source"
  | "transcribe"
  | "moments"
  | "bundle"
  | "reframe"
  | "render"
  | "thumbnail";

export type ClipsEvent =
  | {
      type: "stage";
      stage: ClipsStage;
      status: "start" | "done";
      detail?: string;
      /** Which clip (`clip-2`), for the per-clip stages. */
      preset?: string;
    }
  | {
      type: "progress";
      stage: ClipsStage;
      fraction: number;
      preset?: string;
      etaMs?: number;
    }
  | { type: "warning"; message: string; preset?: string };

export type ClipsOptions = {
  /** A local video file or an http(s) URL. */
  source: string;
  outDir: string;
  count: number;
  minMs: number;
  maxMs: number;
  preset: PresetId;
  /** Output size relative to the preset (drafts, tests). */
  scale?: number;
  /** A title over the first seconds of each clip. */
  hook?: boolean;
  cta?: { text: string; subtext: string } | null;
  maxSourceBytes?: number;
  onEvent?: (event: ClipsEvent) => void;
  config?: Config;
};

export type ClipResult = ClipMetadata & {
  number: number;
  /** The span in the source, ms. */
  startMs: number;
  endMs: number;
  durationMs: number;
  score: number;
  components: Record<string, ScoreComponent>;
  reason: string | null;
  /** The clip's shots (ms from its start) and how each was reframed. */
  shots: Array<Pick<ShotFraming, "startMs" | "endMs" | "mode">>;
  files: {
    video: string;
    srt: string;
    vtt: string;
    thumbnail: string;
    metadata: string;
  };
  sizeBytes: number;
};

export type ClipsManifest = {
  source: string;
  sourceDurationMs: number;
  preset: PresetId;
  transcriber: string;
  selector: string;
  range: { count: number; minMs: number; maxMs: number };
  clips: ClipResult[];
  /** Clips that could not be made (the others still are). */
  failures: Array<{ number: number; error: string }>;
};

/** The hook title stays up this long (or the whole clip, if shorter). */
const HOOK_MS = 3000;

/**
 * A long video in, short vertical clips out: source → transcribe → moments → (per clip)
 * reframe → render (checked) → thumbnail, captions, metadata; and clips.json listing them with
 * their scores.
 */
export async function makeClips(options: ClipsOptions): Promise<ClipsManifest> {
  const config = options.config ?? loadConfig();
  const emit = options.onEvent ?? (() => {});
  const warn = (message: string) => emit({ type: "warning", message });
  const work = await mkdtemp(path.join(tmpdir(), "rw-clips-"));
  try {
    emit({ type: "stage", stage: "source", status: "start" });
    const source = await resolveSource(options.source, work, {
      maxBytes: options.maxSourceBytes,
      allowedHosts: config.REELWRIGHT_ALLOW_PRIVATE_FETCH_HOSTS,
    });
    emit({
      type: "stage",
      stage: "source",
      status: "done",
      detail: `${source.width}x${source.height}, ${Math.round(source.durationMs / 1000)} s`,
    });

    emit({ type: "stage", stage: "transcribe", status: "start" });
    const speech = await extractSpeechAudio(source.file, work);
    const transcript = await transcribe({
      ...speech,
      config,
      onProgress: (fraction) =>
        emit({ type: "progress", stage: "transcribe", fraction }),
      onWarning: warn,
    });
    await mkdir(options.outDir, { recursive: true });
    await writeFileAtomically(
      path.join(options.outDir, "transcript.json"),
      JSON.stringify(transcript, null, 2),
    );
    emit({
      type: "stage",
      stage: "transcribe",
      status: "done",
      detail: `${transcript.words.length} words, ${transcript.sentences.length} sentences (${transcript.provider})`,
    });

    emit({ type: "stage", stage: "moments", status: "start" });
    const range = {
      count: options.count,
      minMs: options.minMs,
      maxMs: options.maxMs,
    };
    const { provider, moments } = await findMoments({
      transcript,
      levels: await loudnessProfile(speech.wav),
      moments: range,
      config,
      onWarning: warn,
    });
    if (!moments.length) {
      throw new Error(
        `No run of whole sentences lasts ${range.minMs / 1000}–${range.maxMs / 1000} s in this source (${transcript.sentences.length} sentences found)`,
      );
    }
    if (moments.length < range.count)
      warn(`Only ${moments.length} moments fit without overlapping`);
    emit({
      type: "stage",
      stage: "moments",
      status: "done",
      detail: `${moments.length} (${provider})`,
    });

    emit({ type: "stage", stage: "bundle", status: "start" });
    const serveUrl = await ensureBundle({
      homeDir: config.homeDir,
      mediaDir: config.mediaDir,
      onProgress: (fraction) =>
        emit({ type: "progress", stage: "bundle", fraction }),
    });
    const src = await new MediaStore(config.mediaDir).putFile(source.file);
    emit({ type: "stage", stage: "bundle", status: "done" });

    const keywords = talkKeywords(transcript);
    const browser = await startBrowser();
    const clips: ClipResult[] = [];
    const failures: ClipsManifest["failures"] = [];
    try {
      for (const [i, moment] of moments.entries()) {
        try {
          clips.push(
            await renderClip(i + 1, moment, {
              serveUrl,
              browser,
              src,
              source,
              transcript,
              keywords,
            }),
          );
        } catch (error) {
          log.error({ clip: i + 1, err: error }, "clip failed");
          failures.push({ number: i + 1, error: (error as Error).message });
          emit({
            type: "warning",
            message: (error as Error).message,
            preset: `clip-${i + 1}`,
          });
        }
      }
    } finally {
      await browser.close({ silent: true });
    }
    const manifest: ClipsManifest = {
      source: options.source,
      sourceDurationMs: source.durationMs,
      preset: options.preset,
      transcriber: transcript.provider,
      selector: provider,
      range,
      clips,
      failures,
    };
    await writeFileAtomically(
      path.join(options.outDir, "clips.json"),
      JSON.stringify(manifest, null, 2),
    );
    return manifest;
  } finally {
    await rm(work, { recursive: true, force: true });
  }

  async function renderClip(
    number: number,
    moment: Moment,
    ctx: {
      serveUrl: string;
      browser: HeadlessBrowser;
      src: string;
      source: ClipSource;
      transcript: Transcript;
      keywords: Map<string, number>;
    },
  ): Promise<ClipResult> {
    const label = `clip-${number}`;
    const out = (suffix: string) =>
      path.join(options.outDir, `${label}${suffix}`);
    const spec = PRESETS[options.preset];
    const { transcript, source } = ctx;
    const durationMs = moment.endMs - moment.startMs;

    emit({ type: "stage", stage: "reframe", status: "start", preset: label });
    const shots = await reframe({
      source: source.file,
      startMs: moment.startMs,
      endMs: moment.endMs,
      sourceAspect: source.width / source.height,
      targetAspect: spec.width / spec.height,
    });
    const cropped = shots.filter((s) => s.mode === "crop").length;
    emit({
      type: "stage",
      stage: "reframe",
      status: "done",
      preset: label,
      detail: `${shots.length} shots, ${cropped} following a subject`,
    });

    const first = transcript.sentences[moment.firstSentence];
    const last = transcript.sentences[moment.lastSentence];
    const words: TranscriptWord[] = transcript.words
      .slice(first.firstWord, last.lastWord + 1)
      .map((w) => ({
        text: w.text,
        startMs: w.startMs - moment.startMs,
        endMs: Math.min(durationMs, w.endMs - moment.startMs),
      }));
    // Offline transcripts come in lower case: each sentence starts with a capital in the captions.
    const sentenceStarts = new Set(
      transcript.sentences
        .slice(moment.firstSentence, moment.lastSentence + 1)
        .map((s) => s.firstWord - first.firstWord),
    );
    const shown = words.map((w, k) => ({
      ...w,
      text: sentenceStarts.has(k)
        ? w.text.charAt(0).toUpperCase() + w.text.slice(1)
        : w.text,
    }));
    const metadata = clipMetadata(
      moment,
      shown,
      first.text,
      ctx.keywords,
      options.preset,
    );
    const props: ClipProps = {
      preset: options.preset,
      title: metadata.title,
      source: {
        src: ctx.src,
        width: source.width,
        height: source.height,
        startMs: moment.startMs,
        endMs: moment.endMs,
      },
      durationMs,
      shots,
      captions: wordsToCaptions(shown),
      hook:
        options.hook === false
          ? null
          : { text: metadata.hook, durationMs: Math.min(HOOK_MS, durationMs) },
      cta: options.cta ?? null,
      theme: DEFAULT_THEME,
    };
    const files = {
      video: out(".mp4"),
      srt: out(".srt"),
      vtt: out(".vtt"),
      thumbnail: out(".thumbnail.jpg"),
      metadata: out(".metadata.json"),
    };
    await writeFileAtomically(
      out(".props.json"),
      JSON.stringify(props, null, 2),
    );

    emit({ type: "stage", stage: "render", status: "start", preset: label });
    const probe = await renderVideo({
      serveUrl: ctx.serveUrl,
      props,
      composition: "clip",
      outFile: files.video,
      browser: ctx.browser,
      scale: options.scale,
      onProgress: (p) =>
        emit({
          type: "progress",
          stage: "render",
          preset: label,
          fraction: p.fraction,
          etaMs: p.etaMs,
        }),
    });
    emit({ type: "stage", stage: "render", status: "done", preset: label });

    emit({ type: "stage", stage: "thumbnail", status: "start", preset: label });
    // A frame of the clip itself, once the hook title is up.
    await run("ffmpeg", [
      "-v",
      "error",
      "-y",
      "-ss",
      String(Math.min(1.5, durationMs / 2000)),
      "-i",
      files.video,
      "-frames:v",
      "1",
      "-q:v",
      "3",
      files.thumbnail,
    ]);
    emit({ type: "stage", stage: "thumbnail", status: "done", preset: label });

    await writeFileAtomically(files.srt, toSrt(shown));
    await writeFileAtomically(files.vtt, toVtt(shown));
    const result: ClipResult = {
      number,
      ...metadata,
      startMs: moment.startMs,
      endMs: moment.endMs,
      durationMs,
      score: moment.score,
      components: moment.components,
      reason: moment.reason ?? null,
      shots: shots.map(({ startMs, endMs, mode }) => ({
        startMs,
        endMs,
        mode,
      })),
      files: Object.fromEntries(
        Object.entries(files).map(([k, f]) => [k, path.basename(f)]),
      ) as ClipResult["files"],
      sizeBytes: probe.sizeBytes,
    };
    await writeFileAtomically(files.metadata, JSON.stringify(result, null, 2));
    log.info({ clip: label, ms: durationMs }, "clip made");
    return result;
  }
}
