import {
  copyFile,
  mkdtemp,
  readFile,
  readdir,
  rm,
  writeFile,
} from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { Storage, StorageKeyError } from "../../src/storage";

describe("the file storage", async () => {
  const root = await mkdtemp(path.join(tmpdir(), "storage-"));
  const storage = new Storage(path.join(root, "store"));
  afterAll(() => rm(root, { recursive: true, force: true }));

  it("refuses keys that climb out of the root or are absolute", () => {
    for (const key of [
      "../secret",
      "a/../../secret",
      "/etc/passwd",
      "..\\..\\secret",
      "",
      "a\0b",
    ])
      expect(() => storage.resolve(key), key).toThrow(StorageKeyError);
    expect(storage.resolve("projects/1/../2/a.mp4")).toBe(
      path.join(root, "store/projects/2/a.mp4"),
    );
  });

  it("writes a file under a temporary name and leaves nothing behind when the write fails", async () => {
    const source = path.join(root, "source.txt");
    await writeFile(source, "hello");
    await storage.write("projects/1/a.txt", (temporary) =>
      copyFile(source, temporary),
    );
    expect(await readFile(storage.resolve("projects/1/a.txt"), "utf8")).toBe(
      "hello",
    );
    await expect(
      storage.write("projects/1/b.txt", async (temporary) => {
        await writeFile(temporary, "half");
        throw new Error("disk full");
      }),
    ).rejects.toThrow("disk full");
    expect(await readdir(storage.resolve("projects/1"))).toEqual(["a.txt"]);
    expect(await storage.size("projects/1/a.txt")).toBe(5);
    await storage.remove("projects/1");
    expect(await storage.size("projects/1/a.txt")).toBeNull();
  });
});
