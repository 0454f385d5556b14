import { rm } from "node:fs/promises";
import path from "node:path";
import {
  combineChunks,
  makeCancelSignal,
  openBrowser,
  renderMedia,
  type CancelSignal,
  type HeadlessBrowser,
  type RenderMediaOptions,
} from "@remotion/renderer";

/** Below this many frames a piece costs more in browser start-up than it saves. */
export const MIN_FRAMES_PER_PIECE = 90;

export type FrameRange = [number, number];

/**
 * Splits an inclusive frame range into at most `pieces` consecutive ranges of equal length (the
 * last may be shorter), never shorter than MIN_FRAMES_PER_PIECE. `combineChunks` needs every
 * piece but the last to have the same length.
 */
export function planPieces(
  [first, last]: FrameRange,
  pieces: number,
): FrameRange[] {
  const frames = last - first + 1;
  const count = Math.max(
    1,
    Math.min(Math.floor(pieces), Math.floor(frames / MIN_FRAMES_PER_PIECE)),
  );
  const length = Math.ceil(frames / count);
  const ranges: FrameRange[] = [];
  for (let start = first; start <= last; start += length)
    ranges.push([start, Math.min(last, start + length - 1)]);
  return ranges;
}

/** Everything of a renderMedia call that is the same for every piece. */
export type SharedRenderOptions = Omit<
  RenderMediaOptions,
  | "outputLocation"
  | "frameRange"
  | "codec"
  | "separateAudioTo"
  | "forSeamlessAacConcatenation"
  | "compositionStart"
  | "puppeteerInstance"
  | "cancelSignal"
  | "onProgress"
> & { browserExecutable: string | null };

export type RenderProgress = {
  fraction: number;
  renderedFrames: number;
  encodedFrames: number;
  etaMs: number;
};

export const toRenderProgress = (
  p: Parameters<NonNullable<RenderMediaOptions["onProgress"]>>[0],
): RenderProgress => ({
  fraction: p.progress,
  renderedFrames: p.renderedFrames,
  encodedFrames: p.encodedFrames,
  etaMs: p.renderEstimatedTime,
});

/** The two files of one piece: MPEG-TS video and AAC audio, both encoded for seamless joining. */
export type PieceFiles = { video: string; audio: string };

/**
 * Renders one piece of a longer render as MPEG-TS video plus AAC audio encoded for seamless
 * concatenation (Remotion's chunked recipe, as on Lambda), for `joinPieces` to assemble. The fleet
 * renders each piece in its own job, possibly on another machine.
 */
export async function renderPiece(options: {
  shared: SharedRenderOptions;
  range: FrameRange;
  files: PieceFiles;
  browser: HeadlessBrowser;
  cancelSignal?: CancelSignal;
  onProgress?: (progress: RenderProgress) => void;
}): Promise<void> {
  const { shared, range, files } = options;
  await renderMedia({
    ...shared,
    puppeteerInstance: options.browser,
    outputLocation: files.video,
    codec: "h264-ts",
    separateAudioTo: files.audio,
    forSeamlessAacConcatenation: true,
    compositionStart: range[0],
    frameRange: range,
    cancelSignal: options.cancelSignal,
    onProgress: (p) => options.onProgress?.(toRenderProgress(p)),
  });
}

/**
 * Joins pieces rendered by `renderPiece` (every one but the last of the same length) into one
 * H.264/AAC MP4 without re-encoding the video. Paths must be absolute: Remotion runs ffmpeg in
 * another folder and lists the pieces in a file of its own.
 */
export async function joinPieces(options: {
  files: PieceFiles[];
  ranges: FrameRange[];
  outputLocation: string;
  fps: number;
  compositionDurationInFrames: number;
  audioBitrate: SharedRenderOptions["audioBitrate"];
  logLevel: SharedRenderOptions["logLevel"];
  cancelSignal?: CancelSignal;
  /** 0..1 */
  onProgress?: (fraction: number) => void;
}): Promise<void> {
  const { files, ranges } = options;
  await combineChunks({
    outputLocation: options.outputLocation,
    videoFiles: files.map((f) => f.video),
    audioFiles: files.map((f) => f.audio),
    codec: "h264",
    audioCodec: "aac",
    audioBitrate: options.audioBitrate,
    fps: options.fps,
    framesPerChunk: ranges[0][1] - ranges[0][0] + 1,
    preferLossless: false,
    compositionDurationInFrames: options.compositionDurationInFrames,
    frameRange: [ranges[0][0], ranges.at(-1)![1]],
    logLevel: options.logLevel,
    cancelSignal: options.cancelSignal,
    onProgress: (p) => options.onProgress?.(p.totalProgress),
  });
}

/**
 * Renders the pieces side by side in this process, each in its own browser, then joins them into
 * `outputLocation`. One browser's GPU process composites every frame on one thread, so on two
 * cores a single render keeps only about 1.6 of them busy; two browsers keep 1.8 busy
 * (docs/benchmarks.md). The pieces are written next to the output, with its temporary name, and
 * removed afterwards. A failed piece cancels the others.
 */
export async function renderInPieces(options: {
  shared: SharedRenderOptions;
  ranges: FrameRange[];
  outputLocation: string;
  fps: number;
  compositionDurationInFrames: number;
  /** Used by the first piece; the others start their own. */
  browser?: HeadlessBrowser;
  cancelSignal?: CancelSignal;
  onProgress?: (progress: RenderProgress) => void;
}): Promise<void> {
  const { shared, ranges, outputLocation, fps } = options;
  const base = path.resolve(outputLocation);
  const files = ranges.map((_, i) => ({
    video: `${base}.piece${i}.ts`,
    audio: `${base}.piece${i}.aac`,
  }));
  const { cancelSignal, cancel } = makeCancelSignal();
  options.cancelSignal?.(cancel);
  const lengths = ranges.map(([a, b]) => b - a + 1);
  const total = lengths.reduce((sum, n) => sum + n, 0);
  const state: RenderProgress[] = ranges.map(() => ({
    fraction: 0,
    renderedFrames: 0,
    encodedFrames: 0,
    etaMs: 0,
  }));
  const report = (joined: number) =>
    options.onProgress?.({
      // Joining takes about 1 % of the time.
      fraction:
        (0.99 * state.reduce((sum, s, i) => sum + s.fraction * lengths[i], 0)) /
          total +
        0.01 * joined,
      renderedFrames: state.reduce((sum, s) => sum + s.renderedFrames, 0),
      encodedFrames: state.reduce((sum, s) => sum + s.encodedFrames, 0),
      etaMs: Math.max(...state.map((s) => s.etaMs)),
    });

  // The first failure is the one to report; the pieces it cancels fail with a cancellation.
  let firstError: unknown;
  const renderOne = async (range: FrameRange, i: number) => {
    let browser: HeadlessBrowser | undefined;
    try {
      browser =
        i === 0 && options.browser
          ? options.browser
          : await openBrowser("chrome", {
              browserExecutable: shared.browserExecutable,
              logLevel: shared.logLevel,
            });
      await renderPiece({
        shared,
        range,
        files: files[i],
        browser,
        cancelSignal,
        onProgress: (p) => {
          state[i] = p;
          report(0);
        },
      });
    } catch (error) {
      firstError ??= error;
      cancel();
    } finally {
      if (browser && browser !== options.browser)
        await browser.close({ silent: true });
    }
  };

  try {
    await Promise.all(ranges.map(renderOne));
    if (firstError) throw firstError;
    await joinPieces({
      files,
      ranges,
      outputLocation: base,
      fps,
      compositionDurationInFrames: options.compositionDurationInFrames,
      audioBitrate: shared.audioBitrate,
      logLevel: shared.logLevel,
      cancelSignal,
      onProgress: report,
    });
  } finally {
    await Promise.all(
      files
        .flatMap((f) => [f.video, f.audio])
        .map((f) => rm(f, { force: true })),
    );
  }
}
