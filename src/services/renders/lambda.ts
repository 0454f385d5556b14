import type { VideoProps } from "../../compositions/schema";
import type { RenderedVideo } from "../../db/schema";
import { renderVideoOnLambda } from "../../pipeline/render/lambda";
import type { WorkContext } from "../context";

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
