import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { copyFile, mkdir, stat } from "node:fs/promises";
import { pipeline } from "node:stream/promises";
import path from "node:path";
import { writeAtomically, writeFileAtomically } from "../files";

/** The public-folder prefix under which the renderer serves the media store. */
export const MEDIA_PREFIX = "media/";

/**
 * Content-addressed store for the media a video uses (scaled images, narration). Files are named
 * by the hash of their bytes, so a VideoProps `src` like `media/ab12….jpg` always means the same
 * file, and the renderer can serve the whole store as one folder.
 */
export class MediaStore {
  constructor(readonly dir: string) {}

  async putBuffer(data: Uint8Array, extension: string): Promise<string> {
    const name = `${createHash("sha256").update(data).digest("hex").slice(0, 32)}.${extension}`;
    const target = path.join(this.dir, name);
    if (!(await exists(target))) await writeFileAtomically(target, data);
    return MEDIA_PREFIX + name;
  }

  /** Hashes the file as a stream: a long source video need not fit in memory. */
  async putFile(file: string): Promise<string> {
    const extension = path.extname(file).slice(1) || "bin";
    const hash = createHash("sha256");
    await pipeline(createReadStream(file), hash);
    const name = `${hash.digest("hex").slice(0, 32)}.${extension}`;
    const target = path.join(this.dir, name);
    if (!(await exists(target))) {
      await mkdir(this.dir, { recursive: true });
      await writeAtomically(target, (temporary) => copyFile(file, temporary));
    }
    return MEDIA_PREFIX + name;
  }

  /** The file on disk behind a `media/…` src. */
  resolve(src: string): string {
    if (!src.startsWith(MEDIA_PREFIX))
      throw new Error(`Not a media store path: ${src}`);
    const name = src.slice(MEDIA_PREFIX.length);
    if (name.includes("/") || name.includes(".."))
      throw new Error(`Invalid media path: ${src}`);
    return path.join(this.dir, name);
  }
}

const exists = (file: string) =>
  stat(file).then(
    () => true,
    () => false,
  );
