import { createWriteStream } from "node:fs";
import { pipeline } from "node:stream/promises";
import { setTimeout as sleep } from "node:timers/promises";
import {
  getAwsClient,
  getRenderProgress,
  renderMediaOnLambda,
} from "@remotion/lambda-client";
import { LAMBDA_FUNCTION, LAMBDA_RENDER } from "../../../lambda/config";
import {
  compositionId,
  durationInFrames,
  PRESETS,
  type PresetId,
} from "../../compositions/presets";
import type { ClipProps } from "../../compositions/clip-schema";
import type { VideoProps } from "../../compositions/schema";
import { writeAtomically } from "../../files";
import { log } from "../../log";
import type { RenderQuality } from "../../render-settings";
import type { RenderProgress } from "./chunks";
import {
  assertAwsCredentials,
  findLambdaSite,
  lambdaFunctionName,
  uploadMedia,
} from "./lambda-site";
import { encoderPlan, finishRender } from "./output";
import type { MediaProbe } from "./probe";

const { region } = LAMBDA_FUNCTION;

/**
 * How many frames each function renders: as few functions as give each at least
 * `minSecondsPerFunction` of video (Chromium's start is paid per function), and never more
 * functions than the account may run at once (`maxFunctions`), so none waits for another.
 */
export function framesPerLambda(frames: number, fps: number): number {
  return Math.max(
    LAMBDA_RENDER.minSecondsPerFunction * fps,
    Math.ceil(frames / LAMBDA_RENDER.maxFunctions),
  );
}

export type LambdaRenderProgress = RenderProgress & {
  /** Pieces Remotion has rendered again after a failure so far. */
  retries: number;
};

export type LambdaRenderResult = {
  probe: MediaProbe;
  renderId: string;
  /** Remotion's estimate of what the render cost on AWS, in US dollars. */
  costUsd: number;
};

export class LambdaRenderError extends Error {}

/**
 * Renders on Remotion Lambda what `renderVideo` renders locally, with the same encoder settings:
 * uploads the props' media into the site, starts the render, follows `getRenderProgress` until
 * it is done, then downloads the output and checks it like a local render (loudness, ffprobe)
 * under a temporary name.
 */
export async function renderVideoOnLambda(options: {
  props: VideoProps | ClipProps;
  composition?: string;
  outFile: string;
  mediaDir: string;
  scale?: number;
  quality?: RenderQuality;
  frameRange?: [number, number];
  signal?: AbortSignal;
  onProgress?: (progress: LambdaRenderProgress) => void;
}): Promise<LambdaRenderResult> {
  const { props, outFile, signal } = options;
  const preset = props.preset as PresetId;
  const { settings, scale, encoder } = encoderPlan(preset, options);
  const { fps } = PRESETS[preset];
  const [first, last] = options.frameRange ?? [
    0,
    durationInFrames(preset, props.durationMs) - 1,
  ];
  const frames = last - first + 1;
  assertAwsCredentials();
  const site = await findLambdaSite();
  if (!site)
    throw new LambdaRenderError(
      `No Remotion Lambda site for this version of the compositions in ${region}: run \`reelwright lambda deploy\``,
    );
  await uploadMedia(site, options.mediaDir, props);
  const functionName = lambdaFunctionName();
  const started = Date.now();
  const { renderId, bucketName } = await renderMediaOnLambda({
    region,
    functionName,
    serveUrl: site.serveUrl,
    composition: options.composition ?? compositionId(preset),
    inputProps: props,
    codec: "h264",
    ...encoder,
    frameRange: [first, last],
    framesPerLambda: framesPerLambda(frames, fps),
    maxRetries: LAMBDA_RENDER.maxRetries,
    privacy: "private",
    downloadBehavior: { type: "play-in-browser" },
  });
  log.info({ renderId, bucketName, functionName }, "started a Lambda render");
  const done = await followRender({
    renderId,
    bucketName,
    functionName,
    frames,
    started,
    signal,
    onProgress: options.onProgress,
  });
  const costUsd = done.costs.accruedSoFar;
  const probe = await writeAtomically(outFile, async (temporary) => {
    await downloadOutput(done.outBucket, done.outKey, temporary, signal);
    return finishRender(temporary, {
      preset,
      frames,
      scale,
      audioBitrate: settings.audioBitrate,
      outFile,
      started,
    });
  });
  return { probe, renderId, costUsd };
}

type Progress = Awaited<ReturnType<typeof getRenderProgress>>;

async function followRender(options: {
  renderId: string;
  bucketName: string;
  functionName: string;
  frames: number;
  started: number;
  signal?: AbortSignal;
  onProgress?: (progress: LambdaRenderProgress) => void;
}): Promise<Progress & { outBucket: string; outKey: string }> {
  const { renderId, bucketName, functionName, started, signal } = options;
  for (;;) {
    await sleep(LAMBDA_RENDER.pollMs, undefined, { signal });
    const progress = await getRenderProgress({
      renderId,
      bucketName,
      functionName,
      region,
    });
    if (progress.fatalErrorEncountered) {
      const fatal =
        progress.errors.find((e) => e.isFatal) ?? progress.errors.at(-1);
      throw new LambdaRenderError(
        `Remotion Lambda failed (render ${renderId}): ${fatal?.message ?? "no message"}`,
      );
    }
    const fraction = Math.min(1, Math.max(0, progress.overallProgress));
    const elapsed = Date.now() - started;
    options.onProgress?.({
      fraction,
      renderedFrames: progress.framesRendered,
      encodedFrames: progress.encodingStatus?.framesEncoded ?? 0,
      etaMs:
        fraction > 0 ? Math.round((elapsed / fraction) * (1 - fraction)) : 0,
      retries: progress.retriesInfo.length,
    });
    if (progress.done) {
      if (!progress.outBucket || !progress.outKey)
        throw new LambdaRenderError(
          `Remotion Lambda finished render ${renderId} without naming its output`,
        );
      return {
        ...progress,
        outBucket: progress.outBucket,
        outKey: progress.outKey,
      };
    }
  }
}

async function downloadOutput(
  bucket: string,
  key: string,
  file: string,
  signal?: AbortSignal,
) {
  const { client, sdk } = getAwsClient({ region, service: "s3" });
  const { Body } = await client.send(
    new sdk.GetObjectCommand({ Bucket: bucket, Key: key }),
    { abortSignal: signal },
  );
  if (!Body) throw new LambdaRenderError(`The Lambda output ${key} is empty`);
  await pipeline(Body as NodeJS.ReadableStream, createWriteStream(file));
}
