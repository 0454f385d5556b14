import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { cpus, loadavg, totalmem } from "node:os";
import { parseArgs } from "node:util";
import { sql } from "drizzle-orm";
import pg from "pg";
import { z } from "zod";
import { loadConfig } from "../src/config";
import { openDatabase } from "../src/db";
import { ensureEmbeddedPostgres } from "../src/db/embedded";
import { createSite } from "../src/services/sites";
import { ensureNextBuild, startNext } from "./next-server";

/**
 * API latency: seeds a throwaway database with PROJECTS projects (each with a script, two renders
 * and three assets) for one site, plus another site's projects as noise, starts the production
 * build (`next start`), and has CONCURRENCY clients send REQUESTS requests in all to the project
 * list (20 a page, some filtered) and project detail endpoints. Prints p50/p95/p99 and
 * requests per second. `npm run bench:api -- --projects 10000 --requests 6000 --concurrency 20`
 */

const { values } = parseArgs({
  options: {
    projects: { type: "string", default: "10000" },
    requests: { type: "string", default: "6000" },
    concurrency: { type: "string", default: "20" },
  },
});
const options = z
  .object({
    projects: z.coerce.number().int().min(100),
    requests: z.coerce.number().int().min(100),
    concurrency: z.coerce.number().int().min(1).max(200),
  })
  .parse(values);

const out = (line = "") => process.stdout.write(`${line}\n`);

const config = loadConfig();
const name = `bench_${randomBytes(4).toString("hex")}`;
const url = await ensureEmbeddedPostgres(config.dataDir, name);
const database = await openDatabase(url);

async function seed() {
  const { site, key } = await createSite(database.db, "Bench Site");
  const { site: other } = await createSite(database.db, "Noise Site");
  const script = {
    type: "short",
    title: "Lighthouses of the North",
    language: "en",
    hook: "What kept the lights burning on rocks far out at sea?",
    intro: "For two centuries, keepers lived alone beside the lamps.",
    points: Array.from({ length: 3 }, (_, i) => ({
      text: `Point ${i + 1}: the first lamps burned whale oil, later Fresnel lenses carried the light twenty miles across the water.`,
      durationEstSec: 12,
      visualCue: "a lighthouse at dusk",
      textOverlay: `Point ${i + 1}`,
      sourceSection: i,
    })),
    cta: "Follow for more stories of the sea.",
    chapters: [],
    totalEstimatedDurationSec: 45,
    seo: Object.fromEntries(
      ["youtube", "instagram", "tiktok"].map((p) => [
        p,
        {
          title: "Lighthouses",
          description: "Keepers and their lamps",
          tags: ["sea", "history"],
        },
      ]),
    ),
  };
  const started = performance.now();
  await database.db.execute(sql`
    insert into contents (site_id, title, format, body)
    values (${site.id}, 'Lighthouses', 'markdown', '# Lighthouses'), (${other.id}, 'Noise', 'markdown', '# Noise')`);
  for (const [siteId, count] of [
    [site.id, options.projects],
    [other.id, Math.round(options.projects / 5)],
  ]) {
    await database.db.execute(sql`
      insert into video_projects (site_id, content_id, title, project_type, target_presets, status, progress, created_at, updated_at)
      select ${siteId}, (select min(id) from contents where site_id = ${siteId}),
             'Project ' || n || ' about ' || (array['lighthouses','tides','storms','harbours','keepers'])[1 + n % 5],
             (array['short','medium','long'])[1 + n % 3]::video_type,
             array['tiktok','youtube_short']::preset[],
             (array['draft','scripting','voiceover','composing','rendering','review','published','failed'])[1 + n % 8]::project_status,
             '{"stage":"render","percent":100}'::jsonb,
             now() - (n || ' minutes')::interval, now()
        from generate_series(1, ${count}) as n`);
  }
  await database.db.execute(sql`
    insert into video_scripts (project_id, video_type, version, script, script_text, total_estimated_duration_sec, provider)
    select id, 'short', 1, ${JSON.stringify(script)}::jsonb, ${script.hook}, 45, 'extractive' from video_projects`);
  await database.db.execute(sql`
    insert into rendered_videos (project_id, preset, script_id, status, progress, file_path, srt_path, metadata)
    select s.project_id, p.preset::preset, s.id, 'completed', 1,
           'projects/' || s.project_id || '/renders/' || p.preset || '.mp4',
           'projects/' || s.project_id || '/renders/' || p.preset || '.srt',
           '{"title":"Lighthouses","description":"Keepers","tags":["sea"]}'::jsonb
      from video_scripts s cross join (values ('tiktok'), ('youtube_short')) as p(preset)`);
  await database.db.execute(sql`
    insert into video_assets (project_id, asset_type, source, file_path, alt, width, height, section_index, focus)
    select id, 'image', 'article_image', 'projects/' || id || '/assets/' || n || '.jpg', 'a lighthouse', 1600, 1067, n, '{"x":0.5,"y":0.4}'::jsonb
      from video_projects cross join generate_series(0, 2) as n`);
  await database.pool.query("analyze");
  const ids = (
    await database.pool.query<{ id: string }>(
      "select id from video_projects where site_id = $1",
      [site.id],
    )
  ).rows.map((r) => Number(r.id));
  out(
    `seeded ${options.projects} projects (+${Math.round(options.projects / 5)} of another site), with scripts, renders and assets, in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  return { key, ids };
}

type Sample = { kind: string; ms: number; ok: boolean };

const TICKS_PER_SECOND = 100;
/** CPU seconds a process has used (Linux): the server's cost, whatever else loads the machine. */
async function cpuSeconds(pid: number) {
  const stat = await readFile(`/proc/${pid}/stat`, "utf8");
  // After the command name (which may hold spaces): state is field 3, utime 14, stime 15.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

function report(label: string, samples: Sample[], seconds: number) {
  const ms = samples.map((s) => s.ms).sort((a, b) => a - b);
  const failed = samples.filter((s) => !s.ok).length;
  out(
    `| ${label.padEnd(22)} | ${String(samples.length).padStart(5)} | ${percentile(ms, 50).toFixed(1).padStart(6)} | ${percentile(ms, 95).toFixed(1).padStart(6)} | ${percentile(ms, 99).toFixed(1).padStart(6)} | ${ms.at(-1)!.toFixed(1).padStart(7)} | ${(samples.length / seconds).toFixed(0).padStart(6)} | ${failed} |`,
  );
}

let server: Awaited<ReturnType<typeof startNext>> | undefined;
try {
  const { key, ids } = await seed();
  if (await ensureNextBuild()) out("built the app (next build)");
  server = await startNext({
    DATABASE_URL: url,
    LOG_LEVEL: "warn",
  });
  const base = server.url;
  const pages = Math.ceil(ids.length / 20);
  const pick = <T>(list: readonly T[]) =>
    list[Math.floor(Math.random() * list.length)];
  const requests: Array<() => { kind: string; path: string }> = [
    () => ({
      kind: "list (page)",
      path: `/api/v1/video/projects/?page=${1 + Math.floor(Math.random() * pages)}&per_page=20`,
    }),
    () => ({
      kind: "list (filtered)",
      path: `/api/v1/video/projects/?status=${pick(["review", "published", "draft"])}&page=${1 + Math.floor(Math.random() * 20)}`,
    }),
    () => ({
      kind: "list (search)",
      path: `/api/v1/video/projects/?q=${pick(["tides", "storms", "Project 12"])}`,
    }),
    () => ({ kind: "detail", path: `/api/v1/video/projects/${pick(ids)}/` }),
    () => ({ kind: "detail", path: `/api/v1/video/projects/${pick(ids)}/` }),
  ];

  async function runClients(total: number) {
    const samples: Sample[] = [];
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: options.concurrency }, async () => {
        while (next++ < total) {
          const { kind, path } = pick(requests)();
          const t = performance.now();
          const response = await fetch(base + path, {
            headers: { authorization: `Bearer ${key}` },
          });
          await response.arrayBuffer();
          samples.push({
            kind,
            ms: performance.now() - t,
            ok: response.status === 200,
          });
        }
      }),
    );
    return { samples, seconds: (performance.now() - started) / 1000 };
  }

  await runClients(Math.min(500, options.requests));
  const serverCpu = await cpuSeconds(server.pid);
  const clientCpu = process.cpuUsage();
  const { samples, seconds } = await runClients(options.requests);
  const serverMs = ((await cpuSeconds(server.pid)) - serverCpu) * 1000;
  const clientUsage = process.cpuUsage(clientCpu);
  const clientMs = (clientUsage.user + clientUsage.system) / 1000;
  out(
    `\n${options.requests} requests from ${options.concurrency} concurrent clients in ${seconds.toFixed(1)} s (${cpus().length} cores, ${(totalmem() / 1024 ** 3).toFixed(1)} GB, Node ${process.version}, load average ${loadavg()[0].toFixed(1)})`,
  );
  out(
    `CPU per request: server ${(serverMs / options.requests).toFixed(2)} ms, benchmark client ${(clientMs / options.requests).toFixed(2)} ms\n`,
  );
  out(
    "| endpoint               | reqs  | p50 ms | p95 ms | p99 ms | max ms  | req/s  | failed |",
  );
  out(
    "|------------------------|-------|--------|--------|--------|---------|--------|--------|",
  );
  for (const kind of [...new Set(samples.map((s) => s.kind))].sort())
    report(
      kind,
      samples.filter((s) => s.kind === kind),
      seconds,
    );
  report("all", samples, seconds);
  const p95 = percentile(
    samples.map((s) => s.ms).sort((a, b) => a - b),
    95,
  );
  out(
    `\np95 ${p95.toFixed(1)} ms: target < 100 ms ${p95 < 100 ? "met" : "NOT met"}`,
  );
} finally {
  await server?.stop();
  await database.close();
  const admin = new pg.Client({
    connectionString: url.replace(/\/[^/]+$/, "/postgres"),
  });
  await admin.connect();
  await admin.query(`drop database if exists "${name}" with (force)`);
  await admin.end();
}
