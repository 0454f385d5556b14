import { readFile, rm } from "node:fs/promises";
import type OpenAI from "openai";
import { toFile } from "openai";
import { z } from "zod";
import { run } from "../../voice/audio";
import type { TranscriptWord } from "../transcript";
import type { Transcriber } from "./index";

/**
 * The API takes files up to 25 MB: the audio goes up in pieces of 20 minutes (mono, 48 kbit/s
 * MP3: about 7 MB each).
 */
const PIECE_MS = 20 * 60 * 1000;

const replySchema = z.object({
  text: z.string().max(1_000_000),
  words: z
    .array(
      z.object({
        word: z.string().max(200),
        start: z.number().min(0),
        end: z.number().min(0),
      }),
    )
    .max(200_000),
});

const normalize = (s: string) =>
  s.toLowerCase().replace(/[^\p{L}\p{N}']+/gu, "");

/**
 * Whisper's words come without punctuation, its text with: each word takes the spelling of the
 * text's next token that reads the same, so sentence ends are known.
 */
export function punctuate(
  words: Array<{ word: string; start: number; end: number }>,
  text: string,
): Array<{ word: string; start: number; end: number }> {
  const tokens = text.split(/\s+/).filter(Boolean);
  let at = 0;
  return words.map((w) => {
    const target = normalize(w.word);
    for (let k = at; k < Math.min(tokens.length, at + 4); k++) {
      if (normalize(tokens[k]) === target) {
        at = k + 1;
        return { ...w, word: tokens[k] };
      }
    }
    return w;
  });
}

/** OpenAI's transcription with word timestamps (`whisper-1`: the gpt-4o models give none). */
export class OpenAITranscriber implements Transcriber {
  readonly id = "openai";

  constructor(
    private readonly client: OpenAI,
    private readonly model: string,
  ) {}

  async transcribe(
    wav: string,
    durationMs: number,
    onProgress?: (fraction: number) => void,
  ): Promise<TranscriptWord[]> {
    const words: TranscriptWord[] = [];
    for (let from = 0; from < durationMs; from += PIECE_MS) {
      const piece = `${wav}.${from}.mp3`;
      await run("ffmpeg", [
        "-v",
        "error",
        "-y",
        "-ss",
        String(from / 1000),
        "-t",
        String(PIECE_MS / 1000),
        "-i",
        wav,
        "-ac",
        "1",
        "-b:a",
        "48k",
        piece,
      ]);
      try {
        const reply = await this.client.audio.transcriptions.create({
          file: await toFile(await readFile(piece), "audio.mp3"),
          model: this.model,
          response_format: "verbose_json",
          timestamp_granularities: ["word"],
        });
        const parsed = replySchema.safeParse(reply);
        if (!parsed.success) {
          const issue = parsed.error.issues[0];
          throw new Error(
            `The transcription is invalid: ${issue.path.join(".") || "(the reply)"}: ${issue.message}`,
          );
        }
        for (const w of punctuate(parsed.data.words, parsed.data.text)) {
          if (!w.word.trim()) continue;
          words.push({
            text: w.word.trim(),
            startMs: from + Math.round(w.start * 1000),
            endMs: from + Math.round(w.end * 1000),
          });
        }
      } finally {
        await rm(piece, { force: true });
      }
      onProgress?.(Math.min(1, (from + PIECE_MS) / durationMs));
    }
    return words;
  }
}
