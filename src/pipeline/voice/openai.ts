import { createReadStream } from "node:fs";
import { writeFile } from "node:fs/promises";
import type OpenAI from "openai";
import { z } from "zod";
import type { Config } from "../../config";
import { createOpenAIClient } from "../../openai-client";
import { readWavInfo } from "./audio";
import { PieceVoiceProvider, type SpokenInput } from "./pieces";
import type { SynthesisRequest, VoiceInfo } from "./voiceover";

const VOICES = [
  "alloy",
  "ash",
  "ballad",
  "cedar",
  "coral",
  "echo",
  "fable",
  "marin",
  "nova",
  "onyx",
  "sage",
  "shimmer",
  "verse",
];
/** The speech endpoint takes at most 4096 characters of input. */
export const MAX_INPUT_CHARS = 4096;
/** Pieces spoken and transcribed at once: enough to hide the latency, few enough for rate limits. */
const CONCURRENCY = 3;

const transcriptionSchema = z.object({
  words: z.array(
    z.object({ word: z.string(), start: z.number(), end: z.number() }),
  ),
});

/**
 * OpenAI text-to-speech, timed word by word with whisper-1's word timestamps aligned back to the
 * script's written words. Each piece (≤ 4096 characters, within one segment) is spoken, and the
 * very file that came back is transcribed; the pieces are then joined with the same pause
 * between segments as the offline voice and loudness-normalized the same way.
 */
export class OpenAIVoiceProvider extends PieceVoiceProvider {
  readonly id = "openai";
  readonly maxChars = MAX_INPUT_CHARS;
  readonly concurrency = CONCURRENCY;
  private readonly client: OpenAI;

  constructor(
    private readonly config: Config,
    client?: OpenAI,
  ) {
    super();
    this.client = client ?? createOpenAIClient(config);
  }

  async listVoices(): Promise<VoiceInfo[]> {
    return VOICES.map((id) => ({
      id,
      label: id[0].toUpperCase() + id.slice(1),
      language: "multilingual",
      gender: "neutral",
    }));
  }

  /** Speaks one input and transcribes the very file that came back. */
  async speak(
    request: SynthesisRequest,
    input: string,
    file: string,
  ): Promise<SpokenInput> {
    const response = await this.client.audio.speech.create({
      model: this.config.OPENAI_TTS_MODEL,
      voice: request.voice,
      input,
      speed: request.speed,
      response_format: "wav",
    });
    await writeFile(file, Buffer.from(await response.arrayBuffer()));
    const { durationMs } = await readWavInfo(file);
    const transcription = transcriptionSchema.safeParse(
      await this.client.audio.transcriptions.create({
        file: createReadStream(file),
        model: "whisper-1",
        response_format: "verbose_json",
        timestamp_granularities: ["word"],
      }),
    );
    if (!transcription.success)
      throw new Error(
        `The transcription came back without word timestamps: ${transcription.error.issues[0].path.join(".")}: ${transcription.error.issues[0].message}`,
      );
    return {
      lengthMs: durationMs,
      heard: transcription.data.words.map((w) => ({
        word: w.word,
        startMs: w.start * 1000,
        endMs: w.end * 1000,
      })),
    };
  }
}
