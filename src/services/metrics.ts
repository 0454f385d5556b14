import { sql } from "drizzle-orm";
import { Gauge, Registry } from "prom-client";
import type { Db } from "../db";
import { ALL_JOBS } from "./job-board";

/**
 * The Prometheus metrics, read from Postgres at scrape time: the worker runs in other processes,
 * so in-memory counters here would see none of its work. Job counts are what pg-boss still holds
 * (its job table and archive; it deletes archived jobs after 7 days), so they are gauges, not
 * counters. Durations and waits are over the last day.
 */

const WINDOW = sql.raw(`interval '1 day'`);
const QUANTILES = [0.5, 0.95] as const;

type Row = Record<string, unknown>;

async function rows(db: Db, query: ReturnType<typeof sql>): Promise<Row[]> {
  return (await db.execute(query)).rows as Row[];
}

/** The whole exposition, in Prometheus's text format. */
export async function scrapeMetrics(db: Db) {
  const registry = new Registry();
  const gauge = (name: string, help: string, labelNames: string[]) =>
    new Gauge({ name, help, labelNames, registers: [registry] });

  /** A gauge whose samples are the rows of `query`: label columns as named, the value in `n`. */
  const fromRows = async (
    name: string,
    help: string,
    labels: Record<string, string>,
    query: ReturnType<typeof sql>,
  ) => {
    const metric = gauge(name, help, Object.keys(labels));
    for (const row of await rows(db, query))
      metric.set(
        Object.fromEntries(
          Object.entries(labels).map(([label, column]) => [
            label,
            String(row[column]),
          ]),
        ),
        Number(row.n),
      );
  };

  await fromRows(
    "reelwright_jobs",
    "Jobs pg-boss holds, by queue and state (completed, failed, active, created, retry, cancelled)",
    { queue: "name", state: "state" },
    sql`select name, state, count(*)::int as n from ${ALL_JOBS} j group by 1, 2`,
  );

  const timing = async (
    name: string,
    help: string,
    seconds: ReturnType<typeof sql>,
    finished: ReturnType<typeof sql>,
  ) => {
    const metric = gauge(name, help, ["queue", "quantile"]);
    const count = gauge(`${name}_count`, `How many jobs ${name} is over`, [
      "queue",
    ]);
    for (const row of await rows(
      db,
      sql`select name, count(*)::int as n,
        ${sql.join(
          QUANTILES.map(
            (q) =>
              sql`percentile_cont(${sql.raw(String(q))}) within group (order by ${seconds})::float as ${sql.raw(`q${q * 100}`)}`,
          ),
          sql`, `,
        )}
      from ${ALL_JOBS} j where ${finished} > now() - ${WINDOW} group by 1`,
    )) {
      const queue = String(row.name);
      count.set({ queue }, Number(row.n));
      for (const q of QUANTILES)
        metric.set({ queue, quantile: String(q) }, Number(row[`q${q * 100}`]));
    }
  };
  await timing(
    "reelwright_stage_duration_seconds",
    "How long the jobs of each queue (stage) ran, finished in the last day",
    sql`extract(epoch from j.completed_on - j.started_on)`,
    sql`j.state = 'completed' and j.completed_on`,
  );
  await timing(
    "reelwright_queue_wait_seconds",
    "How long jobs waited to start once due, started in the last day",
    sql`extract(epoch from j.started_on - greatest(j.created_on, j.start_after))`,
    sql`j.started_on`,
  );

  await fromRows(
    "reelwright_render_seconds_per_video_second",
    "Wall-clock render time per second of video, mean of renders finished in the last day",
    { preset: "preset" },
    sql`select preset, avg(extract(epoch from render_completed_at - render_started_at)
        / (duration_ms / 1000.0))::float as n
      from rendered_videos
      where status = 'completed' and duration_ms > 0 and render_started_at is not null
        and render_completed_at > now() - ${WINDOW}
      group by 1`,
  );
  await fromRows(
    "reelwright_publications",
    "Posts by platform and outcome (status)",
    { platform: "platform", status: "status" },
    sql`select platform, status, count(*)::int as n from published_videos group by 1, 2`,
  );

  return { body: await registry.metrics(), contentType: registry.contentType };
}
