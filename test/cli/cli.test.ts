import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";

const BIN = path.resolve("bin/reelwright.js");

function reelwright(...args: string[]) {
  return reelwrightWith({}, ...args);
}

function reelwrightWith(env: Record<string, string>, ...args: string[]) {
  return new Promise<{ code: number; stdout: string; stderr: string }>(
    (resolve) => {
      execFile(
        process.execPath,
        [BIN, ...args],
        { env: { ...process.env, LOG_LEVEL: "silent", ...env } },
        (error, stdout, stderr) =>
          resolve({
            code: error ? Number(error.code ?? 1) : 0,
            stdout,
            stderr,
          }),
      );
    },
  );
}

describe("the reelwright command", () => {
  it("rejects an unknown preset, naming it and the valid ones", async () => {
    const { code, stderr } = await reelwright(
      "make",
      "article.md",
      "--preset",
      "tiktok,vimeo",
    );
    expect(code).toBe(2);
    expect(stderr).toMatch(
      /--preset: unknown preset "vimeo" \(choose from youtube_long, youtube_medium, youtube_short, instagram_reel, instagram_square, instagram_feed, tiktok\)/,
    );
  });

  it("rejects an unknown quality and voice provider, naming the choices", async () => {
    const quality = await reelwright(
      "make",
      "article.md",
      "--quality",
      "ultra",
    );
    expect(quality.code).toBe(2);
    expect(quality.stderr).toMatch(
      /--quality: choose one of draft, standard, high, premium/,
    );
    const provider = await reelwright(
      "make",
      "article.md",
      "--voice-provider",
      "siri",
    );
    expect(provider.code).toBe(2);
    expect(provider.stderr).toMatch(
      /--voice-provider: choose one of festival, espeak, openai, elevenlabs/,
    );
  });

  it("rejects a speed out of range", async () => {
    const { code, stderr } = await reelwright(
      "make",
      "article.md",
      "--speed",
      "7",
    );
    expect(code).toBe(2);
    expect(stderr).toMatch(/--speed: speed must be at most 2/);
  });

  it("says which file is missing", async () => {
    const { code, stderr } = await reelwright(
      "make",
      "/nonexistent/article.md",
      "--preset",
      "tiktok",
    );
    expect(code).toBe(2);
    expect(stderr).toMatch(/\/nonexistent\/article\.md/);
  });

  it("refuses front matter that is not YAML with exit code 2, and writes nothing", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "rw-cli-"));
    const article = path.join(dir, "article.md");
    await writeFile(article, '---js\n{title: "x"}\n---\n# Hi\n\nBody.\n');
    const out = path.join(dir, "out");
    const { code, stderr } = await reelwright(
      "make",
      article,
      "--preset",
      "tiktok",
      "--out",
      out,
    );
    expect(code).toBe(2);
    expect(stderr).toMatch(/only YAML is read, not "js"/);
    expect(existsSync(out)).toBe(false);
  });

  it("refuses a props file that fails the schema, naming the field, and writes nothing", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "rw-cli-"));
    const props = path.join(dir, "bad.props.json");
    await writeFile(
      props,
      JSON.stringify({ preset: "tiktok", title: "x", durationMs: -5 }),
    );
    const { code, stderr } = await reelwright("render", props);
    expect(code).toBe(1);
    expect(stderr).toMatch(
      /Invalid props file .*bad\.props\.json: durationMs: /,
    );
  });

  it("lists the voices and the music tracks", async () => {
    const voices = await reelwright("voices");
    expect(voices.code).toBe(0);
    expect(voices.stdout).toMatch(/en/);
    const music = await reelwright("music");
    expect(music.code).toBe(0);
    expect(music.stdout.trim().split("\n").length).toBeGreaterThanOrEqual(3);
  });

  it("starts and stops the embedded Postgres, and will not stop someone else's database", async () => {
    const env = {
      REELWRIGHT_DATA_DIR: await mkdtemp(path.join(tmpdir(), "rw-db-")),
    };
    const started = await reelwrightWith(env, "db", "start");
    expect(started.code).toBe(0);
    expect(started.stdout).toMatch(
      /^postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:\d+\/reelwright\n$/,
    );
    const stopped = await reelwrightWith(env, "db", "stop");
    expect(stopped.stdout).toMatch(/^Stopped/);
    expect((await reelwrightWith(env, "db", "stop")).stdout).toMatch(/^No /);
    const external = await reelwrightWith(
      { ...env, DATABASE_URL: "postgres://x@127.0.0.1:1/x" },
      "db",
      "stop",
    );
    expect(external.code).toBe(1);
    expect(external.stderr).toMatch(/DATABASE_URL is set/);
  });
});
