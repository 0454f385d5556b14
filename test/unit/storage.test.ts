import { createHash, randomBytes } from "node:crypto";
import {
  mkdtemp,
  readFile,
  rm,
  stat,
  utimes,
  writeFile,
} from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config";
import { pruneCache } from "../../src/pipeline/cache";
import { MediaStore } from "../../src/pipeline/media-store";
import {
  LocalStorage,
  readStoredText,
  StorageKeyError,
  StorageNotFoundError,
  storageFromConfig,
  writeStoredText,
  type Storage,
} from "../../src/storage";
import { startS3Server, type FakeS3 } from "../fakes/s3-server";

const bytesOf = async (stream: Readable) => {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
};
const sha = (data: Uint8Array) =>
  createHash("sha256").update(data).digest("hex");

let root: string;
let s3: FakeS3;
beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), "storage-"));
  s3 = await startS3Server();
});
afterAll(async () => {
  await s3.close();
  await rm(root, { recursive: true, force: true });
});

const backends: Array<[string, () => Storage]> = [
  ["a local folder", () => new LocalStorage(path.join(root, "store"))],
  [
    "an S3 bucket",
    () =>
      storageFromConfig(
        loadConfig({ ...s3.env, REELWRIGHT_HOME: path.join(root, "home") }),
      ),
  ],
];

describe.each(backends)("storage in %s", (_name, open) => {
  const folder = `projects/${randomBytes(3).toString("hex")}`;

  it("refuses keys that climb out of the root, are absolute or hold a NUL", async () => {
    const storage = open();
    for (const key of [
      "../secret",
      "a/../../secret",
      "/etc/passwd",
      "..\\..\\secret",
      "",
      "a\0b",
    ]) {
      await expect(storage.size(key), key).rejects.toThrow(StorageKeyError);
      await expect(storage.openRead(key), key).rejects.toThrow(StorageKeyError);
      await expect(writeStoredText(storage, key, "x"), key).rejects.toThrow(
        StorageKeyError,
      );
    }
    await writeStoredText(storage, `${folder}/x/../b.txt`, "normalized");
    expect(await readStoredText(storage, `${folder}/b.txt`)).toBe("normalized");
  });

  it("shows a file only once its write succeeded, and nothing of a failed one", async () => {
    const storage = open();
    await expect(
      storage.write(`${folder}/w/half.txt`, async (temporary) => {
        await writeFile(temporary, "half");
        throw new Error("disk full");
      }),
    ).rejects.toThrow("disk full");
    expect(await storage.size(`${folder}/w/half.txt`)).toBeNull();
    expect(await storage.list(`${folder}/w`)).toEqual([]);
    const answer = await storage.write(
      `${folder}/w/whole.txt`,
      async (temporary) => {
        await writeFile(temporary, "whole");
        expect(await storage.size(`${folder}/w/whole.txt`)).toBeNull();
        return 42;
      },
    );
    expect(answer).toBe(42);
    expect(await storage.list(`${folder}/w`)).toEqual([
      `${folder}/w/whole.txt`,
    ]);
    await expect(storage.openRead(`${folder}/w/half.txt`)).rejects.toThrow(
      StorageNotFoundError,
    );
  });

  it("stores a file larger than one multipart part whole, and reads byte ranges of it", async () => {
    const storage = open();
    const big = randomBytes(12 * 1024 * 1024 + 123);
    const source = path.join(root, `big-${randomBytes(3).toString("hex")}.bin`);
    await writeFile(source, big);
    await storage.putFile(`${folder}/big.mp4`, source);
    expect(await storage.size(`${folder}/big.mp4`)).toBe(big.length);
    expect(
      sha(await bytesOf(await storage.openRead(`${folder}/big.mp4`))),
    ).toBe(sha(big));
    const start = 5 * 1024 * 1024 - 10;
    const range = await bytesOf(
      await storage.openRead(`${folder}/big.mp4`, { start, end: start + 19 }),
    );
    expect(range.equals(big.subarray(start, start + 20))).toBe(true);
    const copy = await storage.localCopy(`${folder}/big.mp4`);
    expect(sha(await readFile(copy))).toBe(sha(big));
    if (storage.kind === "s3") {
      expect(
        s3.events.filter((e) => e.key.endsWith(`${folder}/big.mp4`)),
      ).toEqual([
        { name: "ObjectCreated:Post", key: `reelwright/${folder}/big.mp4` },
      ]);
      expect(copy.startsWith(path.join(root, "home/cache/storage"))).toBe(true);
    } else expect(copy).toBe(path.join(root, "store", folder, "big.mp4"));
  });

  it("gives a fresh local copy after an object is replaced", async () => {
    const storage = open();
    await writeStoredText(storage, `${folder}/c/props.json`, "first");
    expect(
      await readFile(await storage.localCopy(`${folder}/c/props.json`), "utf8"),
    ).toBe("first");
    await writeStoredText(storage, `${folder}/c/props.json`, "second!");
    expect(
      await readFile(await storage.localCopy(`${folder}/c/props.json`), "utf8"),
    ).toBe("second!");
    await expect(storage.localCopy(`${folder}/c/none.json`)).rejects.toThrow(
      StorageNotFoundError,
    );
  });

  it("keeps a downloaded copy while it is used and lets the cache prune forget it after", async () => {
    const storage = open();
    if (storage.kind !== "s3") return;
    const cacheDir = path.join(root, "home/cache");
    await writeStoredText(storage, `${folder}/p/a.json`, "kept");
    await writeStoredText(storage, `${folder}/p/b.json`, "dropped");
    const a = await storage.localCopy(`${folder}/p/a.json`);
    const b = await storage.localCopy(`${folder}/p/b.json`);
    const weekAgo = new Date(Date.now() - 7 * 86_400_000);
    for (const file of [a, b]) await utimes(file, weekAgo, weekAgo);
    await storage.localCopy(`${folder}/p/a.json`); // used again today
    expect(await pruneCache(cacheDir, 86_400_000)).toBe("dropped".length);
    expect(await readFile(a, "utf8")).toBe("kept");
    await expect(readFile(b)).rejects.toThrow();
    // Its ETag folder went with it; the object itself is still in the bucket.
    await expect(stat(path.dirname(b))).rejects.toThrow();
    expect(
      await readFile(await storage.localCopy(`${folder}/p/b.json`), "utf8"),
    ).toBe("dropped");
  });

  it("removes one file or a whole folder, and only that folder", async () => {
    const storage = open();
    const base = `${folder}/r`;
    for (const key of [
      `${base}/1/a.txt`,
      `${base}/1/deep/b.txt`,
      `${base}/12/c.txt`,
      `${base}/1.txt`,
    ])
      await writeStoredText(storage, key, key);
    expect(await storage.list(`${base}/1`)).toEqual([
      `${base}/1/a.txt`,
      `${base}/1/deep/b.txt`,
    ]);
    await storage.remove(`${base}/1/deep/b.txt`);
    expect(await storage.list(`${base}/1`)).toEqual([`${base}/1/a.txt`]);
    await storage.remove(`${base}/1`);
    expect(await storage.list(base)).toEqual([
      `${base}/1.txt`,
      `${base}/12/c.txt`,
    ]);
    await storage.remove(`${base}/missing`);
  });

  it("presigns URLs that serve the object and its ranges over plain HTTP (S3 only)", async () => {
    const storage = open();
    await writeStoredText(storage, `${folder}/p/tiktok.srt`, "0123456789");
    const url = await storage.presignedUrl(`${folder}/p/tiktok.srt`, 60, {
      fileName: "tiktok-7.srt",
    });
    if (storage.kind === "local") {
      expect(url).toBeNull();
      return;
    }
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/.*X-Amz-Signature=/);
    const whole = await fetch(url!);
    expect(whole.status).toBe(200);
    expect(await whole.text()).toBe("0123456789");
    expect(whole.headers.get("content-disposition")).toContain("tiktok-7.srt");
    const part = await fetch(url!, { headers: { range: "bytes=2-4" } });
    expect(part.status).toBe(206);
    expect(await part.text()).toBe("234");
    const unknownKey = await fetch(
      url!.replace(/X-Amz-Credential=\w+/, "X-Amz-Credential=NOBODY"),
    );
    expect(unknownKey.status).toBe(403);
  });
});

describe("choosing the storage", () => {
  it("uses the local folder unless REELWRIGHT_STORAGE names a bucket", () => {
    const local = storageFromConfig(loadConfig({ REELWRIGHT_HOME: "/srv/rw" }));
    expect(local.kind).toBe("local");
    expect(local.describe()).toBe("local folder /srv/rw/storage");
    const s3 = storageFromConfig(
      loadConfig({
        REELWRIGHT_STORAGE: "s3://my-bucket/videos/prod/",
        AWS_ENDPOINT_URL_S3: "http://127.0.0.1:9000",
        AWS_SECRET_ACCESS_KEY: "very-secret-key",
      }),
    );
    expect(s3.kind).toBe("s3");
    expect(s3.describe()).toBe(
      "s3://my-bucket/videos/prod at http://127.0.0.1:9000",
    );
  });

  it("names REELWRIGHT_STORAGE when it is not an s3:// URL", () => {
    for (const value of [
      "/var/files",
      "s3://",
      "s3://Bad_Bucket/x",
      "s3://bucket/a/../b",
      "https://bucket/x",
    ])
      expect(() => loadConfig({ REELWRIGHT_STORAGE: value }), value).toThrow(
        /REELWRIGHT_STORAGE/,
      );
    expect(
      loadConfig({ REELWRIGHT_STORAGE: "s3://bucket" }).REELWRIGHT_STORAGE,
    ).toEqual({
      bucket: "bucket",
      prefix: "",
    });
  });
});

describe("the media store on shared storage", () => {
  it("keeps each file in the bucket too, so another machine fetches what a render names", async () => {
    const shared = storageFromConfig(
      loadConfig({ ...s3.env, REELWRIGHT_HOME: path.join(root, "home") }),
    );
    const here = new MediaStore(path.join(root, "media-a"), shared);
    const there = new MediaStore(path.join(root, "media-b"), shared);
    const image = randomBytes(2000);
    const src = await here.putBuffer(image, "jpg");
    expect(await shared.size(src)).toBe(image.length);
    await expect(stat(there.resolve(src))).rejects.toThrow(/ENOENT/);
    await there.fetchReferenced({ sections: [{ visual: { src } }], n: 3 });
    expect((await readFile(there.resolve(src))).equals(image)).toBe(true);

    // A file this machine had before storage was shared goes to the bucket on first use.
    const old = await new MediaStore(there.dir).putBuffer(
      randomBytes(10),
      "jpg",
    );
    expect(await shared.size(old)).toBeNull();
    await there.localFile(old);
    expect(await shared.size(old)).toBe(10);

    const missing = "media/0123456789abcdef0123456789abcdef.wav";
    expect(await there.localFile(missing)).toBe(there.resolve(missing));
    await expect(stat(there.resolve(missing))).rejects.toThrow(/ENOENT/);

    await here.remove(src);
    expect(await shared.size(src)).toBeNull();
    await expect(stat(here.resolve(src))).rejects.toThrow(/ENOENT/);
  });
});
