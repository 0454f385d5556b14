import { readFile } from "node:fs/promises";
import { videoPropsSchema, type VideoProps } from "../../compositions/schema";
import type { RenderedVideo } from "../../db/schema";
import { toSrt, toVtt } from "../../pipeline/captions";
import { writeStoredText, type Storage } from "../../storage";
import { PermanentJobError } from "../errors";

/** Where a render's files live in storage: `projects/<projectId>/renders/<renderedVideoId>/…`. */
export function renderKeys(
  render: Pick<RenderedVideo, "id" | "projectId" | "preset">,
) {
  const folder = `projects/${render.projectId}/renders/${render.id}`;
  const file = (suffix: string) => `${folder}/${render.preset}${suffix}`;
  return {
    folder,
    video: file(".mp4"),
    srt: file(".srt"),
    vtt: file(".vtt"),
    thumbnail: file(".thumbnail.jpg"),
    props: file(".props.json"),
    metadata: file(".metadata.json"),
  };
}

/**
 * Removes the files a killed writer left half-written under `folder` (they never got their final
 * names) and returns their keys.
 */
export async function removePartialFiles(
  storage: Storage,
  folder: string,
): Promise<string[]> {
  const keys = (await storage.list(folder)).filter((key) =>
    key.includes(".partial"),
  );
  await Promise.all(keys.map((key) => storage.remove(key)));
  return keys;
}

/** The SRT and VTT captions of a render, from the word timings in its props. */
export async function writeCaptionFiles(
  storage: Storage,
  keys: { srt: string; vtt: string },
  props: VideoProps,
) {
  const words = props.captions.map(({ text, startMs, endMs }) => ({
    text,
    startMs,
    endMs,
  }));
  await writeStoredText(storage, keys.srt, toSrt(words));
  await writeStoredText(storage, keys.vtt, toVtt(words));
}

/**
 * The props a render stored before its pieces went out (a fleet render): every piece and the
 * join render exactly these, on whichever machine.
 */
export async function readStoredProps(
  storage: Storage,
  render: Pick<RenderedVideo, "id" | "projectId" | "preset">,
): Promise<VideoProps> {
  const file = await storage.localCopy(renderKeys(render).props);
  const props = videoPropsSchema.safeParse(
    JSON.parse(await readFile(file, "utf8")),
  );
  if (!props.success) {
    const issue = props.error.issues[0];
    throw new PermanentJobError(
      `The render's stored props are not valid: ${issue.path.join(".")} ${issue.message}`,
    );
  }
  return props.data;
}
