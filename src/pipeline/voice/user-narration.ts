import { mkdir } from "node:fs/promises";
import path from "node:path";
import { log } from "../../log";
import { extractSpeechAudio } from "../clips/transcribe";
import { PocketSphinxTranscriber } from "../clips/transcribe/pocketsphinx";
import { alignSequences, normalizeWord, timeTokens, type Span } from "./align";
import { analyseAudio, convertUserAudio, readWavInfo } from "./audio";
import { displayTokens } from "./tokens";
import type { Voiceover, VoiceoverWord } from "./voiceover";

/** Below this share of the script's words recognised, the alignment is not trusted. */
const MIN_MATCHED = 0.3;
/** A recording longer than a long video is not a narration. */
const MAX_NARRATION_MS = 20 * 60_000;

export type NarrationTiming = "aligned" | "spread";

/**
 * The user's own recording of the script as the narration. Word timings come from aligning the
 * script to what PocketSphinx hears in it (US English); when that is impossible (another
 * language, a recogniser that fails, too few words recognised) the words are spread over the
 * stretches of detected speech, in proportion to their length. `timing` says which.
 */
export async function userNarration(options: {
  file: string;
  /** The narrated segments, in order, as the script writes them. */
  segments: string[];
  language: string;
  workDir: string;
}): Promise<{ voiceover: Voiceover; timing: NarrationTiming }> {
  const { file, segments, workDir } = options;
  await mkdir(workDir, { recursive: true });
  const audioFile = path.join(workDir, "narration.wav");
  await convertUserAudio("--narration", file, [
    ..."-vn -ac 1 -ar 48000 -c:a pcm_s16le".split(" "),
    audioFile,
  ]);
  const { durationMs } = await readWavInfo(audioFile);
  if (durationMs > MAX_NARRATION_MS)
    throw new Error(
      `--narration: ${file} runs ${Math.round(durationMs / 60_000)} min; a narration may be at most ${MAX_NARRATION_MS / 60_000} min`,
    );
  const tokens = segments.map(displayTokens);
  const all = tokens.flat();

  let times: Array<Span | null> | null = null;
  let reason = "";
  if (options.language.toLowerCase().startsWith("en")) {
    try {
      const speech = await extractSpeechAudio(file, workDir);
      const heard = await new PocketSphinxTranscriber().transcribe(
        speech.wav,
        speech.durationMs,
      );
      const pair = alignSequences(
        all.map(normalizeWord),
        heard.map((w) => normalizeWord(w.text)),
      );
      const matched = pair.filter((j) => j !== null).length;
      if (matched >= MIN_MATCHED * all.length)
        times = pair.map((j) => (j === null ? null : heard[j]));
      else
        reason = `only ${matched} of ${all.length} words of the script were recognised in it`;
    } catch (error) {
      log.warn({ err: error }, "aligning the narration failed");
      reason = `PocketSphinx could not recognise it (${(error as Error).message})`;
    }
  } else {
    reason = `PocketSphinx recognises English only, not "${options.language}"`;
  }
  times ??= await spreadOverSpeech(audioFile, all, durationMs);

  // Each segment is timed on its own, so the words stay in their segments.
  const words: VoiceoverWord[][] = [];
  let offset = 0;
  for (const segment of tokens) {
    const segmentTimes = times.slice(offset, offset + segment.length);
    offset += segment.length;
    const startMs = words.flat().at(-1)?.endMs ?? 0;
    const nextTimed = times.slice(offset).find((t) => t);
    const span = { startMs, endMs: nextTimed?.startMs ?? durationMs };
    words.push(segment.length ? timeTokens(segment, segmentTimes, span) : []);
  }
  const timing: NarrationTiming = reason ? "spread" : "aligned";
  const warning =
    timing === "aligned"
      ? `Narration ${path.basename(file)}: word timings aligned to the script with PocketSphinx`
      : `Narration ${path.basename(file)}: ${reason}; the script's words are spread over the detected speech, so caption timings are approximate`;
  return {
    timing,
    voiceover: {
      provider: "user",
      voice: path.basename(file).slice(0, 100),
      speed: 1,
      audioFile,
      durationMs,
      words: words.flat(),
      segments: words.map((w, i) => ({
        startMs: w[0]?.startMs ?? words[i - 1]?.at(-1)?.endMs ?? 0,
        endMs: w.at(-1)?.endMs ?? w[0]?.startMs ?? 0,
      })),
      silent: false,
      language: options.language,
      warnings: [warning],
    },
  };
}

/** Where ffmpeg hears speech: the stretches between silences of at least 0.3 s under -35 dB. */
async function speechIntervals(
  audioFile: string,
  durationMs: number,
): Promise<Span[]> {
  const log = await analyseAudio(audioFile, "silencedetect=n=-35dB:d=0.3");
  const starts = [...log.matchAll(/silence_start: (-?[\d.]+)/g)].map((m) =>
    Math.max(0, Number(m[1]) * 1000),
  );
  const ends = [...log.matchAll(/silence_end: ([\d.]+)/g)].map(
    (m) => Number(m[1]) * 1000,
  );
  const speech: Span[] = [];
  let cursor = 0;
  starts.forEach((start, i) => {
    if (start > cursor) speech.push({ startMs: cursor, endMs: start });
    cursor = ends[i] ?? durationMs;
  });
  if (cursor < durationMs) speech.push({ startMs: cursor, endMs: durationMs });
  return speech.length ? speech : [{ startMs: 0, endMs: durationMs }];
}

/** Times for the tokens spread over the speech, each taking time in proportion to its length. */
async function spreadOverSpeech(
  audioFile: string,
  tokens: string[],
  durationMs: number,
): Promise<Span[]> {
  const speech = await speechIntervals(audioFile, durationMs);
  const total = speech.reduce((n, s) => n + s.endMs - s.startMs, 0);
  const weights = tokens.map((t) => t.length + 1);
  const perUnit = total / weights.reduce((a, b) => a + b, 0);
  // Maps a position along the speech (ms of speech) to a time in the recording.
  const at = (position: number) => {
    let left = position;
    for (const s of speech) {
      if (left <= s.endMs - s.startMs) return s.startMs + left;
      left -= s.endMs - s.startMs;
    }
    return speech.at(-1)!.endMs;
  };
  let position = 0;
  return weights.map((w) => {
    const span = {
      startMs: Math.round(at(position)),
      endMs: Math.round(at(position + w * perUnit)),
    };
    position += w * perUnit;
    return span;
  });
}
