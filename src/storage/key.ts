import path from "node:path";

/**
 * A storage key in its one normal form (`projects/12/renders/34/tiktok.mp4`), the same for every
 * backend; throws for a key that is empty, absolute, climbs out of the root or holds a NUL.
 */
export function storageKey(key: string): string {
  const normalized = path.posix.normalize(key.replace(/\\/g, "/"));
  if (
    !key ||
    key.includes("\0") ||
    path.posix.isAbsolute(normalized) ||
    normalized === "." ||
    normalized === ".." ||
    normalized.startsWith("../")
  )
    throw new StorageKeyError(key);
  return normalized.replace(/\/+$/, "");
}

export class StorageKeyError extends Error {
  constructor(readonly key: string) {
    super(`Not a valid file name: ${JSON.stringify(key)}`);
  }
}

export class StorageNotFoundError extends Error {
  constructor(readonly key: string) {
    super(`No file is stored under ${JSON.stringify(key)}`);
  }
}

const CONTENT_TYPES: Record<string, string> = {
  ".mp4": "video/mp4",
  ".srt": "application/x-subrip; charset=utf-8",
  ".vtt": "text/vtt; charset=utf-8",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".png": "image/png",
  ".webp": "image/webp",
  ".json": "application/json",
  ".wav": "audio/wav",
  ".mp3": "audio/mpeg",
};

export const contentTypeOf = (file: string) =>
  CONTENT_TYPES[path.extname(file).toLowerCase()] ?? "application/octet-stream";
