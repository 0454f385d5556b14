import path from "node:path";
import type { HeadlessBrowser } from "@remotion/renderer";
import type { ClipProps } from "../../compositions/clip-schema";
import { PRESETS, type PresetId } from "../../compositions/presets";
import { DEFAULT_THEME } from "../../compositions/schema";
import { writeFileAtomically } from "../../files";
import { log } from "../../log";
import { toSrt, toVtt, wordsToCaptions } from "../captions";
import { renderVideo, type RenderVideoOptions } from "../render";
import { run } from "../voice/audio";
import { clipMetadata, type ClipMetadata } from "./metadata";
import type { Moment, ScoreComponent } from "./moments";
import { wordSpanEdges } from "./moments/heuristic";
import { reframe, type ShotFraming } from "./reframe";
import type { ClipSource } from "./source";
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

/** A run of the transcript's words (indices) and where it plays in the source (ms). */
export type ClipSpan = {
  firstWord: number;
  lastWord: number;
  startMs: number;
  endMs: number;
};

export type ClipResult = ClipMetadata & {
  number: number;
  /** The span in the source, ms. */
  startMs: number;
  endMs: number;
  durationMs: number;
  /** The span's first and last word in the transcript. */
  firstWord: number;
  lastWord: number;
  score: number;
  components: Record<string, ScoreComponent>;
  reason: string | null;
  /** The clip's shots (ms from its start) and how each was reframed. */
  shots: Array<Pick<ShotFraming, "startMs" | "endMs" | "mode">>;
  /** The files' names in the output folder. */
  files: ClipFiles;
  sizeBytes: number;
};

export type ClipFiles = {
  video: string;
  srt: string;
  vtt: string;
  thumbnail: string;
  metadata: string;
};

/** The hook title stays up this long (or the whole clip, if shorter). */
const HOOK_MS = 3000;

/** The words of a moment (whole sentences). */
export function momentSpan(transcript: Transcript, moment: Moment): ClipSpan {
  return {
    firstWord: transcript.sentences[moment.firstSentence].firstWord,
    lastWord: transcript.sentences[moment.lastSentence].lastWord,
    startMs: moment.startMs,
    endMs: moment.endMs,
  };
}

/** A span someone chose word by word (the review app's clip editor). */
export function wordSpan(
  transcript: Transcript,
  firstWord: number,
  lastWord: number,
): ClipSpan {
  if (
    firstWord < 0 ||
    lastWord < firstWord ||
    lastWord >= transcript.words.length
  )
    throw new RangeError(
      `Words ${firstWord}–${lastWord} are not a span of the transcript's ${transcript.words.length} words`,
    );
  return {
    firstWord,
    lastWord,
    ...wordSpanEdges(transcript, firstWord, lastWord),
  };
}

export type RenderClipOptions = {
  number: number;
  span: ClipSpan;
  /** Why the span was picked, and what the model said about it (title, hook, hashtags). */
  pick: Pick<
    Moment,
    "score" | "components" | "reason" | "title" | "hook" | "hashtags"
  >;
  transcript: Transcript;
  keywords: Map<string, number>;
  source: ClipSource;
  /** The source as the render bundle sees it (`media/<hash>.mp4`). */
  src: string;
  preset: PresetId;
  scale?: number;
  /** A title over the first seconds of the clip. */
  hook?: boolean;
  cta?: { text: string; subtext: string } | null;
  outDir: string;
  serveUrl: string;
  browser: HeadlessBrowser;
  cancelSignal?: RenderVideoOptions["cancelSignal"];
  onEvent?: (event: ClipsEvent) => void;
};

/**
 * One clip: reframe its span, compose `ClipProps`, render and check it, then its thumbnail,
 * captions and metadata, all as `clip-<number>.*` in `outDir`.
 */
export async function renderClip(
  options: RenderClipOptions,
): Promise<ClipResult> {
  const { span, transcript, source, number } = options;
  const emit = options.onEvent ?? (() => {});
  const label = `clip-${number}`;
  const out = (suffix: string) =>
    path.join(options.outDir, `${label}${suffix}`);
  const spec = PRESETS[options.preset];
  const durationMs = span.endMs - span.startMs;

  emit({ type: "stage", stage: "reframe", status: "start", preset: label });
  const shots = await reframe({
    source: source.file,
    startMs: span.startMs,
    endMs: span.endMs,
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

  const words: TranscriptWord[] = transcript.words
    .slice(span.firstWord, span.lastWord + 1)
    .map((w) => ({
      text: w.text,
      startMs: Math.max(0, w.startMs - span.startMs),
      endMs: Math.min(durationMs, w.endMs - span.startMs),
    }));
  // Offline transcripts come in lower case: each sentence starts with a capital in the captions.
  const sentenceStarts = new Set(
    transcript.sentences.map((s) => s.firstWord - span.firstWord),
  );
  sentenceStarts.add(0);
  const shown = words.map((w, k) => ({
    ...w,
    text: sentenceStarts.has(k)
      ? w.text.charAt(0).toUpperCase() + w.text.slice(1)
      : w.text,
  }));
  const firstSentence = transcript.sentences.find(
    (s) => s.lastWord >= span.firstWord,
  )!;
  const metadata = clipMetadata(
    options.pick,
    shown,
    shown
      .slice(0, firstSentence.lastWord - span.firstWord + 1)
      .map((w) => w.text)
      .join(" "),
    options.keywords,
    options.preset,
  );
  const props: ClipProps = {
    preset: options.preset,
    title: metadata.title,
    source: {
      src: options.src,
      width: source.width,
      height: source.height,
      startMs: span.startMs,
      endMs: span.endMs,
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
  await writeFileAtomically(out(".props.json"), JSON.stringify(props, null, 2));

  emit({ type: "stage", stage: "render", status: "start", preset: label });
  const probe = await renderVideo({
    serveUrl: options.serveUrl,
    props,
    composition: "clip",
    outFile: files.video,
    browser: options.browser,
    scale: options.scale,
    cancelSignal: options.cancelSignal,
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
    startMs: span.startMs,
    endMs: span.endMs,
    durationMs,
    firstWord: span.firstWord,
    lastWord: span.lastWord,
    score: options.pick.score,
    components: options.pick.components,
    reason: options.pick.reason ?? null,
    shots: shots.map(({ startMs, endMs, mode }) => ({ startMs, endMs, mode })),
    files: Object.fromEntries(
      Object.entries(files).map(([k, f]) => [k, path.basename(f)]),
    ) as ClipFiles,
    sizeBytes: probe.sizeBytes,
  };
  await writeFileAtomically(files.metadata, JSON.stringify(result, null, 2));
  log.info({ clip: label, ms: durationMs }, "clip made");
  return result;
}
