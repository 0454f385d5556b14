import { and, eq, sql } from "drizzle-orm";
import { schema, type Db } from "../db";
import { jobPayloads, QUEUE_NAMES } from "../jobs/queues";
import { services } from "./context";
import { conflict, notFound } from "./errors";
import { cancelRender } from "./renders/lifecycle";

/**
 * The jobs of the queues (pg-boss's own tables, `pgboss.job` and its archive) as the admin page
 * and the metrics see them. A job belongs to the site its payload leads to (a project, a render,
 * a publication, or the site itself); jobs that lead to no site (the engagement sweep) are shown
 * to no site.
 */

/** Every job pg-boss still holds, waiting, running or done. */
export const ALL_JOBS = sql.raw(
  `(select id, name, state::text as state, priority, retry_count, data, created_on, start_after,
     started_on, completed_on from pgboss.job
   union all
   select id, name, state::text, priority, retry_count, data, created_on, start_after,
     started_on, completed_on from pgboss.archive)`,
);

/** The site a job's payload leads to. */
const SITE_OF_JOB = sql.raw(`coalesce(
  (j.data->>'siteId')::bigint,
  (select p.site_id from video_projects p where p.id = (j.data->>'projectId')::bigint),
  (select p.site_id from rendered_videos r join video_projects p on p.id = r.project_id
     where r.id = (j.data->>'renderedVideoId')::bigint),
  (select p.site_id from published_videos v join rendered_videos r on r.id = v.rendered_video_id
     join video_projects p on p.id = r.project_id where v.id = (j.data->>'publishedVideoId')::bigint))`);

export type BoardJob = {
  id: string;
  queue: string;
  state: string;
  priority: number;
  retryCount: number;
  data: Record<string, unknown>;
  createdOn: Date;
  startedOn: Date | null;
  completedOn: Date | null;
};

const toDate = (v: unknown) => (v == null ? null : new Date(v as string));

function boardJob(row: Record<string, unknown>): BoardJob {
  return {
    id: String(row.id),
    queue: String(row.name),
    state: String(row.state),
    priority: Number(row.priority),
    retryCount: Number(row.retry_count),
    data: (row.data as Record<string, unknown>) ?? {},
    createdOn: toDate(row.created_on)!,
    startedOn: toDate(row.started_on),
    completedOn: toDate(row.completed_on),
  };
}

/** Waiting, retrying and running jobs of the site, and those that failed in the last day. */
export async function siteJobs(db: Db, siteId: number) {
  const result = await db.execute(sql`
    select * from ${ALL_JOBS} j
    where ${SITE_OF_JOB} = ${siteId}
      and (j.state in ('created', 'retry', 'active')
        or (j.state = 'failed' and j.completed_on > now() - interval '1 day'))
    order by j.created_on desc limit 200`);
  const jobs = result.rows.map(boardJob);
  return {
    inFlight: jobs.filter((j) => j.state !== "failed"),
    failed: jobs.filter((j) => j.state === "failed"),
  };
}

/** Per hour of the last `hours`: jobs finished, failed, their mean run time and queue wait. */
export async function siteJobHours(db: Db, siteId: number, hours = 24) {
  const result = await db.execute(sql`
    select date_trunc('hour', j.completed_on) as hour,
      count(*) filter (where j.state = 'completed')::int as completed,
      count(*) filter (where j.state = 'failed')::int as failed,
      avg(extract(epoch from j.completed_on - j.started_on))::float as run_seconds,
      avg(extract(epoch from j.started_on - greatest(j.created_on, j.start_after)))::float
        as wait_seconds
    from ${ALL_JOBS} j
    where j.completed_on > now() - make_interval(hours => ${hours})
      and j.state in ('completed', 'failed')
      and ${SITE_OF_JOB} = ${siteId}
    group by 1 order by 1`);
  return result.rows.map((row) => ({
    hour: new Date(row.hour as string),
    completed: Number(row.completed),
    failed: Number(row.failed),
    runSeconds: row.run_seconds === null ? null : Number(row.run_seconds),
    waitSeconds: row.wait_seconds === null ? null : Number(row.wait_seconds),
  }));
}

async function siteJob(db: Db, siteId: number, queue: string, id: string) {
  if (!(QUEUE_NAMES as string[]).includes(queue))
    throw notFound("queue", queue);
  const result = await db.execute(sql`
    select * from pgboss.job j
    where j.name = ${queue} and j.id = ${id}::uuid and ${SITE_OF_JOB} = ${siteId}`);
  if (!result.rows[0]) throw notFound("job", id);
  return boardJob(result.rows[0]);
}

/**
 * Cancels a waiting or running job. A render's row is cancelled too, so its worker stops within
 * a heartbeat and the app shows it.
 */
export async function cancelSiteJob(siteId: number, queue: string, id: string) {
  const { database, queues } = await services();
  const job = await siteJob(database.db, siteId, queue, id);
  if (!["created", "retry", "active"].includes(job.state))
    throw conflict(
      "not_cancellable",
      `Job ${id} is ${job.state}: only a waiting or running job is cancelled`,
    );
  const boss = await queues();
  const render = jobPayloads.video.safeParse(job.data);
  if (queue === "video" && render.success)
    await cancelRender(database, render.data.renderedVideoId, boss);
  await boss.cancel(queue, id);
  return siteJob(database.db, siteId, queue, id);
}

/**
 * Runs a failed job again. A failed render or post is put back to `queued` first, since the
 * worker only takes a row in that state (a post resumes its saved upload).
 */
export async function retrySiteJob(siteId: number, queue: string, id: string) {
  const { database, queues } = await services();
  const { db } = database;
  const job = await siteJob(db, siteId, queue, id);
  if (job.state !== "failed")
    throw conflict(
      "not_retryable",
      `Job ${id} is ${job.state}: only a failed job is run again`,
    );
  const render = jobPayloads.video.safeParse(job.data);
  if (queue === "video" && render.success)
    await db
      .update(schema.renderedVideos)
      .set({ status: "queued", error: null, stage: null, progress: 0 })
      .where(
        and(
          eq(schema.renderedVideos.id, render.data.renderedVideoId),
          eq(schema.renderedVideos.status, "failed"),
        ),
      )
      .catch((error: { code?: string }) => {
        // rendered_videos_once_idx: the same render was requested again since.
        if (error.code === "23505")
          throw conflict(
            "render_superseded",
            `Render ${render.data.renderedVideoId} was requested again since it failed: see the newer render`,
          );
        throw error;
      });
  const post = jobPayloads.publish.safeParse(job.data);
  if (queue === "publish" && post.success)
    await db
      .update(schema.publishedVideos)
      .set({ status: "queued", error: null })
      .where(
        and(
          eq(schema.publishedVideos.id, post.data.publishedVideoId),
          eq(schema.publishedVideos.status, "failed"),
        ),
      );
  await (await queues()).retry(queue, id);
  return siteJob(db, siteId, queue, id);
}
