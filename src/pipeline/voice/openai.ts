import { execFile } from "node:child_process";
import { createReadStream } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import type OpenAI from "openai";
import { z } from "zod";
import type { Config } from "../../config";
import { writeAtomically } from "../../files";
import { createOpenAIClient } from "../../openai-client";
import { probeMedia } from "../render/probe";
import { alignToTranscript } from "./align";
import { SEGMENT_PAUSE_MS } from "./festival";
import { displayTokens } from "./tokens";
import type {
  SynthesisRequest,
  VoiceInfo,
  Voiceover,
  VoiceoverWord,
  VoiceProvider,
} from "./voiceover";

const run = promisify(execFile);

const VOICES = [
  "alloy",
  "ash",
  "ballad",
  "coral",
  "echo",
  "fable",
  "nova",
  "onyx",
  "sage",
  "shimmer",
];
/** The speech endpoint takes at most 4096 characters of input. */
const MAX_INPUT_CHARS = 4096;

const transcriptionSchema = z.object({
  words: z.array(
    z.object({ word: z.string(), start: z.number(), end: z.number() }),
  ),
});

/** Splits text at sentence ends into pieces the speech endpoint accepts. */
export function chunkForSpeech(text: string, max = MAX_INPUT_CHARS): string[] {
  const sentences = text.match(/[^.!?]+[.!?]*\s*/g) ?? [text];
  const chunks: string[] = [];
  let current = "";
  for (const sentence of sentences) {
    if ((current + sentence).length > max && current) {
      chunks.push(current.trim());
      current = "";
    }
    // A single sentence longer than the limit is cut at a space.
    for (let rest = sentence; rest;) {
      const room = max - current.length;
      if (rest.length <= room) {
        current += rest;
        break;
      }
      const cut =
        rest.lastIndexOf(" ", room) > 0 ? rest.lastIndexOf(" ", room) : room;
      chunks.push((current + rest.slice(0, cut)).trim());
      current = "";
      rest = rest.slice(cut);
    }
  }
  if (current.trim()) chunks.push(current.trim());
  return chunks;
}

/**
 * OpenAI text-to-speech, timed word by word with whisper-1's word timestamps aligned back to the
 * script's written words. Each segment is spoken (in pieces of ≤ 4096 characters) and transcribed
 * on its own, then the segments are joined with the same pause as the offline voice.
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
      const files: string[] = [];
      const words: VoiceoverWord[] = [];
      const segments: Voiceover["segments"] = [];
      let offsetMs = 0;
      for (const [i, text] of request.segments.entries()) {
        const pieces: string[] = [];
        for (const [k, input] of chunkForSpeech(text).entries()) {
          const response = await this.client.audio.speech.create({
            model: this.config.OPENAI_TTS_MODEL,
            voice: request.voice,
            input,
            speed: request.speed,
            response_format: "wav",
          });
          const file = path.join(work, `segment-${i}-${k}.wav`);
          await writeFile(file, Buffer.from(await response.arrayBuffer()));
          pieces.push(file);
        }
        const segmentFile = path.join(work, `segment-${i}.wav`);
        await run("sox", [...pieces, "-r", "48000", "-c", "1", segmentFile]);
        const lengthMs = (await probeMedia(segmentFile)).durationMs;
        const transcription = await this.client.audio.transcriptions.create({
          file: createReadStream(segmentFile),
          model: "whisper-1",
          response_format: "verbose_json",
          timestamp_granularities: ["word"],
        });
        const parsed = transcriptionSchema.safeParse(transcription);
        if (!parsed.success)
          throw new Error(
            "The transcription came back without word timestamps",
          );
        const heard = parsed.data.words.map((w) => ({
          word: w.word,
          startMs: offsetMs + Math.round(w.start * 1000),
          endMs: offsetMs + Math.round(w.end * 1000),
        }));
        words.push(
          ...alignToTranscript(displayTokens(text), heard, {
            startMs: offsetMs,
            endMs: offsetMs + lengthMs,
          }),
        );
        segments.push({ startMs: offsetMs, endMs: offsetMs + lengthMs });
        files.push(segmentFile);
        offsetMs += lengthMs + SEGMENT_PAUSE_MS;
      }
      const pause = path.join(work, "pause.wav");
      await run("sox", [
        "-n",
        "-r",
        "48000",
        "-c",
        "1",
        pause,
        "trim",
        "0",
        String(SEGMENT_PAUSE_MS / 1000),
      ]);
      const sequence = files.flatMap((f, i) => (i ? [pause, f] : [f]));
      await writeAtomically(request.outFile, (temporary) =>
        run("sox", [...sequence, "-t", "wav", temporary]),
      );
      return {
        provider: this.id,
        voice: request.voice,
        speed: request.speed,
        audioFile: request.outFile,
        durationMs: offsetMs - SEGMENT_PAUSE_MS,
        words,
        segments,
        silent: false,
      };
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  }
}
