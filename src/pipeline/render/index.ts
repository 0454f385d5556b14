import path from "node:path";
import {
  openBrowser,
  renderMedia,
  renderStill,
  selectComposition,
  type HeadlessBrowser,
  type X264Preset,
} from "@remotion/renderer";
import {
  compositionId,
  thumbnailId,
  type PresetId,
} from "../../compositions/presets";
import type { ClipProps } from "../../compositions/clip-schema";
import type { VideoProps } from "../../compositions/schema";
import { writeAtomically } from "../../files";
import {
  DISABLE_FROM_SURFACE_ENV,
  RENDER_DEFAULTS,
  type RenderQuality,
  resolveBrowserExecutable,
} from "../../render-settings";
import {
  joinPieces,
  planPieces,
  renderInPieces,
  renderPiece,
  toRenderProgress,
  type FrameRange,
  type PieceFiles,
  type RenderProgress,
  type SharedRenderOptions,
} from "./chunks";
import { encoderPlan, finishRender } from "./output";
import type { MediaProbe } from "./probe";

export { bundleAsStage, ensureBundle } from "./bundle";
export { checkRender, probeMedia, type MediaProbe } from "./probe";
export { RenderCheckError, renderScale } from "./output";

/**
 * Remotion calls `process.report.getReport()` before every ffmpeg call (to tell musl from glibc).
 * With its network section the report looks up the peer of every open socket: with two browsers
 * connected and no DNS server that blocked the event loop for 5 s, heartbeats included.
 */
Object.assign(process.report, { excludeNetwork: true }); // Node ≥ 20.13; not in @types/node 20

/** Remotion's own console output (memory notices and the like) stays quiet unless asked for. */
const REMOTION_LOG_LEVEL =
  process.env.REMOTION_LOG_LEVEL === "verbose" ? "verbose" : "error";

export {
  planPieces,
  type FrameRange,
  type PieceFiles,
  type RenderProgress,
} from "./chunks";

/** One browser shared by every render of a run: starting Chromium costs about a second each time. */
export const startBrowser = (): Promise<HeadlessBrowser> =>
  openBrowser("chrome", {
    browserExecutable: resolveBrowserExecutable(),
    logLevel: REMOTION_LOG_LEVEL,
  });

export type RenderVideoOptions = {
  serveUrl: string;
  props: VideoProps | ClipProps;
  /** The composition to render; the preset's own by default (clips render `clip`). */
  composition?: string;
  outFile: string;
  browser?: HeadlessBrowser;
  /** Output size relative to the preset (tests render at reduced scale). */
  scale?: number;
  /** Render only these frames (inclusive); tests render a few seconds. */
  frameRange?: [number, number];
  onProgress?: (progress: RenderProgress) => void;
  cancelSignal?: Parameters<typeof renderMedia>[0]["cancelSignal"];
  /** A quality preset: its size multiplies `scale`, its encoder settings apply. */
  quality?: RenderQuality;
  /** Overrides of the encoder and browser defaults (the benchmark compares them). */
  settings?: Partial<RenderLevers>;
  /** Where the frames are rendered: this machine's browsers (default) or Remotion Lambda. */
  backend?: RenderBackend;
  /** Lambda: the media store the props' `media/…` files come from. */
  mediaDir?: string;
  /** Lambda: stops waiting for the render. */
  signal?: AbortSignal;
};

export type RenderBackend = "local" | "lambda";

/** The defaults a benchmark may vary. */
export type RenderLevers = {
  imageFormat: "jpeg" | "png";
  concurrency: number;
  x264Preset: X264Preset;
  jpegQuality: number;
  captureFromSurface: boolean;
  /** How many parts of the frame range render side by side, each in its own browser. */
  pieces: number;
};

/** Remotion's screenshot path is switched by an environment variable only (see render-settings). */
function setCaptureFromSurface(fromSurface: boolean) {
  if (fromSurface) delete process.env[DISABLE_FROM_SURFACE_ENV];
  else process.env[DISABLE_FROM_SURFACE_ENV] = "1";
}

/**
 * What every part of a render needs, whichever process renders it: the composition (its length
 * from the props), the size, and the encoder settings every piece must share to be joined.
 */
export async function prepareRender(
  options: Pick<
    RenderVideoOptions,
    | "serveUrl"
    | "props"
    | "composition"
    | "browser"
    | "scale"
    | "quality"
    | "settings"
  >,
) {
  const { serveUrl, props, browser } = options;
  const preset = props.preset as PresetId;
  const plan = encoderPlan(preset, options);
  const { settings, scale, spec } = plan;
  const browserExecutable = resolveBrowserExecutable();
  setCaptureFromSurface(settings.captureFromSurface);
  const composition = await selectComposition({
    serveUrl,
    id: options.composition ?? compositionId(preset),
    inputProps: props,
    browserExecutable,
    logLevel: REMOTION_LOG_LEVEL,
    puppeteerInstance: browser,
  });
  const shared = {
    serveUrl,
    composition,
    inputProps: props,
    browserExecutable,
    logLevel: REMOTION_LOG_LEVEL,
    ...plan.encoder,
    concurrency: settings.concurrency,
    enforceAudioTrack: true,
    overwrite: true,
  } satisfies SharedRenderOptions;
  return { preset, spec, scale, settings, composition, shared };
}

/**
 * Renders a preset to an H.264/AAC MP4 (yuv420p, BT.709 limited range, High profile, faststart,
 * closed GOPs of half a second) under a temporary name, checks it with ffprobe, and only then
 * gives it its final name. Long renders are split into `pieces` rendered side by side.
 */
export async function renderVideo(
  options: RenderVideoOptions,
): Promise<MediaProbe> {
  if (options.backend === "lambda") {
    if (!options.mediaDir)
      throw new Error("A render on Lambda needs the media store's folder");
    // Loaded when used: the AWS SDK it brings would slow every local render's start.
    const { renderVideoOnLambda } = await import("./lambda");
    return (
      await renderVideoOnLambda({ ...options, mediaDir: options.mediaDir })
    ).probe;
  }
  const { outFile, browser, frameRange, onProgress, cancelSignal } = options;
  const { preset, spec, scale, settings, composition, shared } =
    await prepareRender(options);
  const started = Date.now();
  const [first, last] = frameRange ?? [0, composition.durationInFrames - 1];
  const ranges = planPieces([first, last], settings.pieces);
  return writeAtomically(outFile, async (temporary) => {
    if (ranges.length > 1) {
      await renderInPieces({
        shared,
        ranges,
        outputLocation: temporary,
        fps: spec.fps,
        compositionDurationInFrames: composition.durationInFrames,
        browser,
        cancelSignal,
        onProgress,
      });
    } else {
      await renderMedia({
        ...shared,
        outputLocation: temporary,
        codec: settings.codec,
        puppeteerInstance: browser,
        frameRange: ranges[0],
        cancelSignal,
        onProgress: (p) => onProgress?.(toRenderProgress(p)),
      });
    }
    return finishRender(temporary, {
      preset,
      frames: last - first + 1,
      scale,
      audioBitrate: settings.audioBitrate,
      outFile,
      started,
    });
  });
}

type FleetPartOptions = Pick<
  RenderVideoOptions,
  "serveUrl" | "props" | "scale" | "quality" | "cancelSignal"
> & { browser: HeadlessBrowser };

/**
 * One frame-range piece of a render split across machines (the fleet): the same composition and
 * encoder settings as `renderVideo`, written as seamless MPEG-TS video and AAC audio.
 */
export async function renderVideoPiece(
  options: FleetPartOptions & {
    range: FrameRange;
    files: PieceFiles;
    onProgress?: (progress: RenderProgress) => void;
  },
): Promise<void> {
  const { shared } = await prepareRender(options);
  await renderPiece({ ...options, shared });
}

/**
 * Joins the pieces of a render split across machines into `outputLocation` and runs the checks
 * of a local render on it (loudness, ffprobe, the platform's limits).
 */
export async function joinVideoPieces(
  options: FleetPartOptions & {
    pieces: { range: FrameRange; files: PieceFiles }[];
    outputLocation: string;
  },
): Promise<MediaProbe> {
  const { preset, spec, scale, settings, composition, shared } =
    await prepareRender(options);
  const ranges = options.pieces.map((p) => p.range);
  const started = Date.now();
  await joinPieces({
    files: options.pieces.map((p) => p.files),
    ranges,
    outputLocation: path.resolve(options.outputLocation),
    fps: spec.fps,
    compositionDurationInFrames: composition.durationInFrames,
    audioBitrate: shared.audioBitrate,
    logLevel: shared.logLevel,
    cancelSignal: options.cancelSignal,
  });
  return finishRender(options.outputLocation, {
    preset,
    frames: ranges.at(-1)![1] - ranges[0][0] + 1,
    scale,
    audioBitrate: settings.audioBitrate,
    outFile: options.outputLocation,
    started,
  });
}

/** Renders the preset's thumbnail (title over the hero image) as a JPEG. */
export async function renderThumbnail(options: {
  serveUrl: string;
  props: VideoProps;
  outFile: string;
  browser?: HeadlessBrowser;
}): Promise<void> {
  const { serveUrl, props, outFile, browser } = options;
  const browserExecutable = resolveBrowserExecutable();
  setCaptureFromSurface(RENDER_DEFAULTS.captureFromSurface);
  const composition = await selectComposition({
    serveUrl,
    id: thumbnailId(props.preset as PresetId),
    inputProps: props,
    browserExecutable,
    logLevel: REMOTION_LOG_LEVEL,
    puppeteerInstance: browser,
  });
  await writeAtomically(outFile, (temporary) =>
    renderStill({
      serveUrl,
      composition,
      inputProps: props,
      output: temporary,
      imageFormat: "jpeg",
      jpegQuality: 90,
      browserExecutable,
      logLevel: REMOTION_LOG_LEVEL,
      puppeteerInstance: browser,
      overwrite: true,
    }),
  );
}
