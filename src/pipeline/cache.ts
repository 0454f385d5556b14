import { createHash } from "node:crypto";
import { readdir, readFile, rm, rmdir, stat } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { writeFileAtomically } from "../files";
import { log } from "../log";

/** A stable hash of any JSON-serializable value (object keys sorted). */
export function contentHash(value: unknown): string {
  const canonical = JSON.stringify(value, (_key, v) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v).sort(([a], [b]) => a.localeCompare(b)),
        )
      : v,
  );
  return createHash("sha256").update(canonical).digest("hex").slice(0, 32);
}

const entrySchema = z.object({ createdAt: z.number(), value: z.unknown() });

/**
 * Keeps an expensive stage's output on disk, keyed by the hash of everything it was computed
 * from, for `ttlMs`. An entry that no longer parses, has expired, or whose `isUsable` check fails
 * (say, its audio file was deleted) is recomputed.
 */
export class StageCache {
  constructor(
    readonly dir: string,
    readonly ttlMs: number,
  ) {}

  async getOrCompute<T>(
    stage: string,
    key: unknown,
    schema: z.ZodType<T>,
    compute: () => Promise<T>,
    isUsable: (value: T) => Promise<boolean> = async () => true,
  ): Promise<{ value: T; cached: boolean }> {
    const file = path.join(this.dir, stage, `${contentHash(key)}.json`);
    const hit = await this.read(file, schema);
    if (hit !== null && (await isUsable(hit))) {
      log.debug({ stage, file }, "cache hit");
      return { value: hit, cached: true };
    }
    const value = await compute();
    await writeFileAtomically(
      file,
      JSON.stringify({ createdAt: Date.now(), value }),
    );
    return { value, cached: false };
  }

  private async read<T>(file: string, schema: z.ZodType<T>): Promise<T | null> {
    let entry;
    try {
      entry = entrySchema.safeParse(JSON.parse(await readFile(file, "utf8")));
    } catch {
      return null;
    }
    if (!entry.success || Date.now() - entry.data.createdAt > this.ttlMs)
      return null;
    const value = schema.safeParse(entry.data.value);
    return value.success ? value.data : null;
  }
}

/**
 * Removes every file under `dir` (stage entries, downloads from object storage) last written or
 * used more than `maxAgeMs` ago, and the folders that leaves empty; returns the bytes freed.
 * An expired stage entry is never read again anyway, and a download is touched on each use.
 */
export async function pruneCache(dir: string, maxAgeMs: number) {
  const before = Date.now() - maxAgeMs;
  let entries;
  try {
    entries = await readdir(dir, { recursive: true, withFileTypes: true });
  } catch {
    return 0;
  }
  let freed = 0;
  const folders: string[] = [];
  for (const entry of entries) {
    const file = path.join(entry.parentPath, entry.name);
    if (entry.isDirectory()) folders.push(file);
    if (!entry.isFile()) continue;
    const info = await stat(file).catch(() => null);
    if (!info || info.mtimeMs >= before) continue;
    await rm(file, { force: true });
    freed += info.size;
  }
  // Deepest first, so a folder emptied by its children's removal goes too.
  folders.sort((a, b) => b.length - a.length);
  for (const folder of folders) await rmdir(folder).catch(() => undefined);
  if (freed > 0) log.info({ dir, freed }, "pruned the cache");
  return freed;
}
