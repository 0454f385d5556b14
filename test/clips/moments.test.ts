import { describe, expect, it } from "vitest";
import { scoreMoments } from "../../src/pipeline/clips/moments/heuristic";
import { punctuate } from "../../src/pipeline/clips/transcribe/openai";
import {
  makeTranscript,
  type TranscriptWord,
} from "../../src/pipeline/clips/transcript";

/** Words spoken at 3 a second, each sentence followed by a pause of `pauseMs`. */
function spoken(sentences: string[], pauseMs = 500): TranscriptWord[] {
  const words: TranscriptWord[] = [];
  let at = 0;
  for (const sentence of sentences) {
    for (const text of sentence.split(" ")) {
      words.push({ text, startMs: at, endMs: at + 300 });
      at += 333;
    }
    at += pauseMs;
  }
  return words;
}

describe("sentences of a transcript", () => {
  it("end at punctuation when the words carry it, however short the pause", () => {
    const t = makeTranscript(
      "openai",
      10_000,
      spoken(["One two.", "Three four?", "Five six!"], 0),
    );
    expect(t.punctuated).toBe(true);
    expect(t.sentences.map((s) => s.text)).toEqual([
      "One two.",
      "Three four?",
      "Five six!",
    ]);
  });

  it("end at pauses of 300 ms or more when they do not", () => {
    const words = spoken(["one two", "three four five"], 400);
    words[2].endMs = words[3].startMs - 200; // a short pause inside a sentence is not an end
    const t = makeTranscript("pocketsphinx", 10_000, words);
    expect(t.punctuated).toBe(false);
    expect(t.sentences.map((s) => [s.firstWord, s.lastWord])).toEqual([
      [0, 1],
      [2, 4],
    ]);
  });
});

describe("whisper's words", () => {
  it("take the punctuation of its text, skipping what does not match", () => {
    const words = [
      { word: "Why", start: 0, end: 0.2 },
      { word: "not", start: 0.2, end: 0.4 },
      { word: "Fine", start: 0.5, end: 0.7 },
      { word: "umm", start: 0.8, end: 0.9 },
    ];
    expect(punctuate(words, "Why not? Fine.").map((w) => w.word)).toEqual([
      "Why",
      "not?",
      "Fine.",
      "umm",
    ]);
  });
});

describe("the offline choice of moments", () => {
  const sentences = [
    "The weather was mild that day.",
    "We walked along the river.",
    "How did three hundred teams ship every day?",
    "Teams that ship small changes ship every day.",
    "Small changes are easy to review.",
    "The river was quiet.",
    "We went home.",
    "The end.",
  ];
  const transcript = makeTranscript("openai", 60_000, spoken(sentences));
  const levels = new Float64Array(600).fill(-20);

  it("prefers the span that opens with a question, holds numbers and the talk's keywords", () => {
    const [best] = scoreMoments(transcript, levels, {
      count: 1,
      minMs: 5000,
      maxMs: 8000,
    });
    expect(best.firstSentence).toBe(2);
    expect(best.components.question.raw).toBe(1);
    expect(best.components.numbers.raw).toBeGreaterThan(0);
    expect(best.components.keywords.scaled).toBe(1);
  });

  it("never returns overlapping spans, and each lies in the range", () => {
    const moments = scoreMoments(transcript, levels, {
      count: 5,
      minMs: 3000,
      maxMs: 6000,
    });
    expect(moments.length).toBeGreaterThan(1);
    for (const m of moments) {
      expect(m.endMs - m.startMs).toBeGreaterThanOrEqual(3000);
      expect(m.endMs - m.startMs).toBeLessThanOrEqual(6000);
      for (const other of moments)
        if (other !== m)
          expect(m.endMs <= other.startMs || other.endMs <= m.startMs).toBe(
            true,
          );
    }
  });
});
