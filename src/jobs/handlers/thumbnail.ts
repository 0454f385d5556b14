import { eq } from "drizzle-orm";
import { videoProjects } from "../../db/schema";
import { renderThumbnail } from "../../pipeline/render";
import { recordCost } from "../../services/cost-ledger";
import { remakeFromRender } from "./stored-render";
import { renderKeys } from "../../services/renders/files";

/** Remakes a finished render's thumbnail from its props (say, after a theme or title change). */
export const thumbnailHandler = remakeFromRender<"thumbnail">(
  async ({ render, props }, context) => {
    const key = renderKeys(render).thumbnail;
    await context.tools.store.fetchReferenced(props);
    const serveUrl = await context.renderer.serveUrl();
    const browser = await context.renderer.browser();
    await context.storage.write(key, (outFile) =>
      renderThumbnail({ serveUrl, props, outFile, browser }),
    );
    const { db } = context.database;
    const [project] = await db
      .select({ siteId: videoProjects.siteId })
      .from(videoProjects)
      .where(eq(videoProjects.id, render.projectId));
    await recordCost(db, {
      siteId: project.siteId,
      projectId: render.projectId,
      operation: "video_thumbnail",
      provider: "remotion",
      units: 1,
    });
    return { thumbnailPath: key };
  },
);
