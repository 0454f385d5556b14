import { spawn, execFile, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { chromium, type Browser, type Page } from "playwright-core";
import { createUser } from "../../src/auth/users";
import { createSite } from "../../src/services/sites";
import { createTestDatabase } from "../helpers/database";
import { ensureNextBuild } from "../../scripts/next-server";

const run = promisify(execFile);

/**
 * The review app as a marketer meets it: `next build` + `next start` on a free port, against a
 * fresh test database and storage folder, driven by Debian's Chromium through playwright-core.
 * The build is remade only when a source changed; E2E_SKIP_BUILD=1 always reuses it.
 */

export const CHROMIUM =
  process.env.E2E_CHROMIUM ?? "/usr/lib/chromium/chromium-headless-shell";
export const SCREENSHOTS = path.resolve("test-results/screenshots");
export const PASSWORD = "correct horse battery staple";

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

async function waitForServer(url: string, child: ChildProcess, ms = 60_000) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error("next start exited");
    try {
      await fetch(url);
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  throw new Error(`The app did not answer at ${url}`);
}

/** The production build, remade only when a source is newer (shared with the API's HTTP tests). */
export async function buildApp() {
  if (process.env.E2E_SKIP_BUILD === "1" && existsSync(".next/BUILD_ID"))
    return;
  await ensureNextBuild();
}

/**
 * `extraEnv` reaches the app, the worker and the CLI (e.g. a fake platform's URLs);
 * REELWRIGHT_PUBLIC_URL is the app's own address, so OAuth callbacks come back to it.
 */
export async function startApp(extraEnv: Record<string, string> = {}) {
  const database = await createTestDatabase();
  const home = await mkdtemp(path.join(tmpdir(), "reelwright-e2e-"));
  const site = await createSite(database.db, "Lighthouse Weekly");
  const other = await createSite(database.db, "Other Brand");
  const designer = await createUser(database.db, {
    siteId: site.site.id,
    email: "dana@lighthouse.test",
    name: "Dana Designer",
    role: "designer",
    password: PASSWORD,
  });
  const outsider = await createUser(database.db, {
    siteId: other.site.id,
    email: "olive@other.test",
    name: "Olive Other",
    role: "marketer",
    password: PASSWORD,
  });

  await buildApp();
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const env = {
    ...process.env,
    DATABASE_URL: database.url,
    REELWRIGHT_HOME: home,
    NEXT_TELEMETRY_DISABLED: "1",
    LOG_LEVEL: "warn",
    REELWRIGHT_PUBLIC_URL: baseUrl,
    ...extraEnv,
  };
  const server = spawn(
    path.resolve("node_modules/.bin/next"),
    ["start", "-p", String(port), "-H", "127.0.0.1"],
    { env, stdio: ["ignore", "pipe", "pipe"] },
  );
  let serverLog = "";
  server.stdout?.on("data", (d) => (serverLog += d));
  server.stderr?.on("data", (d) => (serverLog += d));
  // The job worker: scripts, narration, renders and publishing, on the same database and storage.
  const worker = spawn(
    path.resolve("node_modules/.bin/tsx"),
    ["src/jobs/worker.ts"],
    {
      env: {
        ...env,
        WORKER_QUEUES:
          "script,voiceover,video,thumbnail,subtitles,publish,engagement",
        WORKER_POLL_SECONDS: "0.5",
        WORKER_PROGRESS_SECONDS: "0.5",
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let workerLog = "";
  worker.stdout?.on("data", (d) => (workerLog += d));
  worker.stderr?.on("data", (d) => (workerLog += d));
  await waitForServer(`${baseUrl}/sign-in`, server);

  const browser: Browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  await mkdir(SCREENSHOTS, { recursive: true });
  // What the browser's console says the Content-Security-Policy blocked, on any page.
  const cspViolations: string[] = [];

  return {
    database,
    home,
    env,
    site,
    other,
    designer,
    outsider,
    baseUrl,
    browser,
    cspViolations,
    serverLog: () => serverLog,
    workerLog: () => workerLog,
    /** A fresh browser context (its own cookies) with one page. */
    async newPage(viewport = { width: 1366, height: 900 }): Promise<Page> {
      const context = await browser.newContext({ baseURL: baseUrl, viewport });
      const page = await context.newPage();
      page.setDefaultTimeout(20_000);
      page.on("console", (message) => {
        if (/Content.Security.Policy/i.test(message.text()))
          cspViolations.push(`${page.url()}: ${message.text()}`);
      });
      return page;
    },
    async signIn(page: Page, email: string) {
      await page.goto("/sign-in");
      await page.getByLabel("Email").fill(email);
      await page.getByLabel("Password").fill(PASSWORD);
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.waitForURL(/\/projects/);
    },
    async screenshot(page: Page, name: string) {
      await page.screenshot({
        path: path.join(SCREENSHOTS, `${name}.png`),
        fullPage: true,
      });
    },
    async close() {
      await browser.close().catch(() => {});
      for (const child of [server, worker]) {
        if (child.exitCode !== null || child.signalCode !== null) continue;
        child.kill("SIGTERM");
        await new Promise((r) => child.once("exit", r));
      }
      await database.drop();
      await rm(home, { recursive: true, force: true });
    },
  };
}

export type E2eApp = Awaited<ReturnType<typeof startApp>>;

/** `reelwright users add` as an admin would run it, against the test database. */
export async function addUserWithCli(
  app: E2eApp,
  user: { email: string; name: string; role: string; site: string },
) {
  return run(
    path.resolve("node_modules/.bin/tsx"),
    [
      "src/cli/index.ts",
      "users",
      "add",
      "--email",
      user.email,
      "--name",
      user.name,
      "--role",
      user.role,
      "--site",
      user.site,
    ],
    { env: { ...app.env, REELWRIGHT_PASSWORD: PASSWORD } },
  );
}
