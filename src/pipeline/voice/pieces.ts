import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { alignToTranscript, type Span } from "./align";
import {
  NarrationTimeline,
  readWavInfo,
  SEGMENT_PAUSE_MS,
  writeSilence,
} from "./audio";
import { chunkTokens, displayTokens } from "./tokens";
import type {
  SpokenVoiceover,
  SynthesisRequest,
  VoiceInfo,
  VoiceProvider,
} from "./voiceover";

/** A run of one segment's words that a cloud voice speaks in one or more requests. */
export type Piece = { segment: number; tokens: string[]; inputs: string[] };
/** One spoken input of a piece: its length and the words heard, relative to its start. */
export type SpokenInput = {
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

/** A cloud voice that speaks a request piece by piece, a few pieces at once. */
export abstract class PieceVoiceProvider implements VoiceProvider {
  abstract readonly id: string;
  /** Characters per input the voice takes. */
  abstract readonly maxChars: number;
  /** Pieces spoken at once. */
  abstract readonly concurrency: number;
  abstract listVoices(): Promise<VoiceInfo[]>;
  /** Speaks one input of the request into the WAV file `file`. */
  abstract speak(
    request: SynthesisRequest,
    input: string,
    file: string,
  ): Promise<SpokenInput>;

  synthesize(request: SynthesisRequest): Promise<SpokenVoiceover> {
    return speakPieces(request, this);
  }
}

/**
 * Speaks every piece of the request (`concurrency` at a time, each piece's inputs in order, each
 * into its own WAV file), then lays them end to end with the same pause between segments as the
 * offline voices, times the script's words from what was heard, and joins and
 * loudness-normalizes the narration.
 */
async function speakPieces(
  request: SynthesisRequest,
  voice: PieceVoiceProvider,
): Promise<SpokenVoiceover> {
  const work = await mkdtemp(path.join(tmpdir(), `rw-${voice.id}-`));
  try {
    return await speakInto(work, request, voice);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

async function speakInto(
  work: string,
  request: SynthesisRequest,
  options: PieceVoiceProvider,
): Promise<SpokenVoiceover> {
  const pieces = request.segments.flatMap((text, i) =>
    piecesOf(text, options.maxChars, i),
  );
  const spoken: Array<SpokenInput & { files: string[] }> = new Array(
    pieces.length,
  );
  const speakPiece = async (i: number) => {
    const result = {
      files: [] as string[],
      lengthMs: 0,
      heard: [] as SpokenInput["heard"],
    };
    for (const [k, input] of pieces[i].inputs.entries()) {
      const file = path.join(work, `p${i}-${k}.wav`);
      const { lengthMs, heard } = await options.speak(request, input, file);
      const offsetMs = result.lengthMs;
      result.heard.push(
        ...heard.map((w) => ({
          word: w.word,
          startMs: offsetMs + w.startMs,
          endMs: offsetMs + w.endMs,
        })),
      );
      result.files.push(file);
      result.lengthMs += lengthMs;
    }
    return result;
  };
  let next = 0;
  await Promise.all(
    Array.from(
      { length: Math.min(options.concurrency, pieces.length) },
      async () => {
        while (next < pieces.length) {
          const i = next++;
          spoken[i] = await speakPiece(i);
        }
      },
    ),
  );

  const pause = path.join(work, "pause.wav");
  if (pieces.length)
    await writeSilence(
      pause,
      SEGMENT_PAUSE_MS,
      await readWavInfo(spoken[0].files[0]),
    );
  const timeline = new NarrationTimeline(request, pause);
  for (const [i, piece] of pieces.entries()) {
    timeline.enter(piece.segment);
    const { lengthMs, heard } = spoken[i];
    const { offsetMs } = timeline;
    timeline.words.push(
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
    timeline.add(spoken[i].files, lengthMs);
  }
  return timeline.finish(request, work, {
    provider: options.id,
    voice: request.voice,
  });
}
