import { eq } from "drizzle-orm";
import { sites, videoProjects } from "../../db/schema";
import { log } from "../../log";
import type { WorkContext } from "../context";
import { siteSettingsSchema } from "../sites";
import { queuePublications } from "../publications/queue";
import { settleProject } from "../renders/lifecycle";

/**
 * After a render of the project ends: when all its target presets are rendered the project goes
 * to review, and a site that auto-publishes gets its posts queued (otherwise they wait for an
 * approval in the app); when some failed, the project goes to `failed`.
 */
export async function settleProjectAfterRender(
  context: WorkContext,
  projectId: number,
) {
  const { db } = context.database;
  const { outcome, moved, renders } = await settleProject(db, projectId);
  if (!moved || outcome !== "review") return outcome;
  const [site] = await db
    .select({ settings: sites.settings })
    .from(sites)
    .innerJoin(videoProjects, eq(videoProjects.siteId, sites.id))
    .where(eq(videoProjects.id, projectId));
  const settings = siteSettingsSchema.safeParse(site?.settings ?? {});
  if (!settings.success || !settings.data.autoPublish) return outcome;
  for (const render of renders) {
    const posts = await queuePublications(context.database, render.id, {
      boss: context.boss,
    });
    log.info({ renderedVideoId: render.id, posts }, "auto-publish queued");
  }
  return outcome;
}
