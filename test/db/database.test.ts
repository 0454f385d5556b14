import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { sql } from "drizzle-orm";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  decryptSecret,
  encryptSecret,
  parseSecretKey,
  SecretKeyError,
} from "../../src/db/crypto";
import { stopEmbeddedPostgres } from "../../src/db/embedded";
import { openDatabase, schema } from "../../src/db";
import { createTestDatabase } from "../helpers/database";

const run = promisify(execFile);

describe("the embedded Postgres", () => {
  let dataDir = "";
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), "reelwright-pg-"));
  });
  afterAll(async () => {
    await stopEmbeddedPostgres(dataDir).catch(() => {});
    await rm(dataDir, { recursive: true, force: true });
  });

  it("is started once when two processes need it at the same moment, and outlives them", async () => {
    const script = path.join(dataDir, "start.mts");
    await writeFile(
      script,
      `import { ensureEmbeddedPostgres } from ${JSON.stringify(path.resolve("src/db/embedded.ts"))};
      process.stdout.write(await ensureEmbeddedPostgres(${JSON.stringify(dataDir)}));`,
    );
    const start = () =>
      run("npx", ["tsx", script], {
        env: { ...process.env, LOG_LEVEL: "silent" },
      }).then((r) => r.stdout.trim());
    const [a, b] = await Promise.all([start(), start()]);
    expect(a).toMatch(
      /^postgres:\/\/postgres:.+@127\.0\.0\.1:\d+\/reelwright$/,
    );
    expect(b).toBe(a);

    // Both processes have exited; the server still answers, on loopback only.
    const client = new pg.Client({ connectionString: a });
    await client.connect();
    const { rows } = await client.query(
      "select current_setting('listen_addresses') as listen, version() as version",
    );
    await client.end();
    expect(rows[0].listen).toBe("127.0.0.1");
    expect(rows[0].version).toMatch(/^PostgreSQL 18/);
    const info = JSON.parse(
      await readFile(path.join(dataDir, "postgres.json"), "utf8"),
    );
    expect(a).toContain(`:${info.port}/`);

    // Two processes opening it at once both find the schema migrated exactly once.
    const [one, two] = await Promise.all([openDatabase(a), openDatabase(a)]);
    const migrations = await one.pool.query(
      "select count(*)::int as n from drizzle.__drizzle_migrations",
    );
    expect(migrations.rows[0].n).toBeGreaterThanOrEqual(1);
    await Promise.all([one.close(), two.close()]);
  });
});

describe("the schema", () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database?.drop());

  it("reuses a render of the same project, preset and script version, but not a failed one", async () => {
    const { db } = database;
    const [site] = await db
      .insert(schema.sites)
      .values({ name: "Demo", slug: "demo" })
      .returning();
    const [project] = await db
      .insert(schema.videoProjects)
      .values({
        siteId: site.id,
        title: "Lighthouses",
        targetPresets: ["tiktok"],
      })
      .returning();
    const [script] = await db
      .insert(schema.videoScripts)
      .values({
        projectId: project.id,
        videoType: "short",
        version: 1,
        script: {},
        scriptText: "Hello.",
        totalEstimatedDurationSec: 40,
        provider: "extractive",
      })
      .returning();
    const render = {
      projectId: project.id,
      preset: "tiktok" as const,
      scriptId: script.id,
    };
    const [first] = await db
      .insert(schema.renderedVideos)
      .values(render)
      .returning();
    await expect(
      db.insert(schema.renderedVideos).values(render),
    ).rejects.toThrow();
    await db
      .update(schema.renderedVideos)
      .set({ status: "failed" })
      .where(sql`id = ${first.id}`);
    await db.insert(schema.renderedVideos).values(render);
    const rows = await db.select().from(schema.renderedVideos);
    expect(rows.map((r) => r.status).sort()).toEqual(["failed", "queued"]);
  });

  it("refuses a project without a site, and deletes a site's rows with it", async () => {
    const { db } = database;
    await expect(
      db
        .insert(schema.videoProjects)
        .values({ siteId: 999_999, title: "x", targetPresets: ["tiktok"] }),
    ).rejects.toMatchObject({ cause: { code: "23503" } });
    await db.delete(schema.sites);
    expect(await db.select().from(schema.videoProjects)).toEqual([]);
    expect(await db.select().from(schema.renderedVideos)).toEqual([]);
  });
});

describe("token encryption", () => {
  const key = parseSecretKey(Buffer.alloc(32, 7).toString("base64"));

  it("round-trips, never stores the plain text, and refuses a tampered value or another key", () => {
    const sealed = encryptSecret("ya29.secret-token", key);
    expect(sealed).not.toContain("secret");
    expect(encryptSecret("ya29.secret-token", key)).not.toBe(sealed);
    expect(decryptSecret(sealed, key)).toBe("ya29.secret-token");
    const tampered = sealed.slice(0, -2) + (sealed.endsWith("A") ? "BB" : "AA");
    expect(() => decryptSecret(tampered, key)).toThrow(SecretKeyError);
    const other = parseSecretKey("ab".repeat(32));
    expect(() => decryptSecret(sealed, other)).toThrow(/key changed/);
  });

  it("names the variable when the key is missing or the wrong size", () => {
    expect(() => parseSecretKey(undefined)).toThrow(
      /REELWRIGHT_SECRET_KEY is not set/,
    );
    expect(() => parseSecretKey("c2hvcnQ=")).toThrow(/32 bytes .* 5 bytes/);
  });
});
