import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type PgBoss from "pg-boss";
import type { JobContext } from "../../src/jobs/context";
import { startQueues } from "../../src/jobs/queues";
import { configureServices } from "../../src/services/context";
import { createSite } from "../../src/services/sites";
import { LocalStorage } from "../../src/storage";
import { createTestDatabase } from "../helpers/database";

type Handler = (
  request: Request,
  context?: { params: Promise<Record<string, string | string[]>> },
) => Promise<Response>;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests walk answers freely
export type Json = any;

export type Call = {
  method?: string;
  path?: string;
  params?: Record<string, string>;
  key?: string | null;
  json?: unknown;
  body?: BodyInit;
  headers?: Record<string, string>;
};

/**
 * The services pointed at a fresh test database, queue and storage folder, two sites with a key
 * each, and `call()`: a route handler invoked with a real Request, as Next.js would.
 */
export async function createApiHarness() {
  const database = await createTestDatabase();
  const boss = await startQueues(database);
  const storageRoot = await mkdtemp(path.join(tmpdir(), "reelwright-api-"));
  const storage = new LocalStorage(storageRoot);
  // Tests whose fakes listen on loopback allow them with REELWRIGHT_ALLOW_PRIVATE_FETCH_HOSTS.
  configureServices({ database, storage, queues: async () => boss });
  const site = await createSite(database.db, "Lighthouse Weekly");
  const other = await createSite(database.db, "Other Site");

  async function call(handler: Handler, options: Call = {}) {
    const headers = new Headers(options.headers);
    const key = options.key === undefined ? site.key : options.key;
    if (key) headers.set("authorization", `Bearer ${key}`);
    let body = options.body;
    if (options.json !== undefined) {
      body = JSON.stringify(options.json);
      if (!headers.has("content-type"))
        headers.set("content-type", "application/json");
    }
    const request = new Request(`http://localhost${options.path ?? "/"}`, {
      method: options.method ?? (body === undefined ? "GET" : "POST"),
      headers,
      body,
      duplex: "half",
    } as RequestInit);
    const response = await handler(request, {
      params: Promise.resolve(options.params ?? {}),
    });
    const type = response.headers.get("content-type") ?? "";
    const data: Json = type.includes("json")
      ? await response.clone().json()
      : null;
    return { status: response.status, data, response };
  }

  return {
    database,
    boss: boss as PgBoss,
    storage,
    site: site.site,
    key: site.key,
    otherSite: other.site,
    otherKey: other.key,
    call,
    async close() {
      configureServices({});
      await boss.stop({ graceful: false, wait: true });
      await database.drop();
      await rm(storageRoot, { recursive: true, force: true });
    },
  };
}

export type ApiHarness = Awaited<ReturnType<typeof createApiHarness>>;

export const ARTICLE = `# Lighthouses of the North

Lighthouses guided sailors for centuries. Their keepers lived alone on rocks far out at sea.

## The lamps

The first lamps burned whale oil. Later, Fresnel lenses carried the light twenty miles.
`;

/** A project of the harness's site with a short script (version 1) saved, as the script job would. */
export async function projectWithScript(
  api: ApiHarness,
  options: { projectType?: "short" | "medium" | "long"; siteId?: number } = {},
) {
  const { createProject } = await import("../../src/services/projects");
  const { parseArticle } = await import("../../src/pipeline/content");
  const { generateExtractiveScript } =
    await import("../../src/pipeline/script");
  const { schema } = await import("../../src/db");
  const { project } = await createProject(options.siteId ?? api.site.id, {
    content: { format: "markdown", body: ARTICLE },
    projectType: options.projectType,
    targetPresets: ["tiktok", "youtube_short"],
    start: false,
    priority: "normal",
  });
  const type = options.projectType ?? "short";
  const script = generateExtractiveScript(
    parseArticle({ text: ARTICLE, format: "markdown" }),
    { type, targetSec: { min: 5, max: 90 } },
  );
  const [row] = await api.database.db
    .insert(schema.videoScripts)
    .values({
      projectId: project.id,
      videoType: type,
      version: 1,
      script,
      scriptText: script.hook,
      totalEstimatedDurationSec: script.totalEstimatedDurationSec,
      provider: "extractive",
    })
    .returning();
  return { project, script, scriptRow: row };
}

/**
 * A short "Coffee" tiktok project of the harness's site that the pipeline job (run here, with
 * `context`) has scripted and narrated; its render rows are queued, not rendered.
 */
export async function narratedProject(
  api: ApiHarness,
  context: JobContext,
  body: string,
) {
  const { schema } = await import("../../src/db");
  const [content] = await api.database.db
    .insert(schema.contents)
    .values({ siteId: api.site.id, title: "Coffee", format: "markdown", body })
    .returning();
  const [project] = await api.database.db
    .insert(schema.videoProjects)
    .values({
      siteId: api.site.id,
      contentId: content.id,
      title: "Coffee",
      projectType: "short",
      targetPresets: ["tiktok"],
    })
    .returning();
  await runPipeline(context, project.id);
  return project;
}

/** Runs the pipeline job (script, narration, render rows) for a project, here and now. */
export async function runPipeline(context: JobContext, projectId: number) {
  const { pipelineHandler } = await import("../../src/jobs/handlers/pipeline");
  await pipelineHandler(
    { projectId },
    {
      priority: 0,
      retryCount: 0,
      retryLimit: 0,
    } as PgBoss.JobWithMetadata<unknown>,
    context,
  );
}
