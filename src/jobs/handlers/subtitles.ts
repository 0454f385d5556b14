import { eq } from "drizzle-orm";
import { renderedVideos } from "../../db/schema";
import type { JobHandler } from "../context";
import { loadFinishedRender } from "./stored-render";
import { renderKeys, writeCaptionFiles } from "../../services/renders/files";

/** Remakes a finished render's SRT and VTT captions from the word timings in its props. */
export const subtitlesHandler: JobHandler<"subtitles"> = async (
  { renderedVideoId },
  _job,
  context,
) => {
  const { render, props } = await loadFinishedRender(context, renderedVideoId);
  const keys = renderKeys(render);
  await writeCaptionFiles(context.storage, keys, props);
  await context.database.db
    .update(renderedVideos)
    .set({ srtPath: keys.srt, vttPath: keys.vtt })
    .where(eq(renderedVideos.id, render.id));
  return { srtPath: keys.srt, vttPath: keys.vtt };
};
