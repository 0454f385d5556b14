import { execFile } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";

const BIN = path.resolve("bin/reelwright.js");

function reelwright(...args: string[]) {
  return new Promise<{ code: number; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { env: { ...process.env, LOG_LEVEL: "silent" } },
      (error, _stdout, stderr) =>
        resolve({ code: error ? Number(error.code ?? 1) : 0, stderr }),
    );
  });
}

describe("reelwright clips", () => {
  it("refuses a longest clip shorter than the shortest, naming the flag", async () => {
    const { code, stderr } = await reelwright(
      "clips",
      "talk.mp4",
      "--min",
      "30",
      "--max",
      "20",
    );
    expect(code).toBe(2);
    expect(stderr).toMatch(/--max: must be at least --min/);
  });

  it("refuses a horizontal preset, naming the vertical ones", async () => {
    const { code, stderr } = await reelwright(
      "clips",
      "talk.mp4",
      "--preset",
      "youtube_long",
    );
    expect(code).toBe(2);
    expect(stderr).toMatch(
      /--preset: choose a vertical preset: youtube_short, instagram_reel, instagram_feed, tiktok/,
    );
  });

  it("refuses clips longer than the platform takes", async () => {
    const { code, stderr } = await reelwright(
      "clips",
      "talk.mp4",
      "--preset",
      "instagram_reel",
      "--max",
      "120",
    );
    expect(code).toBe(2);
    expect(stderr).toMatch(/--max: is longer than the preset's platform takes/);
  });

  it("says when the source file does not exist", async () => {
    const { code, stderr } = await reelwright("clips", "/nonexistent/talk.mp4");
    expect(code).toBe(1);
    expect(stderr).toMatch(/No such video file: \/nonexistent\/talk\.mp4/);
  });
});
