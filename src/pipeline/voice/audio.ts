import { execFile } from "node:child_process";
import { open, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { writeAtomically } from "../../files";
import type {
  SpokenVoiceover,
  SynthesisRequest,
  VoiceoverWord,
} from "./voiceover";

export const run = promisify(execFile);

/** ffmpeg, quiet but for errors and overwriting its output, on one input file. */
export const ffmpeg = (input: string, outputArgs: string[]) =>
  run("ffmpeg", ["-v", "error", "-y", "-i", input, ...outputArgs]);

/** A user's audio file converted by ffmpeg; one it cannot read fails naming the option it came from. */
export async function convertUserAudio(
  option: string,
  file: string,
  outputArgs: string[],
) {
  try {
    await ffmpeg(file, outputArgs);
  } catch (error) {
    throw new Error(
      `${option}: ${file} is not an audio file ffmpeg can read (${(error as Error).message.split("\n")[0]})`,
    );
  }
}

/** Pause between narrated segments (hook, intro, each point, CTA). */
export const SEGMENT_PAUSE_MS = 350;
/** The narration's sample rate, whatever the engine speaks at. */
export const NARRATION_SAMPLE_RATE = 48000;

export type WavInfo = {
  sampleRate: number;
  channels: number;
  durationMs: number;
};

/**
 * Reads a RIFF/WAVE header. Streamed WAVs (OpenAI's) declare a bogus data size, so the data runs
 * at most to the end of the file.
 */
export async function readWavInfo(file: string): Promise<WavInfo> {
  const handle = await open(file, "r");
  try {
    const { size } = await handle.stat();
    const header = Buffer.alloc(Math.min(size, 4096));
    await handle.read(header, 0, header.length, 0);
    if (header.toString("ascii", 0, 4) !== "RIFF")
      throw new Error(`${path.basename(file)} is not a WAV file`);
    let sampleRate = 0;
    let channels = 0;
    let byteRate = 0;
    for (let at = 12; at + 8 <= header.length;) {
      const id = header.toString("ascii", at, at + 4);
      const chunkSize = header.readUInt32LE(at + 4);
      if (id === "fmt ") {
        channels = header.readUInt16LE(at + 10);
        sampleRate = header.readUInt32LE(at + 12);
        byteRate = header.readUInt32LE(at + 16);
      } else if (id === "data" && byteRate > 0) {
        const bytes = Math.min(chunkSize, size - (at + 8));
        return { sampleRate, channels, durationMs: (bytes / byteRate) * 1000 };
      }
      at += 8 + chunkSize + (chunkSize % 2);
    }
    throw new Error(`${path.basename(file)} has no audio data`);
  } finally {
    await handle.close();
  }
}

/** Writes `ms` of 16-bit silence in the given format. */
export const writeSilence = (
  file: string,
  ms: number,
  format: Pick<WavInfo, "sampleRate" | "channels">,
) =>
  // -D: sox would otherwise dither the 16-bit output, and silence would not be silent.
  run("sox", [
    "-D",
    "-r",
    String(format.sampleRate),
    "-c",
    String(format.channels),
    "-n",
    "-b",
    "16",
    file,
    "trim",
    "0",
    `${Math.round((format.sampleRate * ms) / 1000)}s`,
  ]);

/** Speech is played at -16 LUFS on the platforms; peaks stay 1.5 dB under full scale. */
const TARGET_LUFS = -16;
const PEAK_LIMIT_DBFS = -1.5;
/** No more gain than this: a near-silent track stays near silent. */
const MAX_GAIN_DB = 20;

/** Runs an analysing audio filter over a file's audio and gives what ffmpeg logged. */
export async function analyseAudio(
  file: string,
  filter: string,
): Promise<string> {
  const { stderr } = await run(
    "ffmpeg",
    [
      "-hide_banner",
      "-nostats",
      "-i",
      file,
      "-vn",
      "-af",
      filter,
      "-f",
      "null",
      "-",
    ],
    { maxBuffer: 16 * 1024 * 1024 },
  );
  return stderr;
}

/**
 * Integrated loudness (LUFS) and peak (dBFS) of a file's audio, by EBU R128: the sample peak, or
 * with `peak: "true"` the true (inter-sample) peak.
 */
export async function measureLoudness(
  file: string,
  peak: "sample" | "true" = "sample",
): Promise<{ lufs: number; peakDb: number }> {
  const stderr = await analyseAudio(
    file,
    `ebur128=peak=${peak}:framelog=verbose`,
  );
  const summary = stderr.slice(stderr.lastIndexOf("Summary:"));
  // ffmpeg prints "-inf" for silence, which Number() does not read.
  const decibels = (match: RegExpExecArray | null) =>
    match?.[1] === "-inf" ? -Infinity : Number(match?.[1]);
  const lufs = decibels(/\bI:\s+(-?[\d.]+|-inf) LUFS/.exec(summary));
  const peakDb = decibels(/Peak:\s+(-?[\d.]+|-inf) dBFS/.exec(summary));
  if (Number.isNaN(lufs) || Number.isNaN(peakDb))
    throw new Error(`Could not measure the loudness of ${path.basename(file)}`);
  return { lufs, peakDb };
}

/**
 * Joins WAV files of one format, in order, into the narration: mono, 48 kHz, loudness-normalized
 * to -16 LUFS so every voice comes out equally loud. A measured gain and a limiter rather than
 * ffmpeg's loudnorm, which resamples to 192 kHz and took 11.7 s of a 12.5-minute narration's
 * 25 s; this takes about 1.5 s.
 */
export async function joinNarration(
  files: string[],
  outFile: string,
  workDir: string,
): Promise<void> {
  const list = path.join(workDir, "concat.txt");
  await writeFile(
    list,
    files.map((f) => `file '${f.replace(/'/g, "'\\''")}'\n`).join(""),
  );
  const joined = path.join(workDir, "joined.wav");
  await run("ffmpeg", [
    "-v",
    "error",
    "-y",
    "-f",
    "concat",
    "-safe",
    "0",
    "-i",
    list,
    "-af",
    `aresample=${NARRATION_SAMPLE_RATE}`,
    "-ac",
    "1",
    "-c:a",
    "pcm_s16le",
    joined,
  ]);
  const { lufs, peakDb } = await measureLoudness(joined);
  const gainDb = Number.isFinite(lufs)
    ? Math.min(TARGET_LUFS - lufs, MAX_GAIN_DB)
    : 0;
  const limit = 10 ** (PEAK_LIMIT_DBFS / 20);
  await writeAtomically(outFile, (temporary) =>
    ffmpeg(joined, [
      "-af",
      // The limiter only acts when the gain would push peaks past the limit.
      peakDb + gainDb > PEAK_LIMIT_DBFS
        ? `volume=${gainDb.toFixed(2)}dB,alimiter=limit=${limit.toFixed(3)}:level=0:latency=1:attack=5:release=50`
        : `volume=${gainDb.toFixed(2)}dB`,
      "-c:a",
      "pcm_s16le",
      "-f",
      "wav",
      temporary,
    ]),
  );
}

/**
 * The narration laid end to end, piece after piece: its files, its words, its running length and
 * each segment's span, with the pause file between one segment and the next.
 */
export class NarrationTimeline {
  readonly files: string[] = [];
  readonly words: VoiceoverWord[] = [];
  readonly segments: SpokenVoiceover["segments"];
  offsetMs = 0;
  private segment = -1;

  constructor(
    request: SynthesisRequest,
    private readonly pause: string,
  ) {
    this.segments = request.segments.map(() => ({ startMs: 0, endMs: 0 }));
  }

  /** Before a piece of `segment`: where it starts a new segment after another, the pause. */
  enter(segment: number) {
    if (segment === this.segment) return;
    if (this.segment >= 0) {
      this.files.push(this.pause);
      this.offsetMs += SEGMENT_PAUSE_MS;
    }
    const startMs = Math.round(this.offsetMs);
    this.segments[segment] = { startMs, endMs: startMs };
    this.segment = segment;
  }

  /** After a piece: its files, `lengthMs` long, end the current segment. */
  add(files: string[], lengthMs: number) {
    this.files.push(...files);
    this.offsetMs += lengthMs;
    this.segments[this.segment].endMs = Math.round(this.offsetMs);
  }

  finish(
    request: SynthesisRequest,
    work: string,
    by: Pick<SpokenVoiceover, "provider" | "voice">,
  ): Promise<SpokenVoiceover> {
    return finishNarration(request, this.files, work, {
      ...by,
      durationMs: this.offsetMs,
      words: this.words,
      segments: this.segments,
    });
  }
}

/** Joins the spoken files into the request's narration and describes what was spoken. */
export async function finishNarration(
  request: SynthesisRequest,
  files: string[],
  work: string,
  spoken: Pick<
    SpokenVoiceover,
    "provider" | "voice" | "durationMs" | "words" | "segments"
  >,
): Promise<SpokenVoiceover> {
  await joinNarration(files, request.outFile, work);
  return {
    provider: spoken.provider,
    voice: spoken.voice,
    speed: request.speed,
    audioFile: request.outFile,
    durationMs: Math.round(spoken.durationMs),
    words: spoken.words,
    segments: spoken.segments,
    silent: false,
  };
}
