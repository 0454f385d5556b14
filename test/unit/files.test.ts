import { mkdtemp, readdir, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { writeAtomically, writeFileAtomically } from "../../src/files";

describe("writing files atomically", () => {
  it("leaves the final name absent and no partial file when writing fails", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "rw-files-"));
    const target = path.join(dir, "out.mp4");
    await expect(
      writeAtomically(target, async (tmp) => {
        await writeFileAtomically(tmp, "half");
        throw new Error("encoder crashed");
      }),
    ).rejects.toThrow("encoder crashed");
    expect(await readdir(dir)).toEqual([]);
  });

  it("puts the complete file under the final name", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "rw-files-"));
    const target = path.join(dir, "a", "b.txt");
    await writeFileAtomically(target, "whole");
    expect(await readFile(target, "utf8")).toBe("whole");
  });
});
