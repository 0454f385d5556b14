import { writeFile } from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";
import { S3Client } from "@aws-sdk/client-s3";
import { loadConfig, type Config } from "./config";
import { LocalStorage } from "./storage/local";
import { S3Storage } from "./storage/s3";

export {
  contentTypeOf,
  storageKey,
  StorageKeyError,
  StorageNotFoundError,
} from "./storage/key";
export { LocalStorage } from "./storage/local";

/** Bytes `start` to `end`, both included. */
export type ByteRange = { start: number; end: number };
export type PresignOptions = { fileName?: string };

/**
 * Where the service keeps its files (renders, captions, thumbnails, uploads, the media a render
 * uses): a local folder (`$REELWRIGHT_HOME/storage` by default) or, with
 * `REELWRIGHT_STORAGE=s3://BUCKET/PREFIX`, an S3-compatible bucket every machine shares. Rows
 * store keys (`projects/12/renders/34/tiktok.mp4`); a key never escapes the root, whatever a
 * request puts in it, and an object is visible only once completely written.
 */
export interface Storage {
  readonly kind: "local" | "s3";
  /** Where the files are, for the health check (no secrets). */
  describe(): string;
  /** Runs `write` on a local temporary path and makes the result visible under `key` if it succeeds. */
  write<T>(
    key: string,
    write: (temporaryPath: string) => Promise<T>,
  ): Promise<T>;
  putFile(key: string, localPath: string): Promise<void>;
  /** The object's size in bytes, or null if there is none. */
  size(key: string): Promise<number | null>;
  /** Removes one object or every object under a folder of keys. */
  remove(keyOrPrefix: string): Promise<void>;
  /** The keys under a folder of keys, at any depth. */
  list(prefix: string): Promise<string[]>;
  /** Streams the object (or a byte range of it); StorageNotFoundError if there is none. */
  openRead(key: string, range?: ByteRange): Promise<Readable>;
  /**
   * A path on this machine holding the object, for libraries that need a file (ffprobe, sharp,
   * platform uploads): the file itself locally, a cached download for S3. Do not write to it.
   */
  localCopy(key: string): Promise<string>;
  /** A URL anyone holding it may GET the object from until `seconds` pass; null for a local folder. */
  presignedUrl(
    key: string,
    seconds: number,
    options?: PresignOptions,
  ): Promise<string | null>;
}

const opened = new Map<string, Storage>();

/** The storage a configuration names; one per distinct configuration in a process. */
export function storageFromConfig(config: Config): Storage {
  const location = config.REELWRIGHT_STORAGE;
  const identity = JSON.stringify([
    location,
    config.storageDir,
    config.cacheDir,
    config.AWS_REGION,
    config.AWS_ENDPOINT_URL_S3,
    config.AWS_ACCESS_KEY_ID,
    config.S3_FORCE_PATH_STYLE,
  ]);
  let storage = opened.get(identity);
  if (!storage) {
    storage = location
      ? new S3Storage(
          new S3Client({
            region: config.AWS_REGION,
            endpoint: config.AWS_ENDPOINT_URL_S3,
            forcePathStyle: config.S3_FORCE_PATH_STYLE,
            credentials:
              config.AWS_ACCESS_KEY_ID && config.AWS_SECRET_ACCESS_KEY
                ? {
                    accessKeyId: config.AWS_ACCESS_KEY_ID,
                    secretAccessKey: config.AWS_SECRET_ACCESS_KEY,
                    sessionToken: config.AWS_SESSION_TOKEN,
                  }
                : undefined,
          }),
          location,
          path.join(config.cacheDir, "storage"),
          config.AWS_ENDPOINT_URL_S3,
        )
      : new LocalStorage(config.storageDir);
    opened.set(identity, storage);
  }
  return storage;
}

/** REELWRIGHT_STORAGE, else REELWRIGHT_STORAGE_DIR, else `storage` under REELWRIGHT_HOME. */
export const defaultStorage = (env: NodeJS.ProcessEnv = process.env) =>
  storageFromConfig(loadConfig(env));

export const writeStoredText = (storage: Storage, key: string, text: string) =>
  storage.write(key, (temporary) => writeFile(temporary, text));

export async function readStoredText(storage: Storage, key: string) {
  const chunks: Buffer[] = [];
  for await (const chunk of await storage.openRead(key))
    chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks).toString("utf8");
}
