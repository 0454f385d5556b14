import { stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { MAX_CLIP_SOURCE_BYTES } from "../../core/uploads";
import type { AllowedHost } from "../../net/fetch-guard";
import { download } from "../content/images";
import { probeMedia, type MediaProbe } from "../render";

/** A source URL must answer within this long (the whole download included). */
const DOWNLOAD_TIMEOUT_MS = 10 * 60 * 1000;

/** The source cannot be had: refused by the fetch guard, too large, the wrong type, gone. */
export class SourceUnavailable extends Error {}

export type ClipSource = {
  file: string;
  width: number;
  height: number;
  durationMs: number;
};

/**
 * A local video file, or an http(s) URL fetched through the project's download guard with a
 * size limit; either way it must hold a video and an audio stream.
 */
export async function resolveSource(
  source: string,
  workDir: string,
  options: { maxBytes?: number; allowedHosts: AllowedHost[] },
): Promise<ClipSource> {
  let file: string;
  if (/^https?:\/\//i.test(source)) {
    const bytes = await download(source, {
      allowedHosts: options.allowedHosts,
      timeoutMs: DOWNLOAD_TIMEOUT_MS,
      maxBytes: options.maxBytes ?? MAX_CLIP_SOURCE_BYTES,
      contentTypes: ["video/*", "application/octet-stream", "application/mp4"],
    }).catch((error: Error) => {
      throw new SourceUnavailable(
        `Cannot fetch the source ${source}: ${error.message}`,
        { cause: error },
      );
    });
    const extension =
      path.extname(new URL(source).pathname).slice(1).replace(/\W/g, "") ||
      "mp4";
    file = path.join(workDir, `source.${extension}`);
    await writeFile(file, bytes);
  } else {
    file = path.resolve(source);
    const info = await stat(file).catch(() => null);
    if (!info?.isFile()) throw new Error(`No such video file: ${file}`);
  }
  let probe: MediaProbe;
  try {
    probe = await probeMedia(file);
  } catch {
    throw new Error(`The source ${source} is not a video ffprobe can read`);
  }
  if (!probe.video || !probe.video.width)
    throw new Error(`The source ${source} has no video stream`);
  if (!probe.audio)
    throw new Error(
      `The source ${source} has no audio: there is nothing to transcribe`,
    );
  return {
    file,
    width: probe.video.width,
    height: probe.video.height,
    durationMs: probe.durationMs,
  };
}
