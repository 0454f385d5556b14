import { renderKeys, writeCaptionFiles } from "../../services/renders/files";
import { remakeFromRender } from "./stored-render";

/** Remakes a finished render's SRT and VTT captions from the word timings in its props. */
export const subtitlesHandler = remakeFromRender<"subtitles">(
  async ({ render, props }, context) => {
    const keys = renderKeys(render);
    await writeCaptionFiles(context.storage, keys, props);
    return { srtPath: keys.srt, vttPath: keys.vtt };
  },
);
