import { and, eq, inArray, sql } from "drizzle-orm";
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
import { log } from "../../log";

/** The part of a render's stored metadata a post is made from. */
const postMetadataSchema = z.object({
  title: z.string(),
  description: z.string(),
  tags: z.array(z.string()),
});

/** The first of the day's `times` (UTC, `HH:MM`) after `now`, or null when there are none. */
export function nextSlot(times: readonly string[], now = new Date()) {
  const slots = times.flatMap((time) => {
    const [hours, minutes] = time.split(":").map(Number);
    return [0, 1].map((days) => {
      const at = new Date(now);
      at.setUTCDate(at.getUTCDate() + days);
      at.setUTCHours(hours, minutes, 0, 0);
      return at;
    });
  });
  const future = slots.filter((at) => at > now).sort((a, b) => +a - +b);
  return future[0] ?? null;
}

/**
 * Queues a post of an approved, full-size render to the connected accounts of its site on the
 * preset's platform (all of them, or those of `accountIds`), to go out at `publishAt` (at once
 * when absent): a site's auto-publish. An unapproved or draft render is never posted. A render
 * and account pair is posted once: `published_videos_once_idx` turns a second call into a no-op.
 * Returns the ids of the posts it queued.
 */
export async function queuePublications(
  database: Database,
  renderedVideoId: number,
  options: {
    privacy?: string;
    boss?: PgBoss;
    publishAt?: Date | null;
    accountIds?: number[];
  } = {},
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
  const { reviewStatus, scale, quality } = render.render;
  if (reviewStatus !== "approved" || scale < 1 || quality === "draft") {
    log.warn(
      { renderedVideoId, reviewStatus, scale, quality },
      "not auto-published: only an approved, full-size render is",
    );
    return [];
  }
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
        options.accountIds
          ? inArray(socialAccounts.id, options.accountIds)
          : undefined,
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
        publishAt: options.publishAt ?? null,
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
      {
        singletonKey: `publish:${post.id}`,
        boss: options.boss,
        startAfter: options.publishAt ?? undefined,
      },
    );
    await db
      .update(publishedVideos)
      .set({ jobId })
      .where(eq(publishedVideos.id, post.id));
    queued.push(post.id);
  }
  return queued;
}
