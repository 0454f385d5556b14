import type { Config } from "../../config";
import { findMoments, loudnessProfile, type Moment } from "./moments";
import {
  extractSpeechAudio,
  transcribe,
  type TranscribeSettings,
} from "./transcribe";
import type { Transcript } from "./transcript";

export type MomentRange = { count: number; minMs: number; maxMs: number };

/** What the moments are picked from: the words and the loudness (dB per 100 ms window). */
export type SpeechAnalysis = { transcript: Transcript; levels: number[] };

/** The transcribe stage: the source's sound, its words with times and its loudness profile. */
export async function analyseSpeech({
  file,
  workDir,
  ...settings
}: TranscribeSettings & {
  file: string;
  workDir: string;
}): Promise<SpeechAnalysis> {
  const speech = await extractSpeechAudio(file, workDir);
  const transcript = await transcribe({ ...speech, ...settings });
  return {
    transcript,
    levels: Array.from(await loudnessProfile(speech.wav)),
  };
}

/** The select stage: the best non-overlapping moments, or an error saying why there are none. */
export async function selectMoments(options: {
  analysis: SpeechAnalysis;
  range: MomentRange;
  config: Config;
  onWarning?: (message: string) => void;
}): Promise<{ provider: string; moments: Moment[] }> {
  const { analysis, range } = options;
  const found = await findMoments({
    transcript: analysis.transcript,
    levels: Float64Array.from(analysis.levels),
    moments: range,
    config: options.config,
    onWarning: options.onWarning,
  });
  if (!found.moments.length) {
    throw new Error(
      `No run of whole sentences lasts ${range.minMs / 1000}–${range.maxMs / 1000} s in this source (${analysis.transcript.sentences.length} sentences found)`,
    );
  }
  if (found.moments.length < range.count)
    options.onWarning?.(
      `Only ${found.moments.length} moments fit without overlapping`,
    );
  return found;
}
