import { z } from "zod";

export const transcriptWordSchema = z.object({
  /** The word as heard, with punctuation when the recogniser gives it. */
  text: z.string().min(1).max(200),
  startMs: z.number().min(0),
  endMs: z.number().min(0),
});
export type TranscriptWord = z.infer<typeof transcriptWordSchema>;

export type Sentence = {
  index: number;
  /** Index of its first and last word in the transcript. */
  firstWord: number;
  lastWord: number;
  startMs: number;
  endMs: number;
  text: string;
};

export type Transcript = {
  provider: string;
  durationMs: number;
  words: TranscriptWord[];
  /** Whether the words carry punctuation (sentence ends are then read from it). */
  punctuated: boolean;
  sentences: Sentence[];
};

const SENTENCE_END = /[.!?…]["'”’)\]]*$/;
/**
 * A pause this long ends a sentence when the recogniser gives no punctuation: speakers breathe
 * between sentences; within one, pauses are mostly shorter.
 */
export const UNPUNCTUATED_PAUSE_MS = 300;
/** With punctuation, only a really long pause also ends one (an unfinished thought abandoned). */
const PUNCTUATED_PAUSE_MS = 2000;

/** Cuts the words into sentences, at punctuation when there is any, else at pauses. */
export function splitIntoSentences(
  words: TranscriptWord[],
  punctuated: boolean,
): Sentence[] {
  const pauseMs = punctuated ? PUNCTUATED_PAUSE_MS : UNPUNCTUATED_PAUSE_MS;
  const sentences: Sentence[] = [];
  let first = 0;
  words.forEach((word, i) => {
    const next = words[i + 1];
    const ends =
      !next ||
      (punctuated && SENTENCE_END.test(word.text)) ||
      next.startMs - word.endMs >= pauseMs;
    if (!ends) return;
    sentences.push({
      index: sentences.length,
      firstWord: first,
      lastWord: i,
      startMs: words[first].startMs,
      endMs: word.endMs,
      text: words
        .slice(first, i + 1)
        .map((w) => w.text)
        .join(" "),
    });
    first = i + 1;
  });
  return sentences;
}

export function makeTranscript(
  provider: string,
  durationMs: number,
  words: TranscriptWord[],
): Transcript {
  const punctuated = words.some((w) => SENTENCE_END.test(w.text));
  return {
    provider,
    durationMs,
    words,
    punctuated,
    sentences: splitIntoSentences(words, punctuated),
  };
}
