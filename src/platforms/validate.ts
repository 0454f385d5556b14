import { PRESETS, type PresetId } from "../compositions/presets";
import { DELIVERY_FORMAT, PLATFORMS } from "./limits";
import { probeMedia, type MediaProbe } from "../pipeline/render/probe";
import { PublishRefusedError } from "./http";

/** What stops a file from going to the preset's platform; empty when it may go. */
export function uploadProblems(probe: MediaProbe, preset: PresetId): string[] {
  const spec = PRESETS[preset];
  const platform = PLATFORMS[spec.platform];
  const problems: string[] = [];
  if (!probe.formatName.split(",").includes(DELIVERY_FORMAT.container))
    problems.push(`container is ${probe.formatName}, not mp4`);
  if (!probe.video) problems.push("the file has no video stream");
  else {
    if (probe.video.codec !== DELIVERY_FORMAT.videoCodec)
      problems.push(`video codec is ${probe.video.codec}, not h264`);
    if (probe.video.width !== spec.width || probe.video.height !== spec.height)
      problems.push(
        `resolution is ${probe.video.width}x${probe.video.height}, ${spec.label} needs ${spec.width}x${spec.height}`,
      );
    if (probe.video.pixelFormat !== DELIVERY_FORMAT.pixelFormat)
      problems.push(
        `pixel format is ${probe.video.pixelFormat}, not ${DELIVERY_FORMAT.pixelFormat}`,
      );
  }
  if (!probe.audio) problems.push("the file has no audio stream");
  else if (probe.audio.codec !== DELIVERY_FORMAT.audioCodec)
    problems.push(`audio codec is ${probe.audio.codec}, not aac`);
  if (probe.durationMs > platform.maxDurationMs)
    problems.push(
      `duration is ${probe.durationMs} ms, over ${platform.label}'s ${platform.maxDurationMs} ms`,
    );
  if (probe.sizeBytes > platform.maxFileBytes)
    problems.push(
      `file is ${probe.sizeBytes} bytes, over ${platform.label}'s limit of ${platform.maxFileBytes}`,
    );
  return problems;
}

/** Probes the file and throws `PublishRefusedError` naming every problem; returns the probe. */
export async function assertUploadable(
  file: string,
  preset: PresetId,
  probe: (file: string) => Promise<MediaProbe> = probeMedia,
): Promise<MediaProbe> {
  const media = await probe(file);
  const problems = uploadProblems(media, preset);
  if (problems.length)
    throw new PublishRefusedError(PRESETS[preset].platform, problems);
  return media;
}
