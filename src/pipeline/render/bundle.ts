import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import {
  mkdir,
  readdir,
  readFile,
  rename,
  rm,
  stat,
  symlink,
} from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { bundle } from "@remotion/bundler";
import { log } from "../../log";
import { MEDIA_PREFIX } from "../media-store";

const ROOT = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "../../..",
);
const ENTRY = path.join(ROOT, "src/index.ts");

/** Everything the compositions are built from: a change to any of it needs a new bundle (and site). */
export async function bundleFingerprint(): Promise<string> {
  const hash = createHash("sha256");
  const walk = async (dir: string, withContent: boolean) => {
    const entries = await readdir(dir, {
      withFileTypes: true,
      recursive: true,
    });
    const files = entries
      .filter((e) => e.isFile())
      .map((e) => path.join(e.parentPath, e.name))
      .sort();
    for (const file of files) {
      hash.update(path.relative(ROOT, file));
      hash.update(
        withContent ? await readFile(file) : String((await stat(file)).size),
      );
    }
  };
  await walk(path.join(ROOT, "src"), true);
  if (existsSync(path.join(ROOT, "public")))
    await walk(path.join(ROOT, "public"), false);
  hash.update(await readFile(path.join(ROOT, "package-lock.json")));
  return hash.digest("hex").slice(0, 16);
}

const inFlight = new Map<string, Promise<string>>();

/**
 * Bundles the compositions once per version of the source and returns the serve URL (a folder).
 * The media store is linked in as `public/media`, so `media/…` srcs in VideoProps resolve.
 * Bundles are built in a temporary folder and renamed, so two processes can race safely.
 */
export function ensureBundle(options: {
  homeDir: string;
  mediaDir: string;
  onProgress?: (fraction: number) => void;
}): Promise<string> {
  const key = `${options.homeDir}|${options.mediaDir}`;
  const existing = inFlight.get(key);
  if (existing) return existing;
  const promise = buildBundle(options).catch((error) => {
    inFlight.delete(key);
    throw error;
  });
  inFlight.set(key, promise);
  return promise;
}

/** What a command hears of the bundle: the "bundle" stage's start, progress and end. */
export type BundleStageEvent =
  | { type: "stage"; stage: "bundle"; status: "start" | "done" }
  | { type: "progress"; stage: "bundle"; fraction: number };

/** `ensureBundle` as a stage of a command's run, told to `emit` as it goes. */
export async function bundleAsStage(
  dirs: { homeDir: string; mediaDir: string },
  emit: (event: BundleStageEvent) => void,
): Promise<string> {
  emit({ type: "stage", stage: "bundle", status: "start" });
  const serveUrl = await ensureBundle({
    homeDir: dirs.homeDir,
    mediaDir: dirs.mediaDir,
    onProgress: (fraction) =>
      emit({ type: "progress", stage: "bundle", fraction }),
  });
  emit({ type: "stage", stage: "bundle", status: "done" });
  return serveUrl;
}

async function buildBundle({
  homeDir,
  mediaDir,
  onProgress,
}: {
  homeDir: string;
  mediaDir: string;
  onProgress?: (fraction: number) => void;
}): Promise<string> {
  const bundlesDir = path.join(homeDir, "bundles");
  const target = path.join(bundlesDir, await bundleFingerprint());
  if (!existsSync(target)) {
    const started = Date.now();
    const temporary = `${target}.${process.pid}.partial`;
    await rm(temporary, { recursive: true, force: true });
    await mkdir(bundlesDir, { recursive: true });
    await bundle({
      entryPoint: ENTRY,
      outDir: temporary,
      publicDir: path.join(ROOT, "public"),
      onProgress: (percent) => onProgress?.(percent / 100),
    });
    await mkdir(mediaDir, { recursive: true });
    await symlink(
      path.resolve(mediaDir),
      path.join(temporary, "public", MEDIA_PREFIX.slice(0, -1)),
    );
    try {
      await rename(temporary, target);
    } catch (error) {
      // Another process finished the same bundle first: use theirs.
      if (!existsSync(target)) throw error;
      await rm(temporary, { recursive: true, force: true });
    }
    log.info(
      { bundle: target, ms: Date.now() - started },
      "bundled the compositions",
    );
  }
  onProgress?.(1);
  return target;
}
