/**
 * Speed and memory of the main job: renders the demo article's tiktok preset (about 60 s of
 * video) and prints wall time, realtime factor, frames per second and peak memory of the whole
 * process tree (Node, Chromium, ffmpeg). `npm run bench -- --levers` also renders the first 10 s
 * with each render setting varied, to show what each lever is worth (`--frames=600-899` picks
 * other frames, `--repeat=3` renders the variants round-robin three times and keeps each one's
 * median, `--only=0,4` keeps those rows of the levers table, `--levers-only` skips the full render).
 *
 * The machine may be shared, so besides wall time every render reports the CPU time of the whole
 * process tree per frame, split by process: CPU ms per frame ÷ the number of cores is the wall
 * time per frame the render would reach on an idle machine with every core busy.
 *
 * Targets (issue 2): ≤ 2.0× realtime and ≤ 4 GB peak on a 2-core machine.
 */
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
import { meterTree, type TreeUsage } from "./lib/process-tree";

const OUT = path.resolve("out/bench");

const gb = (bytes: number) => (bytes / 1024 ** 3).toFixed(2);

const cpuMsPerFrame = (usage: TreeUsage, frames: number) =>
  ((usage.cpuSec * 1000) / frames).toFixed(1);

/** "renderer 20, gpu-process 35, …": CPU ms per frame of each kind of process, largest first. */
function split(usage: TreeUsage, frames: number): string {
  return [...usage.cpuByKind]
    .filter(([, sec]) => (sec * 1000) / frames >= 0.5)
    .sort((a, b) => b[1] - a[1])
    .map(([kind, sec]) => `${kind} ${((sec * 1000) / frames).toFixed(0)}`)
    .join(", ");
}

const option = (name: string) =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.split("=")[1];

async function main() {
  const machine = `${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, ${gb(os.totalmem())} GB, Node ${process.version}`;
  process.stdout.write(
    `Machine: ${machine}; load average at start ${os.loadavg()[0].toFixed(1)}\n\n`,
  );
  if (!process.argv.includes("--levers-only")) await benchFullRender();
  if (
    process.argv.includes("--levers") ||
    process.argv.includes("--levers-only")
  )
    await compareLevers();
  process.stdout.write(
    `\nLoad average at the end: ${os.loadavg()[0].toFixed(1)}\n`,
  );
}

/** The whole job for the demo article's tiktok preset; the render stage is timed and metered. */
async function benchFullRender() {
  const memory = meterTree();
  let renderStarted = 0;
  let renderMs = 0;
  let renderMeter: ReturnType<typeof meterTree> | undefined;
  let renderUsage: TreeUsage | undefined;
  const started = Date.now();
  const [outcome] = await makeVideos({
    articlePath: "public/demo/article.md",
    presets: ["tiktok"],
    outDir: OUT,
    onEvent: (e) => {
      if (e.type !== "stage" || e.stage !== "render") return;
      if (e.status === "start") {
        renderStarted = Date.now();
        renderMeter = meterTree();
      }
      if (e.status === "done") {
        renderMs = Date.now() - renderStarted;
        renderUsage = renderMeter?.stop();
      }
    },
  });
  const totalMs = Date.now() - started;
  const peak = memory.stop().peakRssBytes;
  if (!outcome.ok)
    throw new Error(`The tiktok render failed: ${outcome.error}`);
  const videoSec = outcome.metadata.durationSec;
  const frames = Math.round(videoSec * 30);
  process.stdout.write(
    [
      "| measure | value |",
      "|---|---|",
      `| video length | ${videoSec.toFixed(1)} s (${frames} frames, 1080x1920) |`,
      `| render wall time (render, join and ffprobe check) | ${(renderMs / 1000).toFixed(1)} s |`,
      `| realtime factor (render ÷ video) | ${(renderMs / 1000 / videoSec).toFixed(2)}× |`,
      `| frames per second | ${(frames / (renderMs / 1000)).toFixed(1)} |`,
      renderUsage
        ? `| CPU per frame, whole process tree (${split(renderUsage, frames)}) | ${cpuMsPerFrame(renderUsage, frames)} ms |`
        : "",
      renderUsage
        ? `| cores busy on average (CPU time ÷ wall time) | ${(renderUsage.cpuSec / (renderMs / 1000)).toFixed(2)} of ${os.cpus().length} |`
        : "",
      renderUsage
        ? `| threads running or waiting for a core, on average | ${renderUsage.meanRunnableThreads.toFixed(1)} |`
        : "",
      `| whole job wall time (cached stages reused) | ${(totalMs / 1000).toFixed(1)} s |`,
      `| peak memory, whole process tree | ${gb(peak)} GB |`,
      `| output size | ${(outcome.metadata.sizeBytes / 1e6).toFixed(1)} MB |`,
    ]
      .filter(Boolean)
      .join("\n") + "\n",
  );
}

/** Renders 300 frames (0–299 unless --frames) of the same props with one setting changed at a time. */
async function compareLevers() {
  const config = loadConfig();
  const props = JSON.parse(
    await readFile(path.join(OUT, "tiktok.props.json"), "utf8"),
  ) as VideoProps;
  const serveUrl = await ensureBundle({
    homeDir: config.homeDir,
    mediaDir: config.mediaDir,
  });
  const [first, last] = (option("frames") ?? "0-299").split("-").map(Number);
  const frames = last - first + 1;
  const repeat = Math.max(1, Number(option("repeat") ?? 1));
  const variants: Array<[string, Partial<RenderLevers>]> = [
    [
      "defaults (2 pieces, jpeg 90, concurrency 2, x264 veryfast, from the view)",
      {},
    ],
    [
      "captured from the surface (Remotion's default)",
      { captureFromSurface: true },
    ],
    ["png frames", { imageFormat: "png" }],
    ["concurrency 1", { concurrency: 1 }],
    ["x264 medium", { x264Preset: "medium" }],
    ["x264 superfast", { x264Preset: "superfast" }],
    ["x264 ultrafast", { x264Preset: "ultrafast" }],
    ["jpeg quality 75", { jpegQuality: 75 }],
    ["one piece (a single renderMedia)", { pieces: 1 }],
  ];
  // --only=0,4 keeps those rows of the table (0 is the defaults).
  const only = option("only")?.split(",").map(Number);
  if (only)
    variants.splice(
      0,
      variants.length,
      ...variants.filter((_, i) => only.includes(i)),
    );
  const runs = new Map<string, Array<{ sec: number; usage: TreeUsage }>>();
  const verdicts = new Map<string, string>();
  const browser = await startBrowser();
  try {
    for (let round = 0; round < repeat; round++) {
      for (const [label, settings] of variants) {
        const meter = meterTree();
        const started = Date.now();
        try {
          await renderVideo({
            serveUrl,
            props,
            outFile: path.join(OUT, "lever.mp4"),
            frameRange: [first, last],
            browser,
            settings,
          });
        } catch (error) {
          if (!(error instanceof RenderCheckError)) throw error;
          verdicts.set(
            label,
            ` (fails the output checks: ${error.problems.join("; ")})`,
          );
        }
        const sec = (Date.now() - started) / 1000;
        runs.set(label, [
          ...(runs.get(label) ?? []),
          { sec, usage: meter.stop() },
        ]);
      }
    }
  } finally {
    await browser.close({ silent: true });
  }
  const median = <T>(items: T[], key: (item: T) => number) =>
    [...items].sort((a, b) => key(a) - key(b))[Math.floor(items.length / 2)];
  process.stdout.write(
    [
      "",
      `| frames ${first}–${last}, 1080x1920${repeat > 1 ? `, median of ${repeat}` : ""} | CPU ms/frame (by process) | cores busy | runnable threads | wall | fps |`,
      "|---|---|---|---|---|---|",
      ...variants.map(([label]) => {
        const run = median(runs.get(label) ?? [], (r) => r.usage.cpuSec);
        return `| ${label}${verdicts.get(label) ?? ""} | ${cpuMsPerFrame(run.usage, frames)} (${split(run.usage, frames)}) | ${(run.usage.cpuSec / run.sec).toFixed(2)} | ${run.usage.meanRunnableThreads.toFixed(1)} | ${run.sec.toFixed(1)} s | ${(frames / run.sec).toFixed(1)} |`;
      }),
    ].join("\n") + "\n",
  );
}

await main();
