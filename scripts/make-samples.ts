/**
 * Writes the Studio's sample props (public/sample/<preset>.json) from the real pipeline run on the
 * demo article: real narration, word timings, images and music. The media they use is copied into
 * public/sample/ (narration as MP3 to keep the repository small).
 * Run: npm run samples (every preset), or `npm run samples -- youtube_medium` to add or redo some.
 */
import { execFile } from "node:child_process";
import { copyFile, mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { isPresetId, PRESET_IDS } from "../src/compositions/presets";
import type { VideoProps } from "../src/compositions/schema";
import { loadConfig } from "../src/config";
import { MEDIA_PREFIX, MediaStore } from "../src/pipeline/media-store";
import { prepareVideos } from "../src/pipeline/make";

const run = promisify(execFile);
const SAMPLE_DIR = path.resolve("public/sample");

const asked = process.argv.slice(2);
const unknown = asked.filter((p) => !isPresetId(p));
if (unknown.length)
  throw new Error(
    `Unknown presets ${unknown.join(", ")} (choose from ${PRESET_IDS.join(", ")})`,
  );
const presets = asked.length ? asked.filter(isPresetId) : PRESET_IDS;

const config = loadConfig();
const store = new MediaStore(config.mediaDir);
const { prepared, failures } = await prepareVideos({
  articlePath: "public/demo/article.md",
  presets,
  outDir: path.resolve("out/samples"),
  config,
});
if (failures.length)
  throw new Error(
    failures.map((f) => `${f.preset}: ${!f.ok && f.error}`).join("\n"),
  );

if (!asked.length) await rm(SAMPLE_DIR, { recursive: true, force: true });
await mkdir(SAMPLE_DIR, { recursive: true });
const copied = new Map<string, string>();
async function toSample(src: string): Promise<string> {
  if (!src.startsWith(MEDIA_PREFIX)) return src;
  if (!copied.has(src)) {
    const name = path.basename(src);
    if (name.endsWith(".wav")) {
      const mp3 = name.replace(/\.wav$/, ".mp3");
      await run("ffmpeg", [
        "-v",
        "error",
        "-y",
        "-i",
        store.resolve(src),
        "-c:a",
        "libmp3lame",
        "-b:a",
        "96k",
        path.join(SAMPLE_DIR, mp3),
      ]);
      copied.set(src, `sample/${mp3}`);
    } else {
      await copyFile(store.resolve(src), path.join(SAMPLE_DIR, name));
      copied.set(src, `sample/${name}`);
    }
  }
  return copied.get(src)!;
}

for (const { preset, props } of prepared) {
  const sample: VideoProps = {
    ...props,
    heroImage: props.heroImage && (await toSample(props.heroImage)),
    narration: props.narration && {
      ...props.narration,
      src: await toSample(props.narration.src),
    },
    sections: await Promise.all(
      props.sections.map(async (s) =>
        s.visual.type === "image"
          ? { ...s, visual: { ...s.visual, src: await toSample(s.visual.src) } }
          : s,
      ),
    ),
  };
  await writeFile(
    path.join(SAMPLE_DIR, `${preset}.json`),
    JSON.stringify(sample, null, 2) + "\n",
  );
}
process.stdout.write(
  `Wrote ${prepared.length} sample props and ${copied.size} media files to public/sample/\n`,
);
