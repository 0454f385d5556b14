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
  PRESETS,
  thumbnailId,
  type PresetId,
} from "../../compositions/presets";
import type { ClipProps } from "../../compositions/clip-schema";
import type { VideoProps } from "../../compositions/schema";
import { writeAtomically } from "../../files";
import { PLATFORMS } from "../../platforms/limits";
import { log } from "../../log";
import {
  DISABLE_FROM_SURFACE_ENV,
  RENDER_DEFAULTS,
  RENDER_QUALITIES,
  type RenderQuality,
  resolveBrowserExecutable,
} from "../../render-settings";
import {
  planPieces,
  renderInPieces,
  toRenderProgress,
  type RenderProgress,
  type SharedRenderOptions,
} from "./chunks";
import { normalizeLoudness } from "./loudness";
import { checkRender, probeMedia, type MediaProbe } from "./probe";

export { ensureBundle } from "./bundle";
export { checkRender, probeMedia, type MediaProbe } from "./probe";

/**
 * Remotion calls `process.report.getReport()` before every ffmpeg call (to tell musl from glibc).
 * With its network section the report looks up the peer of every open socket: with two browsers
 * connected and no DNS server that blocked the event loop for 5 s, heartbeats included.
 */
Object.assign(process.report, { excludeNetwork: true }); // Node ≥ 20.13; not in @types/node 20

/** Remotion's own console output (memory notices and the like) stays quiet unless asked for. */
const REMOTION_LOG_LEVEL =
  process.env.REMOTION_LOG_LEVEL === "verbose" ? "verbose" : "error";

export type { RenderProgress } from "./chunks";

export class RenderCheckError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`The render failed its checks: ${problems.join("; ")}`);
  }
}

/** One browser shared by every render of a run: starting Chromium costs about a second each time. */
export const startBrowser = (): Promise<HeadlessBrowser> =>
  openBrowser("chrome", {
    browserExecutable: resolveBrowserExecutable(),
    logLevel: REMOTION_LOG_LEVEL,
  });

const gcd = (a: number, b: number): number => (b ? gcd(b, a % b) : a);

/**
 * The nearest scale at or below `scale` that gives the preset even whole-pixel sides, as H.264's
 * 4:2:0 needs: Remotion refuses a fractional side (1350 × 0.25) and rounds an odd one down
 * (1350 × 0.5 = 675 became 674), which the output check would then refuse.
 */
export function renderScale(preset: PresetId, scale: number): number {
  const { width, height } = PRESETS[preset];
  const step = 2 / gcd(width, height);
  return Math.max(step, Math.floor(scale / step + 1e-9) * step);
}

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
};

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
 * Renders a preset to an H.264/AAC MP4 (yuv420p, BT.709 limited range, High profile, faststart,
 * closed GOPs of half a second) under a temporary name, checks it with ffprobe, and only then
 * gives it its final name. Long renders are split into `pieces` rendered side by side.
 */
export async function renderVideo(
  options: RenderVideoOptions,
): Promise<MediaProbe> {
  const {
    serveUrl,
    props,
    outFile,
    browser,
    frameRange,
    onProgress,
    cancelSignal,
  } = options;
  const { scale: qualityScale, ...encoder } =
    RENDER_QUALITIES[options.quality ?? "standard"];
  const preset = props.preset as PresetId;
  const scale = renderScale(preset, (options.scale ?? 1) * qualityScale);
  const settings = { ...RENDER_DEFAULTS, ...encoder, ...options.settings };
  const spec = PRESETS[preset];
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
  const started = Date.now();
  const [first, last] = frameRange ?? [0, composition.durationInFrames - 1];
  const ranges = planPieces([first, last], settings.pieces);
  const shared = {
    serveUrl,
    composition,
    inputProps: props,
    browserExecutable,
    logLevel: REMOTION_LOG_LEVEL,
    audioCodec: settings.audioCodec,
    audioBitrate: settings.audioBitrate,
    pixelFormat: settings.pixelFormat,
    colorSpace: "bt709",
    imageFormat: settings.imageFormat,
    jpegQuality: settings.jpegQuality,
    concurrency: settings.concurrency,
    x264Preset: settings.x264Preset,
    crf: settings.crf,
    // CRF keeps quality even; the cap keeps a long photo video inside the platform's file limit.
    encodingMaxRate: `${PLATFORMS[spec.platform].maxVideoKbps}k`,
    encodingBufferSize: `${PLATFORMS[spec.platform].maxVideoKbps * 2}k`,
    gopSize: Math.round(spec.fps / 2),
    enforceAudioTrack: true,
    scale,
    overwrite: true,
  } satisfies SharedRenderOptions;
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
    await normalizeLoudness(temporary, settings.audioBitrate);
    const probe = await probeMedia(temporary);
    const expectedMs = ((last - first + 1) * 1000) / spec.fps;
    const problems = checkRender(probe, preset, expectedMs, scale);
    if (problems.length) throw new RenderCheckError(outFile, problems);
    log.info(
      {
        preset,
        file: outFile,
        ms: Date.now() - started,
        bytes: probe.sizeBytes,
      },
      "rendered and checked",
    );
    return probe;
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
