import { mkdir, rm, stat } from "node:fs/promises";
import path from "node:path";
import { loadConfig } from "./config";
import { writeAtomically } from "./files";

/**
 * Where the service keeps its files (renders, captions, thumbnails, uploads): a directory,
 * `$REELWRIGHT_HOME/storage` by default. Rows store keys relative to it (`projects/12/renders/
 * 34/tiktok.mp4`); a key never escapes the root, whatever a request puts in it.
 */
export class Storage {
  constructor(readonly root: string) {}

  /** The absolute path of `key`; throws for a key that is absolute or climbs out of the root. */
  resolve(key: string): string {
    const normalized = path.posix.normalize(key.replace(/\\/g, "/"));
    if (
      !key ||
      key.includes("\0") ||
      path.posix.isAbsolute(normalized) ||
      normalized === ".." ||
      normalized.startsWith("../")
    )
      throw new StorageKeyError(key);
    return path.join(this.root, normalized);
  }

  /** Runs `write` on a temporary path and moves the result to `key` once it succeeds. */
  async write<T>(key: string, write: (temporaryPath: string) => Promise<T>) {
    return writeAtomically(this.resolve(key), write);
  }

  /**
   * A local path holding the stored file, for tools that read files (ffmpeg). Here the file
   * itself; an object-store backend downloads a copy.
   */
  async localCopy(key: string): Promise<string> {
    return this.resolve(key);
  }

  async size(key: string): Promise<number | null> {
    return stat(this.resolve(key)).then(
      (s) => s.size,
      () => null,
    );
  }

  /** Removes a file or a whole folder of keys. */
  async remove(keyOrPrefix: string) {
    await rm(this.resolve(keyOrPrefix), { recursive: true, force: true });
  }

  async ensureDir(prefix: string) {
    await mkdir(this.resolve(prefix), { recursive: true });
  }
}

export class StorageKeyError extends Error {
  constructor(readonly key: string) {
    super(`Not a valid file name: ${JSON.stringify(key)}`);
  }
}

/** REELWRIGHT_STORAGE_DIR, or `storage` under REELWRIGHT_HOME. */
export const defaultStorage = (env: NodeJS.ProcessEnv = process.env) =>
  new Storage(loadConfig(env).storageDir);
