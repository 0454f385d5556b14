import { and, desc, eq, inArray, sql } from "drizzle-orm";
import type PgBoss from "pg-boss";
import { PRESETS, type PresetId } from "../../compositions/presets";
import type { Database, Db } from "../../db";
import {
  renderedVideos,
  videoProjects,
  videoScripts,
  type RenderedVideo,
  type VideoProject,
} from "../../db/schema";
import { defaultTypeFor } from "../../pipeline/compose";
import type { VideoType } from "../../pipeline/script/script";
import type { RenderQuality } from "../../render-settings";
import { sendJob, type Priority } from "../../jobs/queues";
import { cancelPieces } from "./pieces";

/**
 * Renders as rows: asking for one (once), cancelling one, and moving the project along when its
 * renders are done. The API and the job handlers both call these.
 */

/**
 * Queues a render of the project's script version for `preset`, unless one of the same project,
 * preset, script version, scale and quality is already queued, rendering or done: then that one comes back
 * (`created: false`) and nothing new is queued. The `rendered_videos_once_idx` unique index is the
 * guard, so two requests at the same moment still make one row and one job.
 */
export async function requestRender(
  database: Database,
  request: {
    projectId: number;
    preset: PresetId;
    scriptId: number;
    scale?: number;
    quality?: RenderQuality;
    priority?: Priority;
  },
  boss?: PgBoss,
): Promise<{ renderedVideo: RenderedVideo; created: boolean }> {
  const { db } = database;
  const values = {
    projectId: request.projectId,
    preset: request.preset,
    scriptId: request.scriptId,
    scale: request.scale ?? 1,
    quality: request.quality ?? "standard",
  };
  const [inserted] = await db
    .insert(renderedVideos)
    .values(values)
    .onConflictDoNothing({
      target: [
        renderedVideos.projectId,
        renderedVideos.preset,
        renderedVideos.scriptId,
        renderedVideos.scale,
        renderedVideos.quality,
      ],
      where: sql`status not in ('failed', 'cancelled')`,
    })
    .returning();
  if (!inserted) {
    const [existing] = await db
      .select()
      .from(renderedVideos)
      .where(
        and(
          eq(renderedVideos.projectId, values.projectId),
          eq(renderedVideos.preset, values.preset),
          eq(renderedVideos.scriptId, values.scriptId),
          eq(renderedVideos.scale, values.scale),
          eq(renderedVideos.quality, values.quality),
          sql`${renderedVideos.status} not in ('failed', 'cancelled')`,
        ),
      );
    // The other row was failed or cancelled in between: ask again.
    if (!existing) return requestRender(database, request, boss);
    return { renderedVideo: existing, created: false };
  }
  const renderedVideo = await queueRenderJob(
    db,
    inserted,
    request.priority,
    boss,
  );
  return { renderedVideo, created: true };
}

/** Sends the `video` job of a queued row and records its id on the row. */
export async function queueRenderJob(
  db: Db,
  row: RenderedVideo,
  priority: Priority = "normal",
  boss?: PgBoss,
): Promise<RenderedVideo> {
  const jobId = await sendJob(
    "video",
    { renderedVideoId: row.id },
    { priority, singletonKey: `render:${row.id}`, boss },
  );
  const [updated] = await db
    .update(renderedVideos)
    .set({ jobId })
    .where(eq(renderedVideos.id, row.id))
    .returning();
  return updated;
}

/**
 * Cancels a queued or running render: the row says `cancelled` at once; a queued job is dropped,
 * and the worker rendering it stops within a heartbeat (it reads the row). A fleet render's
 * pieces are cancelled too: queued ones dropped, the workers rendering the others stop. False when the render
 * had already finished, failed or been cancelled.
 */
export async function cancelRender(
  database: Database,
  renderedVideoId: number,
  boss?: PgBoss,
): Promise<boolean> {
  const { db } = database;
  const [before] = await db
    .select({ status: renderedVideos.status, jobId: renderedVideos.jobId })
    .from(renderedVideos)
    .where(eq(renderedVideos.id, renderedVideoId));
  const [cancelled] = await db
    .update(renderedVideos)
    .set({
      status: "cancelled",
      stage: "cancelled",
      etaMs: null,
      error: "Cancelled before it finished",
    })
    .where(
      and(
        eq(renderedVideos.id, renderedVideoId),
        inArray(renderedVideos.status, ["queued", "rendering"]),
      ),
    )
    .returning();
  if (!cancelled) return false;
  if (before?.status === "queued" && before.jobId && boss)
    await boss.cancel("video", before.jobId);
  await cancelPieces(db, renderedVideoId, boss);
  return true;
}

/** The script type each target preset renders from. */
export const typeOfPreset = (project: VideoProject, preset: PresetId) =>
  project.projectType ?? defaultTypeFor(preset);

/** The newest script version of each type the project has. */
export async function latestScripts(db: Db, projectId: number) {
  const rows = await db
    .select()
    .from(videoScripts)
    .where(eq(videoScripts.projectId, projectId))
    .orderBy(desc(videoScripts.version));
  const latest = new Map<VideoType, (typeof rows)[number]>();
  for (const row of rows)
    if (!latest.has(row.videoType)) latest.set(row.videoType, row);
  return latest;
}

export type ProjectOutcome = "review" | "failed" | "pending";

/**
 * Once every target preset has a finished render of its newest script, the project goes to
 * `review`; once none is left to wait for and some failed, to `failed`. Only a project still in
 * its `rendering` stage moves, and only one caller sees it move (`moved`).
 */
export async function settleProject(
  db: Db,
  projectId: number,
): Promise<{
  outcome: ProjectOutcome;
  moved: boolean;
  /** The render of each target preset it went by. */
  renders: RenderedVideo[];
}> {
  const [project] = await db
    .select()
    .from(videoProjects)
    .where(eq(videoProjects.id, projectId));
  if (!project) return { outcome: "pending", moved: false, renders: [] };
  const scripts = await latestScripts(db, projectId);
  const renders = await db
    .select()
    .from(renderedVideos)
    .where(eq(renderedVideos.projectId, projectId))
    .orderBy(desc(renderedVideos.id));
  const failures: string[] = [];
  const considered: RenderedVideo[] = [];
  let pending = false;
  for (const preset of project.targetPresets) {
    const script = scripts.get(typeOfPreset(project, preset));
    const latest = renders.find(
      (r) => r.preset === preset && r.scriptId === script?.id,
    );
    if (latest) considered.push(latest);
    if (!latest || latest.status === "queued" || latest.status === "rendering")
      pending = true;
    else if (latest.status !== "completed")
      failures.push(
        `${PRESETS[preset].label}: ${latest.error ?? latest.status}`,
      );
  }
  if (pending) return { outcome: "pending", moved: false, renders: considered };
  const outcome = failures.length ? "failed" : "review";
  const moved = await db
    .update(videoProjects)
    .set(
      outcome === "review"
        ? {
            status: "review",
            progress: { stage: "review", percent: 100 },
            error: null,
          }
        : { status: "failed", error: failures.join("\n") },
    )
    .where(
      and(
        eq(videoProjects.id, projectId),
        eq(videoProjects.status, "rendering"),
      ),
    )
    .returning({ id: videoProjects.id });
  return { outcome, moved: moved.length > 0, renders: considered };
}

/** Writes the project's overall render progress: the mean of its live renders'. */
export async function updateProjectRenderProgress(
  db: Db,
  projectId: number,
  etaMs: number | null,
) {
  await db.execute(sql`
    update video_projects set progress = jsonb_strip_nulls(jsonb_build_object(
      'stage', 'rendering',
      'percent', (select round(100 * avg(case when status = 'completed' then 1 else progress end))
                  from rendered_videos
                  where project_id = ${projectId} and status in ('queued', 'rendering', 'completed')),
      'etaMs', ${etaMs}::int))
    where id = ${projectId} and status = 'rendering'`);
}

/** Tells the site's webhook (through the `webhook` queue) that a render finished or failed. */
export async function sendRenderWebhook(
  db: Db,
  boss: PgBoss,
  event: "render.completed" | "render.failed",
  row: RenderedVideo,
) {
  const [project] = await db
    .select({ siteId: videoProjects.siteId })
    .from(videoProjects)
    .where(eq(videoProjects.id, row.projectId));
  if (!project) return;
  await sendJob(
    "webhook",
    {
      siteId: project.siteId,
      event,
      data: {
        projectId: row.projectId,
        renderedVideoId: row.id,
        preset: row.preset,
        platform: PRESETS[row.preset].platform,
        status: row.status,
        filePath: row.filePath,
        durationMs: row.durationMs,
        error: row.error,
      },
    },
    { boss, singletonKey: `${event}:${row.id}` },
  );
}
