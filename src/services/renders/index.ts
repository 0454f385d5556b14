import { and, desc, eq } from "drizzle-orm";
import type { PresetId } from "../../compositions/presets";
import { schema } from "../../db";
import type { RenderedVideo } from "../../db/schema";
import type { Priority } from "../../jobs/queues";
import { latestScripts, requestRender, typeOfPreset } from "./lifecycle";
import { listPieces } from "./pieces";
import { services } from "../context";
import { notFound, unprocessable } from "../errors";
import type { RenderQuality } from "../../render-settings";
import { findProject, projectDatabase } from "../projects";
import { loadConfig } from "../../config";
import { renderTexts, requireModeration } from "../moderation";
import { nextSlot, queuePublications } from "../publications/queue";
import { siteSettings } from "../sites";
import { log } from "../../log";
import { parseProjectSettings } from "../projects/settings";

const { renderedVideos, videoProjects } = schema;

/** The render if its project belongs to the site. */
export async function findRender(
  siteId: number,
  renderId: number,
): Promise<RenderedVideo> {
  const { db } = (await services()).database;
  const [found] = await db
    .select({ render: renderedVideos })
    .from(renderedVideos)
    .innerJoin(videoProjects, eq(videoProjects.id, renderedVideos.projectId))
    .where(
      and(eq(renderedVideos.id, renderId), eq(videoProjects.siteId, siteId)),
    );
  if (!found) throw notFound("render", renderId);
  return found.render;
}

/**
 * A render's pieces (a fleet render's; none for a render made in one worker), each naming the
 * worker that took it as `host:pid`: the lease's random suffix stays inside.
 */
export async function findRenderPieces(renderId: number) {
  const { db } = (await services()).database;
  const pieces = await listPieces(db, renderId);
  return pieces.map((piece) => ({
    ...piece,
    worker: piece.workerId?.split(":").slice(0, 2).join(":") ?? null,
  }));
}

export type RenderRequest = {
  projectId: number;
  presets: PresetId[];
  priority: Priority;
  scale: number;
  /** The project's `settings.quality` when not given, else standard. */
  quality?: RenderQuality;
};

/**
 * One render per preset of the project's latest script, through the job layer's `requestRender`:
 * a render of the same project, preset, script version, scale and quality that has not failed is
 * reused.
 */
export async function queueRenders(siteId: number, request: RenderRequest) {
  const project = await findProject(siteId, request.projectId);
  const { database, queues } = await services();
  const latest = await latestScripts(database.db, project.id);
  const quality =
    request.quality ??
    parseProjectSettings(project.settings).quality ??
    "standard";
  const scripts = request.presets.map((preset) => {
    const type = typeOfPreset(project, preset);
    const script = latest.get(type);
    if (!script)
      throw unprocessable(
        "no_script",
        `The project has no ${type} script for ${preset} yet: generate one first`,
        "presets",
      );
    return { preset, script };
  });
  const results = [];
  for (const { preset, script } of scripts) {
    const { renderedVideo, created } = await requestRender(
      database,
      {
        projectId: project.id,
        preset,
        scriptId: script.id,
        scale: request.scale,
        quality,
        priority: request.priority,
      },
      await queues(),
    );
    results.push({
      render: renderedVideo,
      reused: !created,
      jobId: renderedVideo.jobId,
    });
  }
  return results;
}

export async function listRenders(siteId: number, projectId: number) {
  const db = await projectDatabase(siteId, projectId);
  return db
    .select()
    .from(renderedVideos)
    .where(eq(renderedVideos.projectId, projectId))
    .orderBy(desc(renderedVideos.id));
}

/**
 * Approves or rejects a finished render, with the reviewer's comment. An approval is moderated
 * first: flagged content needs an admin's override. On a site that auto-publishes, an approved
 * full-size render is queued to the site's accounts for the next of its publishing times
 * (src/services/publications/queue.ts refuses drafts).
 */
export async function reviewRender(
  siteId: number,
  renderId: number,
  review: { decision: "approve" | "reject"; comment?: string },
) {
  const render = await findRender(siteId, renderId);
  if (render.status !== "completed")
    throw unprocessable(
      "render_not_finished",
      `Render ${renderId} is ${render.status}: only a completed render can be reviewed`,
    );
  const { db } = (await services()).database;
  if (review.decision === "approve")
    await requireModeration(
      db,
      loadConfig(),
      render,
      "approve",
      await renderTexts(db, render),
    );
  const [updated] = await db
    .update(renderedVideos)
    .set({
      reviewStatus: review.decision === "approve" ? "approved" : "rejected",
      reviewComment: review.comment ?? null,
      reviewedAt: new Date(),
    })
    .where(eq(renderedVideos.id, renderId))
    .returning();
  if (updated.reviewStatus === "approved") await autoPublish(siteId, updated);
  return updated;
}

async function autoPublish(siteId: number, render: RenderedVideo) {
  const { database, queues } = await services();
  const settings = await siteSettings(database.db, siteId);
  if (!settings.autoPublish) return;
  const posts = await queuePublications(database, render.id, {
    boss: await queues(),
    accountIds: settings.autoPublishAccountIds,
    publishAt: nextSlot(settings.autoPublishTimes ?? []),
  });
  log.info({ renderedVideoId: render.id, posts }, "auto-publish queued");
}
