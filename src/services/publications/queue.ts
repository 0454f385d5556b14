import { and, eq, sql } from "drizzle-orm";
import type PgBoss from "pg-boss";
import { z } from "zod";
import { PRESETS } from "../../compositions/presets";
import type { Database } from "../../db";
import {
  publishedVideos,
  renderedVideos,
  socialAccounts,
  videoProjects,
} from "../../db/schema";
import { sendJob } from "../../jobs/queues";

/** The part of a render's stored metadata a post is made from. */
const postMetadataSchema = z.object({
  title: z.string(),
  description: z.string(),
  tags: z.array(z.string()),
});

/**
 * Queues a post of a finished render to every connected account of its site on the preset's
 * platform (after approval, or at once for a site that auto-publishes). A render and account pair
 * is posted once: `published_videos_once_idx` turns a second call into a no-op, so a retried or
 * re-run chain never publishes twice. Returns the ids of the posts it queued.
 */
export async function queuePublications(
  database: Database,
  renderedVideoId: number,
  options: { privacy?: string; boss?: PgBoss } = {},
): Promise<number[]> {
  const { db } = database;
  const [render] = await db
    .select({
      render: renderedVideos,
      siteId: videoProjects.siteId,
    })
    .from(renderedVideos)
    .innerJoin(videoProjects, eq(videoProjects.id, renderedVideos.projectId))
    .where(eq(renderedVideos.id, renderedVideoId));
  if (render?.render.status !== "completed")
    throw new Error(`Render ${renderedVideoId} is not finished`);
  const platform = PRESETS[render.render.preset].platform;
  const metadata = postMetadataSchema.parse(render.render.metadata);
  const accounts = await db
    .select({ id: socialAccounts.id })
    .from(socialAccounts)
    .where(
      and(
        eq(socialAccounts.siteId, render.siteId),
        eq(socialAccounts.platform, platform),
        eq(socialAccounts.status, "connected"),
      ),
    );
  const queued: number[] = [];
  for (const account of accounts) {
    const [post] = await db
      .insert(publishedVideos)
      .values({
        renderedVideoId,
        socialAccountId: account.id,
        platform,
        title: metadata.title,
        description: metadata.description,
        tags: metadata.tags,
        privacy: options.privacy ?? "private",
      })
      .onConflictDoNothing({
        target: [
          publishedVideos.renderedVideoId,
          publishedVideos.socialAccountId,
        ],
        where: sql`status <> 'removed'`,
      })
      .returning({ id: publishedVideos.id });
    if (!post) continue;
    const jobId = await sendJob(
      "publish",
      { publishedVideoId: post.id },
      { singletonKey: `publish:${post.id}`, boss: options.boss },
    );
    await db
      .update(publishedVideos)
      .set({ jobId })
      .where(eq(publishedVideos.id, post.id));
    queued.push(post.id);
  }
  return queued;
}
