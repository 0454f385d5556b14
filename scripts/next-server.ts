import { execFile, spawn, type ChildProcess } from "node:child_process";
import { readdir, stat } from "node:fs/promises";
import { createServer } from "node:net";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
const NEXT = path.resolve("node_modules/.bin/next");
/** What a production build is made from: a newer file here means the build is stale. */
const SOURCES = [
  "app",
  "src",
  "next.config.ts",
  "proxy.ts",
  "package.json",
  "tsconfig.json",
];

async function newestChange(entry: string): Promise<number> {
  const info = await stat(entry).catch(() => null);
  if (!info) return 0;
  if (!info.isDirectory()) return info.mtimeMs;
  const children = await readdir(entry);
  const times = await Promise.all(
    children.map((c) => newestChange(path.join(entry, c))),
  );
  return Math.max(info.mtimeMs, ...times);
}

/** Runs `next build` unless the last build is newer than every source file (it takes ~1 min). */
export async function ensureNextBuild() {
  const built = await stat(".next/BUILD_ID").then(
    (s) => s.mtimeMs,
    () => 0,
  );
  const changed = Math.max(...(await Promise.all(SOURCES.map(newestChange))));
  if (built > changed) return false;
  await run(NEXT, ["build"], {
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
    maxBuffer: 32 * 1024 * 1024,
  });
  return true;
}

export const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

/** `next start` on a free port with `env`; resolves once the app answers. */
export async function startNext(env: Record<string, string>) {
  const port = await freePort();
  const child: ChildProcess = spawn(
    NEXT,
    ["start", "-p", String(port), "-H", "127.0.0.1"],
    {
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let output = "";
  child.stdout?.on("data", (d) => (output += d));
  child.stderr?.on("data", (d) => (output += d));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`next start exited:\n${output}`);
    const up = await fetch(`${url}/`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) break;
    if (Date.now() > deadline) {
      child.kill();
      throw new Error(`next start did not answer within 60 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    pid: child.pid!,
    output: () => output,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
