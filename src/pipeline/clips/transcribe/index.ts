import path from "node:path";
import type { Config } from "../../../config";
import { log } from "../../../log";
import { createOpenAIClient } from "../../../openai-client";
import { readWavInfo, run } from "../../voice/audio";
import {
  makeTranscript,
  type Transcript,
  type TranscriptWord,
} from "../transcript";
import { OpenAITranscriber } from "./openai";
import { pocketSphinxProblem, PocketSphinxTranscriber } from "./pocketsphinx";

export interface Transcriber {
  readonly id: string;
  /** Words with times in ms from the start of a 16 kHz mono 16-bit WAV. */
  transcribe(
    wav: string,
    durationMs: number,
    onProgress?: (fraction: number) => void,
  ): Promise<TranscriptWord[]>;
}

/** The source's sound as the recognisers want it: 16 kHz, mono, 16-bit PCM. */
export async function extractSpeechAudio(
  source: string,
  workDir: string,
): Promise<{ wav: string; durationMs: number }> {
  const wav = path.join(workDir, "speech.wav");
  await run(
    "ffmpeg",
    [
      "-v",
      "error",
      "-y",
      "-i",
      source,
      "-vn",
      "-ac",
      "1",
      "-ar",
      "16000",
      "-c:a",
      "pcm_s16le",
      wav,
    ],
    { maxBuffer: 16 * 1024 * 1024 },
  );
  return { wav, durationMs: (await readWavInfo(wav)).durationMs };
}

/** The provider settings and what a transcription reports as it goes. */
export type TranscribeSettings = {
  config: Config;
  onProgress?: (fraction: number) => void;
  onWarning?: (message: string) => void;
};

/**
 * Transcribes with the configured provider; when OpenAI fails, the offline recogniser takes
 * over and the failure is reported as a warning.
 */
export async function transcribe(
  options: TranscribeSettings & { wav: string; durationMs: number },
): Promise<Transcript> {
  const { wav, durationMs, config, onProgress } = options;
  const offline = new PocketSphinxTranscriber();
  if (config.TRANSCRIBE_PROVIDER === "openai") {
    const openai = new OpenAITranscriber(
      createOpenAIClient(config),
      config.OPENAI_TRANSCRIBE_MODEL,
    );
    try {
      const words = await openai.transcribe(wav, durationMs, onProgress);
      return makeTranscript(openai.id, durationMs, words);
    } catch (error) {
      log.warn({ err: error }, "openai transcription failed");
      options.onWarning?.(
        `OpenAI transcription failed (${(error as Error).message}); transcribing offline with PocketSphinx`,
      );
    }
  }
  const words = await offline.transcribe(wav, durationMs, onProgress);
  return makeTranscript(offline.id, durationMs, words);
}

/**
 * Whether clips can be transcribed here: the recogniser that will run (OpenAI when configured,
 * with PocketSphinx behind it), or an error saying what is missing.
 */
export async function recogniserReadiness(config: Config): Promise<string> {
  const offline = await pocketSphinxProblem();
  if (config.TRANSCRIBE_PROVIDER === "openai" && config.OPENAI_API_KEY)
    return offline
      ? `openai (${config.OPENAI_TRANSCRIBE_MODEL}); no offline fallback: ${offline}`
      : `openai (${config.OPENAI_TRANSCRIBE_MODEL}), pocketsphinx behind it`;
  if (offline) throw new Error(offline);
  return "pocketsphinx";
}
