import { createReadStream } from "node:fs";
import { copyFile, readdir, rm, stat } from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";
import { writeAtomically } from "../files";
import type { ByteRange, Storage } from "../storage";
import { storageKey, StorageNotFoundError } from "./key";

/** Storage in a folder of this machine: the object is the file, made visible by a rename. */
export class LocalStorage implements Storage {
  readonly kind = "local";

  constructor(readonly root: string) {}

  describe() {
    return `local folder ${this.root}`;
  }

  /** The file behind `key` in this folder. */
  resolve(key: string) {
    return path.join(this.root, storageKey(key));
  }

  async write<T>(key: string, write: (temporaryPath: string) => Promise<T>) {
    return writeAtomically(this.resolve(key), write);
  }

  async putFile(key: string, localPath: string) {
    await this.write(key, (temporary) => copyFile(localPath, temporary));
  }

  async size(key: string): Promise<number | null> {
    const info = await stat(this.resolve(key)).catch(() => null);
    return info?.isFile() ? info.size : null;
  }

  async remove(keyOrPrefix: string) {
    await rm(this.resolve(keyOrPrefix), { recursive: true, force: true });
  }

  async list(prefix: string): Promise<string[]> {
    const entries = await readdir(this.resolve(prefix), {
      recursive: true,
      withFileTypes: true,
    }).catch(() => []);
    return entries
      .filter((e) => e.isFile())
      .map((e) =>
        path
          .relative(this.root, path.join(e.parentPath, e.name))
          .split(path.sep)
          .join("/"),
      )
      .sort();
  }

  async openRead(key: string, range?: ByteRange): Promise<Readable> {
    return createReadStream(await this.localCopy(key), range);
  }

  async localCopy(key: string): Promise<string> {
    const file = this.resolve(key);
    if ((await this.size(key)) === null) throw new StorageNotFoundError(key);
    return file;
  }

  async presignedUrl(): Promise<string | null> {
    return null;
  }
}
