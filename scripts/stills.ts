/**
 * Renders chosen frames of the sample props as PNGs, to look at a template change quickly:
 * npx tsx scripts/stills.ts tiktok:100 youtube_long:2400 youtube_long-thumbnail
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { renderStill, selectComposition } from "@remotion/renderer";
import {
  compositionId,
  isPresetId,
  thumbnailId,
} from "../src/compositions/presets";
import { loadConfig } from "../src/config";
import { ensureBundle } from "../src/pipeline/render";
import { resolveBrowserExecutable } from "../src/render-settings";

const config = loadConfig();
const serveUrl = await ensureBundle({
  homeDir: config.homeDir,
  mediaDir: config.mediaDir,
});
for (const arg of process.argv.slice(2)) {
  const [name, frameText] = arg.split(":");
  const preset = name.replace(/-thumbnail$/, "");
  if (!isPresetId(preset)) throw new Error(`Unknown preset ${preset}`);
  const props = JSON.parse(
    await readFile(`public/sample/${preset}.json`, "utf8"),
  );
  const id = name.endsWith("-thumbnail")
    ? thumbnailId(preset)
    : compositionId(preset);
  const composition = await selectComposition({
    serveUrl,
    id,
    inputProps: props,
    browserExecutable: resolveBrowserExecutable(),
  });
  const output = path.resolve("out/frames", `${name}-${frameText ?? 0}.png`);
  await renderStill({
    serveUrl,
    composition,
    inputProps: props,
    output,
    frame: Number(frameText ?? 0),
    browserExecutable: resolveBrowserExecutable(),
    overwrite: true,
  });
  process.stdout.write(`${output}\n`);
}
