import { and, desc, eq, ilike, inArray, type SQL } from "drizzle-orm";
import type { PresetId } from "../../compositions/presets";
import { schema } from "../../db";
import { newestPage } from "../../db/page";
import { sendJob, type Priority } from "../../jobs/queues";
import {
  ArticleError,
  articleOfContent,
  type ContentFormat,
  serviceImageSourceProblem,
} from "../../pipeline/content";
import { topicProblem } from "../../pipeline/script";
import type { VideoType } from "../../pipeline/script/script";
import { loadConfig } from "../../config";
import { services } from "../context";
import { findOwned } from "../owned";
import type { VoiceChoice } from "../../pipeline/voice";
import { notFound, unprocessable } from "../errors";
import { listTracks } from "../../pipeline/music";
import {
  applySettingsPatch,
  projectSettingsSchema,
  type ProjectSettingsPatch,
} from "./settings";

const {
  contents,
  videoProjects,
  videoScripts,
  voiceovers,
  videoAssets,
  renderedVideos,
} = schema;

/** Where a project's files live in storage; removing it removes them all. */
export const projectFolder = (projectId: number) => `projects/${projectId}`;

/** The project if it belongs to the site; another site's project is "not found" too. */
export async function findProject(siteId: number, projectId: number) {
  const { database } = await services();
  return findOwned(
    database.db,
    videoProjects,
    projectId,
    [videoProjects.siteId, siteId],
    "project",
  );
}

/** The database, once the project is found to be the site's (see `findProject`). */
export async function projectDatabase(siteId: number, projectId: number) {
  await findProject(siteId, projectId);
  return (await services()).database.db;
}

export type NewProject = {
  contentId?: number;
  content?: {
    format: ContentFormat;
    body: string;
    title?: string;
  };
  title?: string;
  projectType?: VideoType;
  targetPresets: PresetId[];
  settings?: { voice?: VoiceChoice; faceless?: boolean; captions?: boolean };
  start: boolean;
  priority: Priority;
};

/**
 * The content's title, checking that the pipeline will be able to read it and that its images are
 * ones the service may fetch: web URLs and small data: images, never a file on the server.
 */
function titleOf(content: NonNullable<NewProject["content"]>) {
  if (content.format === "topic") {
    const problem = topicProblem(loadConfig());
    if (problem)
      throw unprocessable("invalid_content", problem, "content.format");
  }
  let article;
  try {
    article = articleOfContent(content);
  } catch (error) {
    if (error instanceof ArticleError)
      throw unprocessable("invalid_content", error.message, "content.body");
    throw error;
  }
  article.images.forEach(({ src }, index) => {
    const problem = serviceImageSourceProblem(src);
    if (problem)
      throw unprocessable(
        "invalid_content",
        `Image ${index + 1} (${JSON.stringify(src.slice(0, 100))}) is refused: ${problem}`,
        "content.body",
      );
  });
  return article.title;
}

/** A project (and its content, when given inline); queues the pipeline when `start`. */
export async function createProject(siteId: number, input: NewProject) {
  const { database, queues } = await services();
  const project = await database.db.transaction(async (tx) => {
    let contentId: number;
    let contentTitle: string;
    if (input.content) {
      const articleTitle = titleOf(input.content);
      contentTitle = input.content.title ?? articleTitle;
      const [row] = await tx
        .insert(contents)
        .values({
          siteId,
          title: contentTitle,
          format: input.content.format,
          body: input.content.body,
        })
        .returning({ id: contents.id });
      contentId = row.id;
    } else {
      const [row] = await tx
        .select({ id: contents.id, title: contents.title })
        .from(contents)
        .where(
          and(eq(contents.id, input.contentId!), eq(contents.siteId, siteId)),
        );
      if (!row) throw notFound("content", input.contentId!);
      contentId = row.id;
      contentTitle = row.title;
    }
    const [created] = await tx
      .insert(videoProjects)
      .values({
        siteId,
        contentId,
        title: input.title ?? contentTitle,
        projectType: input.projectType ?? null,
        targetPresets: input.targetPresets,
        settings: input.settings ?? {},
      })
      .returning();
    return created;
  });
  const jobId = input.start
    ? await sendJob(
        "pipeline",
        { projectId: project.id },
        {
          priority: input.priority,
          singletonKey: `pipeline:${project.id}`,
          boss: await queues(),
        },
      )
    : null;
  return { project, jobId };
}

export type ProjectFilter = {
  status?: (typeof schema.projectStatusEnum.enumValues)[number];
  projectType?: VideoType;
  q?: string;
  page: number;
  perPage: number;
};

const likePattern = (words: string) =>
  `%${words.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** The site's projects, newest first, one page at a time. */
export async function listProjects(siteId: number, filter: ProjectFilter) {
  const { database } = await services();
  const conditions: SQL[] = [eq(videoProjects.siteId, siteId)];
  if (filter.status) conditions.push(eq(videoProjects.status, filter.status));
  if (filter.projectType)
    conditions.push(eq(videoProjects.projectType, filter.projectType));
  if (filter.q)
    conditions.push(ilike(videoProjects.title, likePattern(filter.q)));
  const { items, total } = await newestPage(
    database.db,
    videoProjects,
    and(...conditions),
    filter,
  );
  return { items, page: filter.page, perPage: filter.perPage, total };
}

/** The project with its latest script and voiceover, its assets and its renders. */
export async function getProjectDetail(siteId: number, projectId: number) {
  const { db } = (await services()).database;
  // All at once: the related rows are only returned once the project proves to be the site's.
  const [project, [script], [voiceover], assets, renders] = await Promise.all([
    findProject(siteId, projectId),
    db
      .select()
      .from(videoScripts)
      .where(eq(videoScripts.projectId, projectId))
      .orderBy(desc(videoScripts.createdAt), desc(videoScripts.id))
      .limit(1),
    db
      .select({
        id: voiceovers.id,
        scriptId: voiceovers.scriptId,
        provider: voiceovers.provider,
        voice: voiceovers.voice,
        speed: voiceovers.speed,
        durationMs: voiceovers.durationMs,
        approvedAt: voiceovers.approvedAt,
        createdAt: voiceovers.createdAt,
      })
      .from(voiceovers)
      .where(eq(voiceovers.projectId, projectId))
      .orderBy(desc(voiceovers.id))
      .limit(1),
    db
      .select()
      .from(videoAssets)
      .where(eq(videoAssets.projectId, projectId))
      .orderBy(videoAssets.sectionIndex, videoAssets.order, videoAssets.id),
    db
      .select()
      .from(renderedVideos)
      .where(eq(renderedVideos.projectId, projectId))
      .orderBy(desc(renderedVideos.id)),
  ]);
  return {
    project,
    script: script ?? null,
    voiceover: voiceover ?? null,
    assets,
    renders,
  };
}

/**
 * Applies a change to the project's settings (deep-merged) and returns the project. The result is
 * checked whole, so a change that leaves music without a track is refused naming the field.
 */
export async function updateProjectSettings(
  siteId: number,
  projectId: number,
  patch: ProjectSettingsPatch,
) {
  await findProject(siteId, projectId);
  const tracks = patch.music?.track ? await listTracks() : [];
  const { db } = (await services()).database;
  // Locked: the Visuals step writes the same column.
  return db.transaction(async (tx) => {
    const [project] = await tx
      .select()
      .from(videoProjects)
      .where(eq(videoProjects.id, projectId))
      .for("update");
    const settings = applySettingsPatch(project.settings, patch);
    const parsed = projectSettingsSchema.safeParse(settings);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = ["settings", ...issue.path.map(String)].join(".");
      throw unprocessable(
        "invalid_settings",
        `${field}: ${issue.message}`,
        field,
      );
    }
    const track = patch.music?.track;
    if (track && !tracks.some((t) => t.id === track))
      throw unprocessable(
        "invalid_settings",
        `No music track "${track}"; choose one of: ${tracks.map((t) => t.id).join(", ")}`,
        "settings.music.track",
      );
    const [updated] = await tx
      .update(videoProjects)
      .set({ settings })
      .where(eq(videoProjects.id, projectId))
      .returning();
    return updated;
  });
}

/** pg-boss jobs still waiting or running that concern the given records. */
async function pendingJobs(
  projectId: number,
  renderIds: number[],
  publicationIds: number[],
) {
  const { database } = await services();
  const { rows } = await database.pool.query<{ id: string; name: string }>(
    `select id, name from pgboss.job
      where state in ('created', 'retry', 'active')
        and ((data->>'projectId')::bigint = $1
          or (data->>'renderedVideoId')::bigint = any($2::bigint[])
          or (data->>'publishedVideoId')::bigint = any($3::bigint[]))`,
    [projectId, renderIds, publicationIds],
  );
  return rows;
}

/**
 * Deletes the project: its jobs are cancelled first (a worker finishing one finds no rows), then
 * the rows (they cascade) and its storage folder.
 */
export async function deleteProject(siteId: number, projectId: number) {
  await findProject(siteId, projectId);
  const { database, storage, queues } = await services();
  const { db } = database;
  const renders = await db
    .select({ id: renderedVideos.id })
    .from(renderedVideos)
    .where(eq(renderedVideos.projectId, projectId));
  const renderIds = renders.map((r) => r.id);
  const publications = renderIds.length
    ? await db
        .select({ id: schema.publishedVideos.id })
        .from(schema.publishedVideos)
        .where(inArray(schema.publishedVideos.renderedVideoId, renderIds))
    : [];
  const jobs = await pendingJobs(
    projectId,
    renderIds,
    publications.map((p) => p.id),
  );
  if (jobs.length) {
    const boss = await queues();
    for (const name of new Set(jobs.map((job) => job.name)))
      await boss.cancel(
        name,
        jobs.filter((job) => job.name === name).map((job) => job.id),
      );
  }
  await db.delete(videoProjects).where(eq(videoProjects.id, projectId));
  await storage.remove(projectFolder(projectId));
  return { cancelledJobs: jobs.length };
}
