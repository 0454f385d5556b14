import { createReadStream } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type OpenAI from "openai";
import { z } from "zod";
import type { Config } from "../../config";
import { createOpenAIClient } from "../../openai-client";
import { alignToTranscript, type Span } from "./align";
import {
  joinNarration,
  readWavInfo,
  SEGMENT_PAUSE_MS,
  writeSilence,
} from "./audio";
import { chunkTokens, displayTokens } from "./tokens";
import type {
  SynthesisRequest,
  VoiceInfo,
  Voiceover,
  VoiceoverWord,
  VoiceProvider,
} from "./voiceover";

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

type Piece = { segment: number; tokens: string[]; inputs: string[] };
type SpokenPiece = {
  files: string[];
  lengthMs: number;
  heard: Array<{ word: string } & Span>;
};

/**
 * Cuts a segment into pieces the speech endpoint accepts, at sentence ends where it can. Text
 * with no spaces to cut at (a long run of Chinese, say) is cut anywhere.
 */
export function piecesOf(text: string, segment = 0): Piece[] {
  const tokens = displayTokens(text);
  return chunkTokens(tokens, MAX_INPUT_CHARS).map(([from, to]) => {
    const input = tokens.slice(from, to).join(" ");
    const inputs: string[] = [];
    for (let at = 0; at < input.length; at += MAX_INPUT_CHARS)
      inputs.push(input.slice(at, at + MAX_INPUT_CHARS));
    return { segment, tokens: tokens.slice(from, to), inputs };
  });
}

/**
 * OpenAI text-to-speech, timed word by word with whisper-1's word timestamps aligned back to the
 * script's written words. Each piece (≤ 4096 characters, within one segment) is spoken, and the
 * very file that came back is transcribed; the pieces are then joined with the same pause
 * between segments as the offline voice and loudness-normalized the same way.
 */
export class OpenAIVoiceProvider implements VoiceProvider {
  readonly id = "openai";
  private readonly client: OpenAI;

  constructor(
    private readonly config: Config,
    client?: OpenAI,
  ) {
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

  async synthesize(request: SynthesisRequest): Promise<Voiceover> {
    const work = await mkdtemp(path.join(tmpdir(), "rw-openai-voice-"));
    try {
      const pieces = request.segments.flatMap((text, i) => piecesOf(text, i));
      const spoken: SpokenPiece[] = new Array(pieces.length);
      let next = 0;
      await Promise.all(
        Array.from(
          { length: Math.min(CONCURRENCY, pieces.length) },
          async () => {
            while (next < pieces.length) {
              const i = next++;
              spoken[i] = await this.speakPiece(
                request,
                pieces[i],
                path.join(work, `p${i}`),
              );
            }
          },
        ),
      );

      const files: string[] = [];
      const words: VoiceoverWord[] = [];
      const segments: Voiceover["segments"] = request.segments.map(() => ({
        startMs: 0,
        endMs: 0,
      }));
      const pause = path.join(work, "pause.wav");
      if (pieces.length)
        await writeSilence(
          pause,
          SEGMENT_PAUSE_MS,
          await readWavInfo(spoken[0].files[0]),
        );
      let offsetMs = 0;
      for (const [i, piece] of pieces.entries()) {
        const first = i === 0 || pieces[i - 1].segment !== piece.segment;
        if (first && i > 0) {
          files.push(pause);
          offsetMs += SEGMENT_PAUSE_MS;
        }
        if (first) segments[piece.segment].startMs = Math.round(offsetMs);
        const { lengthMs, heard } = spoken[i];
        words.push(
          ...alignToTranscript(
            piece.tokens,
            heard.map((w) => ({
              word: w.word,
              startMs: Math.round(offsetMs + w.startMs),
              endMs: Math.round(offsetMs + w.endMs),
            })),
            {
              startMs: Math.round(offsetMs),
              endMs: Math.round(offsetMs + lengthMs),
            },
          ),
        );
        files.push(...spoken[i].files);
        offsetMs += lengthMs;
        segments[piece.segment].endMs = Math.round(offsetMs);
      }
      await joinNarration(files, request.outFile, work);
      return {
        provider: this.id,
        voice: request.voice,
        speed: request.speed,
        audioFile: request.outFile,
        durationMs: Math.round(offsetMs),
        words,
        segments,
        silent: false,
      };
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  }

  /** Speaks one piece and transcribes each file that came back, timings relative to the piece. */
  private async speakPiece(
    request: SynthesisRequest,
    piece: Piece,
    stem: string,
  ): Promise<SpokenPiece> {
    const result: SpokenPiece = { files: [], lengthMs: 0, heard: [] };
    for (const [k, input] of piece.inputs.entries()) {
      const response = await this.client.audio.speech.create({
        model: this.config.OPENAI_TTS_MODEL,
        voice: request.voice,
        input,
        speed: request.speed,
        response_format: "wav",
      });
      const file = `${stem}-${k}.wav`;
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
      const offsetMs = result.lengthMs;
      result.heard.push(
        ...transcription.data.words.map((w) => ({
          word: w.word,
          startMs: offsetMs + w.start * 1000,
          endMs: offsetMs + w.end * 1000,
        })),
      );
      result.files.push(file);
      result.lengthMs += durationMs;
    }
    return result;
  }
}
