import { createHash } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { copyFile, mkdir, rm, stat } from "node:fs/promises";
import { pipeline } from "node:stream/promises";
import path from "node:path";
import { writeAtomically, writeFileAtomically } from "../files";
import { StorageNotFoundError, type Storage } from "../storage";

/** The public-folder prefix under which the renderer serves the media store. */
export const MEDIA_PREFIX = "media/";

/**
 * Content-addressed store for the media a video uses (scaled images, narration). Files are named
 * by the hash of their bytes, so a VideoProps `src` like `media/ab12….jpg` always means the same
 * file, and the renderer can serve the whole store as one folder. With `shared` storage (a bucket
 * every machine uses), each file is also kept there under its src, and a machine that lacks one
 * fetches it on first use.
 */
export class MediaStore {
  constructor(
    readonly dir: string,
    private readonly shared?: Storage,
  ) {}

  async putBuffer(data: Uint8Array, extension: string): Promise<string> {
    const name = `${createHash("sha256").update(data).digest("hex").slice(0, 32)}.${extension}`;
    const target = path.join(this.dir, name);
    if (!(await exists(target))) await writeFileAtomically(target, data);
    return this.share(MEDIA_PREFIX + name);
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
    return this.share(MEDIA_PREFIX + name);
  }

  private async share(src: string) {
    if (this.shared && (await this.shared.size(src)) === null)
      await this.shared.putFile(src, this.resolve(src));
    return src;
  }

  /** The file on this machine's disk behind a `media/…` src (which may not be there: see `localFile`). */
  resolve(src: string): string {
    if (!src.startsWith(MEDIA_PREFIX))
      throw new Error(`Not a media store path: ${src}`);
    const name = src.slice(MEDIA_PREFIX.length);
    if (name.includes("/") || name.includes(".."))
      throw new Error(`Invalid media path: ${src}`);
    return path.join(this.dir, name);
  }

  /**
   * The file behind `src`, fetched from shared storage if this machine lacks it (it may exist
   * nowhere). A file only this machine has (made before storage was shared, or found through a
   * cached stage output) is put in shared storage, for the other machines.
   */
  async localFile(src: string): Promise<string> {
    const file = this.resolve(src);
    if (!this.shared) return file;
    if (await exists(file)) return this.share(src).then(() => file);
    try {
      const body = await this.shared.openRead(src);
      await writeAtomically(file, (temporary) =>
        pipeline(body, createWriteStream(temporary)),
      );
    } catch (error) {
      if (!(error instanceof StorageNotFoundError)) throw error;
    }
    return file;
  }

  /** Makes every `media/…` src found in `value` (say, a render's props) present on this machine. */
  async fetchReferenced(value: unknown): Promise<void> {
    const srcs = new Set<string>();
    const walk = (v: unknown) => {
      if (typeof v === "string" && v.startsWith(MEDIA_PREFIX)) srcs.add(v);
      else if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === "object") Object.values(v).forEach(walk);
    };
    walk(value);
    for (const src of srcs) await this.localFile(src);
  }

  async remove(src: string) {
    await rm(this.resolve(src), { force: true });
    await this.shared?.remove(src);
  }
}

const exists = (file: string) =>
  stat(file).then(
    () => true,
    () => false,
  );
