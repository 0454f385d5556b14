import { createHash, randomBytes } from "node:crypto";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { ensureEmbeddedPostgres } from "../../src/db/embedded";
import { openDatabase, type Database } from "../../src/db";

/**
 * One embedded Postgres for the whole test run (stopped by test/global-setup.ts), one per checkout:
 * test runs of two worktrees on one machine would otherwise stop each other's server.
 */
export const TEST_DATA_DIR = path.join(
  tmpdir(),
  `reelwright-test-postgres-${createHash("sha256").update(process.cwd()).digest("hex").slice(0, 8)}`,
);

/**
 * A fresh, migrated database on the test server, for one test file: `drop()` removes it.
 * A real Postgres, never a stand-in.
 */
export async function createTestDatabase(): Promise<
  Database & { name: string; drop: () => Promise<void> }
> {
  const name = `test_${randomBytes(5).toString("hex")}`;
  const url = await ensureEmbeddedPostgres(TEST_DATA_DIR, name);
  const database = await openDatabase(url);
  return {
    ...database,
    name,
    drop: async () => {
      await database.close();
      const admin = new pg.Client({
        connectionString: url.replace(/\/[^/]+$/, "/postgres"),
      });
      await admin.connect();
      await admin.query(`drop database if exists "${name}" with (force)`);
      await admin.end();
    },
  };
}
