import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { drizzle, type NodePgDatabase } from "drizzle-orm/node-postgres";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import pg from "pg";
import { loadConfig, type Config } from "../config";
import { log } from "../log";
import { ensureEmbeddedPostgres } from "./embedded";
import * as schema from "./schema";

export { schema };
export type Db = NodePgDatabase<typeof schema>;
export type Database = {
  db: Db;
  pool: pg.Pool;
  url: string;
  close: () => Promise<void>;
};

/** Any number: it only has to be the same in every process that migrates. */
const MIGRATION_LOCK = 724_001;

/**
 * The migrations ship beside this module; a bundler (Next.js) may move the module, so the
 * project's own copy under the working directory is the fallback.
 */
function migrationsFolder() {
  // Not `new URL("./migrations", import.meta.url)`: Turbopack takes that for an asset to bundle.
  const beside = path.join(
    path.dirname(fileURLToPath(import.meta.url)),
    "migrations",
  );
  return existsSync(beside)
    ? beside
    : path.resolve(process.cwd(), "src/db/migrations");
}

/** The database URL: DATABASE_URL, or the embedded Postgres under REELWRIGHT_DATA_DIR. */
export async function resolveDatabaseUrl(config: Config = loadConfig()) {
  return config.DATABASE_URL ?? ensureEmbeddedPostgres(config.dataDir);
}

/** Applies the pending migrations; processes starting at once take turns. */
export async function migrateDatabase(pool: pg.Pool) {
  const client = await pool.connect();
  try {
    await client.query("select pg_advisory_lock($1)", [MIGRATION_LOCK]);
    await migrate(drizzle(client), { migrationsFolder: migrationsFolder() });
  } finally {
    await client
      .query("select pg_advisory_unlock($1)", [MIGRATION_LOCK])
      .catch(() => {});
    client.release();
  }
}

/** Connects to `url` and brings its schema up to date. */
export async function openDatabase(
  url: string,
  options: { max?: number } = {},
): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10 });
  pool.on("error", (error) =>
    log.warn({ err: error }, "idle database connection failed"),
  );
  try {
    await migrateDatabase(pool);
  } catch (error) {
    await pool.end();
    throw new Error(
      `Cannot prepare the database at ${redact(url)}: ${(error as Error).message}`,
    );
  }
  return {
    db: drizzle(pool, { schema }),
    pool,
    url,
    close: () => pool.end(),
  };
}

/** A URL fit for a log line or an error: the password replaced. */
export const redact = (url: string) => url.replace(/:[^:@/]*@/, ":***@");

let shared: Promise<Database> | null = null;

/** This process's database (opened, migrated) on first use. */
export function getDatabase(): Promise<Database> {
  shared ??= resolveDatabaseUrl()
    .then((url) => openDatabase(url))
    .catch((error) => {
      shared = null;
      throw error;
    });
  return shared;
}

/** Closes this process's database, if it was opened. */
export async function closeDatabase() {
  const current = shared;
  shared = null;
  if (current) await (await current).close();
}
