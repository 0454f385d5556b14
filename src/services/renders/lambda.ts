import { LAMBDA_FUNCTION } from "../../../lambda/config";
import { PRESETS, durationInFrames } from "../../compositions/presets";
import type { VideoProps } from "../../compositions/schema";
import type { RenderedVideo } from "../../db/schema";
import {
  framesPerLambda,
  renderVideoOnLambda,
} from "../../pipeline/render/lambda";
import type { WorkContext } from "../context";

/**
 * Function seconds per second of video, all functions together, for the budget check before a
 * render: Chromium capturing and x264 encoding on ~1.7 vCPUs (about 2 s), plus each function's
 * start (3 s). A guess until real renders are measured (docs/lambda.md); Remotion's own
 * estimate of the finished render is what the cost ledger records.
 */
const FUNCTION_SECONDS_PER_VIDEO_SECOND = 2;
const FUNCTION_START_SECONDS = 3;

/** What a render of `props` on Lambda should cost, for the site's budget. */
export async function lambdaEstimateUsd(props: VideoProps): Promise<number> {
  // Loaded when used: the AWS SDK it brings would slow every local render's start.
  const { estimatePrice } = await import("@remotion/lambda-client");
  const preset = props.preset;
  const { fps } = PRESETS[preset];
  const frames = durationInFrames(preset, props.durationMs);
  const functions = Math.ceil(frames / framesPerLambda(frames, fps)) + 1;
  const seconds =
    (props.durationMs / 1000) * FUNCTION_SECONDS_PER_VIDEO_SECOND +
    functions * FUNCTION_START_SECONDS;
  return estimatePrice({
    region: LAMBDA_FUNCTION.region,
    memorySizeInMb: LAMBDA_FUNCTION.memorySizeInMb,
    diskSizeInMb: LAMBDA_FUNCTION.diskSizeInMb,
    lambdasInvoked: functions,
    durationInMilliseconds: seconds * 1000,
  });
}

/**
 * A render row's video made on Remotion Lambda (RENDER_BACKEND=lambda): Remotion's progress,
 * the ETA and the pieces it retried are reported as the row's stage, and the result carries
 * Remotion's estimate of what the render cost on AWS.
 */
export function renderRowOnLambda(
  context: WorkContext,
  options: {
    render: RenderedVideo;
    props: VideoProps;
    outFile: string;
    signal: AbortSignal;
    report: (stage: string, progress: number, etaMs: number) => void;
  },
) {
  const { render, props, outFile, signal, report } = options;
  return renderVideoOnLambda({
    props,
    outFile,
    mediaDir: context.config.mediaDir,
    scale: render.scale,
    quality: render.quality,
    signal,
    onProgress: (p) =>
      report(
        p.retries
          ? `rendering on Lambda (${p.retries} ${p.retries === 1 ? "piece" : "pieces"} retried)`
          : "rendering on Lambda",
        0.05 + p.fraction * 0.85,
        p.etaMs,
      ),
  });
}
