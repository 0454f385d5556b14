import { eq } from "drizzle-orm";
import { videoPropsSchema, type VideoProps } from "../../compositions/schema";
import { renderedVideos, type RenderedVideo } from "../../db/schema";
import type { JobContext, JobHandler } from "../context";
import { PermanentJobError } from "../../services/errors";
import { readStoredText } from "../../storage";

/** A finished render and the props it was made from (its stored props JSON). */
export async function loadFinishedRender(
  context: JobContext,
  renderedVideoId: number,
): Promise<{ render: RenderedVideo; props: VideoProps }> {
  const [render] = await context.database.db
    .select()
    .from(renderedVideos)
    .where(eq(renderedVideos.id, renderedVideoId));
  if (render?.status !== "completed" || !render.propsPath)
    throw new PermanentJobError(
      `Render ${renderedVideoId} is not finished, so its files cannot be remade`,
    );
  let json: unknown;
  try {
    json = JSON.parse(await readStoredText(context.storage, render.propsPath));
  } catch (error) {
    throw new PermanentJobError(
      `The render's props file cannot be read: ${(error as Error).message}`,
    );
  }
  const parsed = videoPropsSchema.safeParse(json);
  if (!parsed.success)
    throw new PermanentJobError(
      `The render's props file is not valid: ${parsed.error.issues[0].path.join(".")} ${parsed.error.issues[0].message}`,
    );
  return { render, props: parsed.data };
}

/**
 * A job that remakes files of a finished render: `remake` writes them from the render and its
 * props and names the columns that record them, which are saved and are the job's result.
 */
export const remakeFromRender =
  <Q extends "subtitles" | "thumbnail">(
    remake: (
      finished: { render: RenderedVideo; props: VideoProps },
      context: JobContext,
    ) => Promise<Partial<RenderedVideo>>,
  ): JobHandler<Q> =>
  async ({ renderedVideoId }, _job, context) => {
    const finished = await loadFinishedRender(context, renderedVideoId);
    const columns = await remake(finished, context);
    await context.database.db
      .update(renderedVideos)
      .set(columns)
      .where(eq(renderedVideos.id, finished.render.id));
    return columns;
  };
