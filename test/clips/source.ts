import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { FestivalVoiceProvider } from "../../src/pipeline/voice/festival";
import type { SpokenVoiceover } from "../../src/pipeline/voice/voiceover";

const run = promisify(execFile);

/** The narration: one segment a sentence, so a pause follows each, as a speaker's would. */
export const SENTENCES = [
  "Why do some teams ship every single day while others wait for months?",
  "We studied three hundred teams over two years to find out.",
  "The fastest teams kept every change small.",
  "A small change is easy to review and easy to undo.",
  "They also measured what their users actually did.",
  "Most of the slow teams measured nothing at all.",
  "Here is the surprising part.",
  "The fast teams did not work longer hours.",
  "They worked on fewer things at the same time.",
  "How many things should a team work on at once?",
  "Our answer is two, and never more than three.",
  "Try it for one month and measure the difference.",
];

export const SOURCE = { width: 640, height: 360, fps: 30 };
/** The shots: a still subject on the left, a subject moving left to right, then only noise. */
export const SHOT_SHARES = [0.34, 0.33, 0.33];

export type TestSource = {
  file: string;
  voiceover: SpokenVoiceover;
  /** Shot boundaries in ms. */
  cuts: number[];
  /** Where the moving box's centre is (share of the width) at a time in the second shot. */
  movingX: (ms: number) => number;
};

const BOX = 100;

/**
 * A talk made by the suite itself: Festival narrates SENTENCES (its word timings are the truth),
 * over three hard-cut shots drawn by ffmpeg.
 */
export async function makeTestSource(dir: string): Promise<TestSource> {
  const voiceover = await new FestivalVoiceProvider().synthesize({
    segments: SENTENCES,
    voice: "slt",
    speed: 1,
    outFile: path.join(dir, "narration.wav"),
  });
  const total = voiceover.durationMs / 1000 + 0.5;
  const lengths = SHOT_SHARES.map((s) => Math.round(total * s * 10) / 10);
  lengths[2] = Math.round((total - lengths[0] - lengths[1]) * 10) / 10;
  const { width, height, fps } = SOURCE;
  const travel = width - BOX - 40;
  const file = path.join(dir, "talk.mp4");
  const color = (d: number, c: string) => [
    "-f",
    "lavfi",
    "-i",
    `color=c=${c}:s=${width}x${height}:r=${fps}:d=${d}`,
  ];
  await run("ffmpeg", [
    "-v",
    "error",
    "-y",
    ...color(lengths[0], "0x0a1020"),
    ...color(lengths[1], "0x909090"),
    ...color(lengths[2], "0x303030"),
    "-i",
    voiceover.audioFile,
    "-filter_complex",
    [
      `[0:v]drawbox=x=80:y=130:w=${BOX}:h=${BOX}:color=0xfacc15:t=fill[a]`,
      `color=c=white:s=${BOX}x${BOX}:r=${fps}:d=${lengths[1]}[box]`,
      `[1:v][box]overlay=x='20+${travel}*t/${lengths[1]}':y=130[b]`,
      `[2:v]scale=80:45,noise=alls=80:allf=t,scale=${width}:${height}:flags=neighbor[c]`,
      `[a][b][c]concat=n=3:v=1:a=0,format=yuv420p[v]`,
    ].join(";"),
    "-map",
    "[v]",
    "-map",
    "3:a",
    "-c:v",
    "libx264",
    "-preset",
    "ultrafast",
    "-g",
    "30",
    "-c:a",
    "aac",
    "-shortest",
    file,
  ]);
  const cuts = [lengths[0] * 1000, (lengths[0] + lengths[1]) * 1000];
  return {
    file,
    voiceover,
    cuts,
    movingX: (ms) =>
      (20 + (travel * (ms - cuts[0])) / (lengths[1] * 1000) + BOX / 2) / width,
  };
}
