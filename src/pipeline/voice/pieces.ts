import path from "node:path";
import { alignToTranscript, type Span } from "./align";
import {
  joinNarration,
  readWavInfo,
  SEGMENT_PAUSE_MS,
  writeSilence,
} from "./audio";
import { chunkTokens, displayTokens } from "./tokens";
import type {
  SpokenVoiceover,
  SynthesisRequest,
  VoiceoverWord,
} from "./voiceover";

/** A run of one segment's words that a cloud voice speaks in one or more requests. */
export type Piece = { segment: number; tokens: string[]; inputs: string[] };
/** A spoken piece: its WAV files, their total length and the words heard, relative to the piece. */
export type SpokenPiece = {
  files: string[];
  lengthMs: number;
  heard: Array<{ word: string } & Span>;
};

/**
 * Cuts a segment into pieces of at most `maxChars`, at sentence ends where it can. Text with no
 * spaces to cut at (a long run of Chinese, say) is cut anywhere.
 */
export function piecesOf(text: string, maxChars: number, segment = 0): Piece[] {
  const tokens = displayTokens(text);
  return chunkTokens(tokens, maxChars).map(([from, to]) => {
    const input = tokens.slice(from, to).join(" ");
    const inputs: string[] = [];
    for (let at = 0; at < input.length; at += maxChars)
      inputs.push(input.slice(at, at + maxChars));
    return { segment, tokens: tokens.slice(from, to), inputs };
  });
}

/**
 * Speaks every piece of the request (`concurrency` at a time), then lays them end to end with
 * the same pause between segments as the offline voices, times the script's words from what was
 * heard, and joins and loudness-normalizes the narration.
 */
export async function speakPieces(
  request: SynthesisRequest,
  options: {
    provider: string;
    maxChars: number;
    concurrency: number;
    work: string;
    speak: (piece: Piece, stem: string) => Promise<SpokenPiece>;
  },
): Promise<SpokenVoiceover> {
  const pieces = request.segments.flatMap((text, i) =>
    piecesOf(text, options.maxChars, i),
  );
  const spoken: SpokenPiece[] = new Array(pieces.length);
  let next = 0;
  await Promise.all(
    Array.from(
      { length: Math.min(options.concurrency, pieces.length) },
      async () => {
        while (next < pieces.length) {
          const i = next++;
          spoken[i] = await options.speak(
            pieces[i],
            path.join(options.work, `p${i}`),
          );
        }
      },
    ),
  );

  const files: string[] = [];
  const words: VoiceoverWord[] = [];
  const segments: SpokenVoiceover["segments"] = request.segments.map(() => ({
    startMs: 0,
    endMs: 0,
  }));
  const pause = path.join(options.work, "pause.wav");
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
  await joinNarration(files, request.outFile, options.work);
  return {
    provider: options.provider,
    voice: request.voice,
    speed: request.speed,
    audioFile: request.outFile,
    durationMs: Math.round(offsetMs),
    words,
    segments,
    silent: false,
  };
}
