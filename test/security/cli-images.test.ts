import { execFile } from "node:child_process";
import {
  access,
  mkdir,
  mkdtemp,
  rm,
  symlink,
  writeFile,
} from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config";
import { MediaStore } from "../../src/pipeline/media-store";
import { prepareVideos, type MakeEvent } from "../../src/pipeline/make";

/**
 * The CLI runs on the user's own machine: an article's images may be files in the article's
 * folder, never outside it (`..`, absolute paths, file: URLs, symlinks leading out), unless the
 * user names the file in a visuals file. Issue 10, point 2.
 */

let root: string;
let articleDir: string;
let outside: string;

const BODY = `Stand on a cliff above the open ocean and the water looks a deep, clear blue, even on a day when the sky is grey.

## Water drinks the red light

Sunlight is a mix of every colour. Water molecules absorb the long red and orange wavelengths first, a little with every metre the light travels. Ten metres down, most of the red is gone. What is left is mostly blue.

## Blue light comes back

Some of the blue light bounces off water molecules and tiny particles and returns to the surface. That returning light is what reaches your eyes, so deep clear water looks blue. Shallow water over white sand looks turquoise, because the sand reflects light before the water can absorb it.
`;

const image = (file: string, colour: string) =>
  sharp({
    create: { width: 400, height: 300, channels: 3, background: colour },
  })
    .jpeg()
    .toFile(file);

function reelwright(...args: string[]) {
  return new Promise<{ code: number; stderr: string }>((resolve) =>
    execFile(
      process.execPath,
      [path.resolve("bin/reelwright.js"), ...args],
      {
        env: {
          ...process.env,
          LOG_LEVEL: "silent",
          REELWRIGHT_HOME: path.join(root, "home"),
        },
      },
      (error, _stdout, stderr) =>
        resolve({ code: error ? Number(error.code ?? 1) : 0, stderr }),
    ),
  );
}

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), "rw-cli-files-"));
  articleDir = path.join(root, "article");
  outside = path.join(root, "outside.jpg");
  await mkdir(path.join(articleDir, "images"), { recursive: true });
  await image(path.join(articleDir, "images", "inside.jpg"), "#00c000");
  await image(outside, "#ffff00");
  await symlink(outside, path.join(articleDir, "images", "link.jpg"));
});
afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

describe("images the CLI reads for an article", () => {
  it("reads files in the article's folder only, and a file outside it only when a visuals file names it", async () => {
    const article = path.join(articleDir, "article.md");
    await writeFile(
      article,
      [
        "# Why the sea is blue",
        "",
        "![inside](images/inside.jpg)",
        "![climbing out](../outside.jpg)",
        `![absolute](${outside})`,
        `![file URL](${pathToFileURL(outside).href})`,
        "![a symlink leading out](images/link.jpg)",
        "",
        BODY,
      ].join("\n"),
    );
    const visuals = path.join(root, "visuals.json");
    await writeFile(
      visuals,
      JSON.stringify({ sections: { "1": { image: outside } } }),
    );
    const config = loadConfig({
      ...process.env,
      REELWRIGHT_HOME: path.join(root, "home"),
    });
    const events: MakeEvent[] = [];
    const { prepared } = await prepareVideos({
      articlePath: article,
      presets: ["tiktok"],
      outDir: path.join(root, "out"),
      visualsFile: visuals,
      config,
      onEvent: (event) => events.push(event),
    });

    const warnings = events.flatMap((e) =>
      e.type === "warning" ? [e.message] : [],
    );
    expect(
      warnings.filter((w) => /outside the article's folder/.test(w)),
    ).toHaveLength(4);
    for (const src of [
      "../outside.jpg",
      outside,
      pathToFileURL(outside).href,
      "images/link.jpg",
    ])
      expect(
        warnings.some((w) => w.startsWith(`Image ${src} is not used`)),
      ).toBe(true);
    expect(events).toContainEqual(
      expect.objectContaining({ stage: "images", detail: "1 images" }),
    );

    // The one image read from the folder, and the file the visuals file names for section 1.
    const store = new MediaStore(config.mediaDir);
    const colours = await Promise.all(
      prepared[0].props.sections.map(async ({ visual }) =>
        visual.type === "image"
          ? (await sharp(store.resolve(visual.src)).stats()).dominant
          : null,
      ),
    );
    const yellow = colours.filter((c) => c && c.r > 200 && c.g > 200);
    const green = colours.filter((c) => c && c.r < 60 && c.g > 150);
    expect(yellow).toHaveLength(1);
    expect(colours[1]).toEqual(yellow[0]);
    expect(green.length).toBeGreaterThan(0);
  }, 180_000);

  it("refuses an article with front matter in another language, or too many images, before any work", async () => {
    const js = path.join(articleDir, "js.md");
    await writeFile(
      js,
      `---js\n{ title: require("fs").writeFileSync(${JSON.stringify(path.join(root, "ran"))}, "x") }\n---\n${BODY}`,
    );
    const refusedJs = await reelwright("make", js, "--preset", "tiktok");
    expect(refusedJs.code).toBe(2);
    await expect(access(path.join(root, "ran"))).rejects.toThrow();
    expect(refusedJs.stderr).toMatch(
      /Front matter: only YAML is read, not "js"/,
    );

    const many = path.join(articleDir, "many.md");
    await writeFile(
      many,
      `# Many\n\n${Array.from({ length: 51 }, (_, i) => `![${i}](images/inside.jpg)`).join("\n")}\n\n${BODY}`,
    );
    const refusedMany = await reelwright("make", many, "--preset", "tiktok");
    expect(refusedMany.code).toBe(2);
    expect(refusedMany.stderr).toMatch(/51 images; it may have at most 50/);
  }, 60_000);
});
