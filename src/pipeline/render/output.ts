import { PRESETS, type PresetId } from "../../compositions/presets";
import { log } from "../../log";
import { PLATFORMS } from "../../platforms/limits";
import {
  RENDER_DEFAULTS,
  RENDER_QUALITIES,
  type RenderQuality,
} from "../../render-settings";
import { normalizeLoudness } from "./loudness";
import { checkRender, probeMedia, type MediaProbe } from "./probe";

export class RenderCheckError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`The render failed its checks: ${problems.join("; ")}`);
  }
}

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

/**
 * The encoder settings of a render, wherever it runs: the quality preset's size and encoder
 * settings over the defaults, the platform's bitrate cap, closed GOPs of half a second.
 */
export function encoderPlan<T extends object>(
  preset: PresetId,
  options: { scale?: number; quality?: RenderQuality; settings?: T },
) {
  const { scale: qualityScale, ...encoder } =
    RENDER_QUALITIES[options.quality ?? "standard"];
  const spec = PRESETS[preset];
  const settings = { ...RENDER_DEFAULTS, ...encoder, ...options.settings };
  const maxKbps = PLATFORMS[spec.platform].maxVideoKbps;
  const scale = renderScale(preset, (options.scale ?? 1) * qualityScale);
  return {
    spec,
    settings,
    scale,
    /** The options renderMedia and renderMediaOnLambda take alike. */
    encoder: {
      audioCodec: settings.audioCodec,
      audioBitrate: settings.audioBitrate,
      pixelFormat: settings.pixelFormat,
      colorSpace: "bt709",
      imageFormat: settings.imageFormat,
      jpegQuality: settings.jpegQuality,
      x264Preset: settings.x264Preset,
      crf: settings.crf,
      // CRF keeps quality even; the cap keeps a long photo video inside the platform's file limit.
      encodingMaxRate: `${maxKbps}k`,
      encodingBufferSize: `${maxKbps * 2}k`,
      gopSize: Math.round(spec.fps / 2),
      scale,
    },
  } as const;
}

/**
 * What every render does to its output before it gets its final name: the mix normalised to the
 * loudness target, then the file checked with ffprobe against the preset and the frames asked for.
 */
export async function finishRender(
  file: string,
  check: {
    preset: PresetId;
    frames: number;
    scale: number;
    audioBitrate: string;
    outFile: string;
    started: number;
  },
): Promise<MediaProbe> {
  const { preset, frames, scale, outFile } = check;
  await normalizeLoudness(file, check.audioBitrate);
  const probe = await probeMedia(file);
  const expectedMs = (frames * 1000) / PRESETS[preset].fps;
  const problems = checkRender(probe, preset, expectedMs, scale);
  if (problems.length) throw new RenderCheckError(outFile, problems);
  log.info(
    {
      preset,
      file: outFile,
      ms: Date.now() - check.started,
      bytes: probe.sizeBytes,
    },
    "rendered and checked",
  );
  return probe;
}
