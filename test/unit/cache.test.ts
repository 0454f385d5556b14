import { mkdir, mkdtemp, readdir, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { contentHash, pruneCache, StageCache } from "../../src/pipeline/cache";

describe("the stage cache", () => {
  it("computes once per key and reuses the result", async () => {
    const cache = new StageCache(
      await mkdtemp(path.join(tmpdir(), "rw-cache-")),
      60_000,
    );
    let calls = 0;
    const compute = async () => ({ n: ++calls });
    const schema = z.object({ n: z.number() });
    expect(
      await cache.getOrCompute("voice", { a: 1, b: 2 }, schema, compute),
    ).toEqual({ value: { n: 1 }, cached: false });
    expect(
      await cache.getOrCompute("voice", { b: 2, a: 1 }, schema, compute),
    ).toEqual({ value: { n: 1 }, cached: true });
    expect(
      (await cache.getOrCompute("voice", { a: 2 }, schema, compute)).value,
    ).toEqual({ n: 2 });
  });

  it("recomputes an expired, corrupt or unusable entry", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "rw-cache-"));
    const schema = z.object({ n: z.number() });
    let calls = 0;
    const compute = async () => ({ n: ++calls });
    await new StageCache(dir, -1).getOrCompute("s", "k", schema, compute);
    expect(
      (await new StageCache(dir, -1).getOrCompute("s", "k", schema, compute))
        .cached,
    ).toBe(false);
    const [file] = await readdir(path.join(dir, "s"));
    await writeFile(path.join(dir, "s", file), "{not json");
    expect(
      (
        await new StageCache(dir, 60_000).getOrCompute(
          "s",
          "k",
          schema,
          compute,
        )
      ).cached,
    ).toBe(false);
    const unusable = await new StageCache(dir, 60_000).getOrCompute(
      "s",
      "k",
      schema,
      compute,
      async () => false,
    );
    expect(unusable.cached).toBe(false);
    expect(calls).toBe(4);
  });

  it("hashes equal values equally whatever their key order", () => {
    expect(contentHash({ x: [1, { b: 1, a: 2 }] })).toBe(
      contentHash({ x: [1, { a: 2, b: 1 }] }),
    );
    expect(contentHash({ x: 1 })).not.toBe(contentHash({ x: 2 }));
  });
});

describe("pruning the cache folder", () => {
  it("removes files untouched for longer than the age and the folders they leave empty", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "rw-prune-"));
    const old = path.join(dir, "voice", "old.json");
    const fresh = path.join(dir, "script", "fresh.json");
    for (const file of [old, fresh]) {
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, "0123456789");
    }
    const monthAgo = new Date(Date.now() - 31 * 86_400_000);
    await utimes(old, monthAgo, monthAgo);
    expect(await pruneCache(dir, 30 * 86_400_000)).toBe(10);
    expect(await readdir(dir)).toEqual(["script"]);
    expect(await pruneCache(path.join(dir, "missing"), 1)).toBe(0);
  });
});
