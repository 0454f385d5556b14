import { randomBytes } from "node:crypto";
import { loadConfig } from "../config";
import { recogniserReadiness } from "../pipeline/clips/transcribe";
import { resolveBrowserExecutable } from "../render-settings";
import { writeStoredText } from "../storage";
import { services } from "./context";

export type Check = { ok: boolean; detail?: string };

const TIMEOUT_MS = 5000;

async function check(run: () => Promise<string | undefined>): Promise<Check> {
  try {
    const detail = await Promise.race([
      run(),
      new Promise<never>((_, reject) =>
        setTimeout(
          () => reject(new Error(`no answer within ${TIMEOUT_MS} ms`)),
          TIMEOUT_MS,
        ).unref(),
      ),
    ]);
    return detail ? { ok: true, detail } : { ok: true };
  } catch (error) {
    return { ok: false, detail: (error as Error).message };
  }
}

/** Whether this process can do its work: each check named, with why it failed. */
export async function checkHealth() {
  const context = services();
  const [database, queue, storage, browser, clips] = await Promise.all([
    check(async () => {
      const { database } = await context;
      await database.pool.query("select 1");
      return undefined;
    }),
    check(async () => {
      const boss = await (await context).queues();
      const waiting = await boss.getQueueSize("video");
      return `${waiting} video job(s) waiting`;
    }),
    check(async () => {
      const { storage } = await context;
      const probe = `.health/${randomBytes(4).toString("hex")}`;
      await writeStoredText(storage, probe, "ok");
      await storage.remove(probe);
      return storage.describe();
    }),
    check(async () => {
      const executable = resolveBrowserExecutable();
      if (!executable)
        throw new Error(
          "no browser: set REMOTION_BROWSER_EXECUTABLE or install chromium-headless-shell",
        );
      return executable;
    }),
    // Long videos into clips need a recogniser.
    check(() => recogniserReadiness(loadConfig())),
  ]);
  const render_backend = {
    ok: true,
    detail: loadConfig().RENDER_BACKEND,
  };
  const checks = { database, queue, storage, browser, clips, render_backend };
  return { ok: Object.values(checks).every((c) => c.ok), checks };
}
