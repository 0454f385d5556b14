/**
 * Speed of `reelwright clips` on a 10-minute talk: the source is made first (Festival reading the
 * demo article over and over, over a minute of three shots looped) and kept in out/bench-clips;
 * then transcription, the choice of moments and the render of three ~30 s tiktok clips are
 * timed, with the stage times and the realtime factor of each part.
 *
 * `npm run bench:clips -- --scale=0.5` renders smaller; TRANSCRIBE_PROVIDER and MOMENTS_PROVIDER
 * apply as usual.
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { makeClips, type ClipsEvent } from "../src/pipeline/clips";
import { readContentFile } from "../src/pipeline/content";
import { readWavInfo } from "../src/pipeline/voice/audio";
import { FestivalVoiceProvider } from "../src/pipeline/voice/festival";

const run = promisify(execFile);
const OUT = path.resolve("out/bench-clips");
const SOURCE_SEC = 600;

const option = (name: string) =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.split("=")[1];

async function makeSource(): Promise<string> {
  const file = path.join(OUT, "talk-10min.mp4");
  if (existsSync(file)) return file;
  const narration = path.join(OUT, "narration.wav");
  if (!existsSync(narration)) {
    const { article } = await readContentFile(
      path.resolve("public/demo/article.md"),
    );
    const paragraphs = article.sections.flatMap((s) => s.paragraphs);
    const segments: string[] = [];
    // The demo article takes about three minutes to read: read it until ten minutes are filled.
    const wordsNeeded = (SOURCE_SEC / 60) * 190;
    for (let words = 0, i = 0; words < wordsNeeded; i++) {
      const p = paragraphs[i % paragraphs.length];
      segments.push(p);
      words += p.split(/\s+/).length;
    }
    await new FestivalVoiceProvider().synthesize({
      segments,
      voice: "slt",
      speed: 1,
      outFile: narration,
    });
  }
  const narrationMs = (await readWavInfo(narration)).durationMs;
  const cycle = path.join(OUT, "shots.mp4");
  await run("ffmpeg", [
    "-v",
    "error",
    "-y",
    "-f",
    "lavfi",
    "-i",
    "color=c=0x0a1020:s=1280x720:r=30:d=20",
    "-f",
    "lavfi",
    "-i",
    "color=c=0x909090:s=1280x720:r=30:d=20",
    "-f",
    "lavfi",
    "-i",
    "color=c=0x303030:s=1280x720:r=30:d=20",
    "-filter_complex",
    [
      "[0:v]drawbox=x=200:y=220:w=240:h=280:color=0xfacc15:t=fill[a]",
      "color=c=white:s=200x200:r=30:d=20[box]",
      "[1:v][box]overlay=x='40+1000*t/20':y=260[b]",
      // Noise in blocks: full-resolution noise would make a 3 GB source.
      "[2:v]scale=160:90,noise=alls=80:allf=t,scale=1280:720:flags=neighbor[c]",
      "[a][b][c]concat=n=3:v=1:a=0,format=yuv420p[v]",
    ].join(";"),
    "-map",
    "[v]",
    "-c:v",
    "libx264",
    "-preset",
    "veryfast",
    "-crf",
    "26",
    "-g",
    "30",
    cycle,
  ]);
  await run("ffmpeg", [
    "-v",
    "error",
    "-y",
    "-stream_loop",
    "-1",
    "-i",
    cycle,
    "-i",
    narration,
    "-map",
    "0:v",
    "-map",
    "1:a",
    "-t",
    String(Math.min(SOURCE_SEC, narrationMs / 1000)),
    "-c:v",
    "copy",
    "-c:a",
    "aac",
    "-movflags",
    "+faststart",
    file,
  ]);
  return file;
}

async function main() {
  await mkdir(OUT, { recursive: true });
  const scale = Number(option("scale") ?? 1);
  const machine = `${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, ${(os.totalmem() / 1024 ** 3).toFixed(1)} GB, Node ${process.version}`;
  let started = Date.now();
  const source = await makeSource();
  process.stdout.write(
    `source ready in ${((Date.now() - started) / 1000).toFixed(0)} s: ${source}\n`,
  );
  const stageStart = new Map<string, number>();
  const stageMs = new Map<string, number>();
  const onEvent = (e: ClipsEvent) => {
    if (e.type === "warning") process.stdout.write(`warning: ${e.message}\n`);
    if (e.type !== "stage") return;
    const key = e.preset ? `${e.stage} ${e.preset}` : e.stage;
    if (e.status === "start") stageStart.set(key, Date.now());
    else stageMs.set(key, Date.now() - (stageStart.get(key) ?? Date.now()));
  };
  started = Date.now();
  const manifest = await makeClips({
    source,
    outDir: path.join(OUT, "clips"),
    count: 3,
    minMs: 25_000,
    maxMs: 35_000,
    preset: "tiktok",
    scale,
    onEvent,
  });
  const totalMs = Date.now() - started;
  const clipSec = manifest.clips.reduce((s, c) => s + c.durationMs / 1000, 0);
  const renderMs = [...stageMs]
    .filter(([k]) => k.startsWith("render "))
    .reduce((s, [, ms]) => s + ms, 0);
  const load = os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(" ");
  process.stdout.write(
    [
      `machine: ${machine}; load average at the end: ${load}`,
      `command: npm run bench:clips${scale !== 1 ? ` -- --scale=${scale}` : ""}`,
      `source: ${(manifest.sourceDurationMs / 1000).toFixed(0)} s; ${manifest.transcriber}, ${manifest.selector}`,
      ...[...stageMs].map(
        ([k, ms]) => `  ${k.padEnd(20)} ${(ms / 1000).toFixed(1)} s`,
      ),
      `clips: ${manifest.clips.map((c) => `${(c.durationMs / 1000).toFixed(1)} s`).join(", ")} (${clipSec.toFixed(1)} s)`,
      `render: ${(renderMs / 1000).toFixed(1)} s = ${(renderMs / 1000 / clipSec).toFixed(2)}× realtime`,
      `total: ${(totalMs / 1000).toFixed(1)} s`,
      "",
    ].join("\n"),
  );
}

await main();
