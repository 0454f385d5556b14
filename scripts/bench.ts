/**
 * Speed and memory of the main job: renders the demo article's tiktok preset (about 60 s of
 * video) and prints wall time, realtime factor, frames per second and peak memory of the whole
 * process tree (Node, Chromium, ffmpeg). `npm run bench -- --levers` also renders the first 10 s
 * with each render setting varied, to show what each lever is worth.
 *
 * Targets (issue 2): ≤ 2.0× realtime and ≤ 4 GB peak on a 2-core machine.
 */
import { readdirSync, readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { loadConfig } from "../src/config";
import type { VideoProps } from "../src/compositions/schema";
import { makeVideos } from "../src/pipeline/make";
import {
  ensureBundle,
  RenderCheckError,
  renderVideo,
  startBrowser,
  type RenderLevers,
} from "../src/pipeline/render";

const OUT = path.resolve("out/bench");

/** Sums the resident memory of this process and all its descendants, sampled every 200 ms. */
function trackPeakMemory() {
  let peak = 0;
  const sample = () => {
    const parents = new Map<number, number>();
    const rss = new Map<number, number>();
    for (const entry of readdirSync("/proc")) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const status = readFileSync(`/proc/${entry}/status`, "utf8");
        parents.set(
          Number(entry),
          Number(/PPid:\s+(\d+)/.exec(status)?.[1] ?? 0),
        );
        rss.set(
          Number(entry),
          Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) * 1024,
        );
      } catch {
        // The process ended between listing and reading.
      }
    }
    const inTree = (pid: number): boolean =>
      pid === process.pid || (pid > 1 && inTree(parents.get(pid) ?? 0));
    let total = 0;
    for (const [pid, bytes] of rss) if (inTree(pid)) total += bytes;
    peak = Math.max(peak, total);
  };
  const timer = setInterval(sample, 200);
  return { stop: () => (clearInterval(timer), sample(), peak) };
}

const gb = (bytes: number) => (bytes / 1024 ** 3).toFixed(2);

async function main() {
  const machine = `${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, ${gb(os.totalmem())} GB, Node ${process.version}`;
  process.stdout.write(`Machine: ${machine}\n\n`);

  const memory = trackPeakMemory();
  let renderStarted = 0;
  let renderMs = 0;
  const started = Date.now();
  const [outcome] = await makeVideos({
    articlePath: "public/demo/article.md",
    presets: ["tiktok"],
    outDir: OUT,
    onEvent: (e) => {
      if (e.type !== "stage" || e.stage !== "render") return;
      if (e.status === "start") renderStarted = Date.now();
      if (e.status === "done") renderMs = Date.now() - renderStarted;
    },
  });
  const totalMs = Date.now() - started;
  const peak = memory.stop();
  if (!outcome.ok)
    throw new Error(`The tiktok render failed: ${outcome.error}`);
  const videoSec = outcome.metadata.durationSec;
  const frames = Math.round(videoSec * 30);
  process.stdout.write(
    [
      "| measure | value |",
      "|---|---|",
      `| video length | ${videoSec.toFixed(1)} s (${frames} frames, 1080x1920) |`,
      `| render wall time (renderMedia + ffprobe check) | ${(renderMs / 1000).toFixed(1)} s |`,
      `| realtime factor (render ÷ video) | ${(renderMs / 1000 / videoSec).toFixed(2)}× |`,
      `| frames per second | ${(frames / (renderMs / 1000)).toFixed(1)} |`,
      `| whole job wall time (cached stages reused) | ${(totalMs / 1000).toFixed(1)} s |`,
      `| peak memory, whole process tree | ${gb(peak)} GB |`,
      `| output size | ${(outcome.metadata.sizeBytes / 1e6).toFixed(1)} MB |`,
    ].join("\n") + "\n",
  );

  if (process.argv.includes("--levers")) await compareLevers();
}

/** Renders frames 0–299 of the same props with one setting changed at a time. */
async function compareLevers() {
  const config = loadConfig();
  const props = JSON.parse(
    await readFile(path.join(OUT, "tiktok.props.json"), "utf8"),
  ) as VideoProps;
  const serveUrl = await ensureBundle({
    homeDir: config.homeDir,
    mediaDir: config.mediaDir,
  });
  const variants: Array<[string, Partial<RenderLevers>]> = [
    ["defaults (jpeg, concurrency 2, x264 veryfast)", {}],
    ["png frames", { imageFormat: "png" }],
    ["concurrency 1", { concurrency: 1 }],
    ["x264 medium", { x264Preset: "medium" }],
    ["x264 superfast", { x264Preset: "superfast" }],
    ["x264 ultrafast", { x264Preset: "ultrafast" }],
    ["jpeg quality 75", { jpegQuality: 75 }],
  ];
  process.stdout.write(
    "\n| 300 frames (10 s), 1080x1920 | wall | fps |\n|---|---|---|\n",
  );
  const browser = await startBrowser();
  try {
    for (const [label, settings] of variants) {
      const started = Date.now();
      let verdict = "";
      try {
        await renderVideo({
          serveUrl,
          props,
          outFile: path.join(OUT, "lever.mp4"),
          frameRange: [0, 299],
          browser,
          settings,
        });
      } catch (error) {
        if (!(error instanceof RenderCheckError)) throw error;
        verdict = ` (fails the output checks: ${error.problems.join("; ")})`;
      }
      const sec = (Date.now() - started) / 1000;
      process.stdout.write(
        `| ${label}${verdict} | ${sec.toFixed(1)} s | ${(300 / sec).toFixed(1)} |\n`,
      );
    }
  } finally {
    await browser.close({ silent: true });
  }
}

await main();
