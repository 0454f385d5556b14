import { terms } from "../../script/extractive";
import type { Sentence, Transcript, TranscriptWord } from "../transcript";
import { WINDOW_MS } from "./loudness";
import type { Candidate, Moment, MomentOptions } from "./index";

/** Each component's weight in the total; all components are scaled to 0..1 first. */
export const WEIGHTS = {
  density: 0.2,
  pauses: 0.15,
  loudness: 0.15,
  keywords: 0.25,
  question: 0.15,
  numbers: 0.1,
} as const;
export type ComponentName = keyof typeof WEIGHTS;

const QUESTION_START =
  /^(why|how|what|when|where|who|which|is|are|do|does|did|can|could|should|would|will|have|has)\b/i;
const NUMBER =
  /^(\d[\d,.]*%?|zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundred|thousand|million|billion|percent|half|double|twice)$/i;
/** A pause inside a span longer than this counts as dead air. */
const DEAD_AIR_MS = 700;

/** The talk's keywords: terms said at least twice, weighted by how often. */
export function talkKeywords(transcript: Transcript): Map<string, number> {
  const counts = new Map<string, number>();
  for (const w of transcript.words)
    for (const t of terms(w.text)) counts.set(t, (counts.get(t) ?? 0) + 1);
  const repeated = [...counts].filter(([, n]) => n >= 2);
  const top = Math.max(1, ...repeated.map(([, n]) => n));
  return new Map(repeated.map(([t, n]) => [t, n / top]));
}

const isQuestion = (s: Sentence) =>
  /\?["'”’)]*$/.test(s.text) || QUESTION_START.test(s.text);

/**
 * The raw value of each component for a span: words per second, the share of the span that is
 * not dead air, loudness against the talk's mean (dB), keyword weight per word, whether it opens
 * with (1) or holds (0.5) a question, and numbers said per sentence.
 */
function rawComponents(
  transcript: Transcript,
  levels: Float64Array,
  talkLevel: number,
  keywords: Map<string, number>,
  first: number,
  last: number,
): Record<ComponentName, number> {
  const sentences = transcript.sentences.slice(first, last + 1);
  const words = transcript.words.slice(
    sentences[0].firstWord,
    sentences.at(-1)!.lastWord + 1,
  );
  const spanMs = words.at(-1)!.endMs - words[0].startMs;
  let deadAir = 0;
  for (let i = 1; i < words.length; i++) {
    const gap = words[i].startMs - words[i - 1].endMs;
    if (gap > DEAD_AIR_MS) deadAir += gap;
  }
  const keywordWeight = words.reduce(
    (sum, w) =>
      sum + terms(w.text).reduce((s, t) => s + (keywords.get(t) ?? 0), 0),
    0,
  );
  const numbers = words.filter((w) =>
    NUMBER.test(w.text.replace(/[^\p{L}\p{N}%,.]+/gu, "").replace(/[.,]$/, "")),
  ).length;
  return {
    density: words.length / (spanMs / 1000),
    pauses: 1 - deadAir / spanMs,
    loudness: speechLevel(words, levels) - talkLevel,
    keywords: keywordWeight / words.length,
    question: isQuestion(sentences[0])
      ? 1
      : sentences.some(isQuestion)
        ? 0.5
        : 0,
    numbers: numbers / sentences.length,
  };
}

/** The mean level (dBFS) while the words are spoken. */
function speechLevel(words: TranscriptWord[], levels: Float64Array): number {
  let sum = 0;
  let windows = 0;
  for (const w of words) {
    const last = Math.min(levels.length, Math.ceil(w.endMs / WINDOW_MS));
    for (let k = Math.floor(w.startMs / WINDOW_MS); k < last; k++) {
      sum += levels[k];
      windows++;
    }
  }
  return windows ? sum / windows : 0;
}

/** Every run of whole sentences whose length falls in the range. */
export function candidateSpans(
  transcript: Transcript,
  options: Pick<MomentOptions, "minMs" | "maxMs">,
): Candidate[] {
  const { sentences } = transcript;
  const spans: Candidate[] = [];
  for (let first = 0; first < sentences.length; first++) {
    for (let last = first; last < sentences.length; last++) {
      const span = spanOf(transcript, first, last);
      const length = span.endMs - span.startMs;
      if (length > options.maxMs) break;
      if (length >= options.minMs) spans.push(span);
    }
  }
  return spans;
}

/** Breathing room kept around the words at a clip's edges, at most half the pause there. */
const EDGE_MS = 250;

export function spanOf(
  transcript: Transcript,
  first: number,
  last: number,
): Candidate {
  const { sentences } = transcript;
  return {
    firstSentence: first,
    lastSentence: last,
    ...wordSpanEdges(
      transcript,
      sentences[first].firstWord,
      sentences[last].lastWord,
    ),
  };
}

/** Where a run of words starts and ends in the source, with part of the pauses at its edges. */
export function wordSpanEdges(
  transcript: Transcript,
  firstWord: number,
  lastWord: number,
): { startMs: number; endMs: number } {
  const { words, durationMs } = transcript;
  const before = words[firstWord - 1]?.endMs ?? 0;
  const after = words[lastWord + 1]?.startMs ?? durationMs;
  const start = words[firstWord].startMs;
  const end = words[lastWord].endMs;
  return {
    startMs: Math.max(
      0,
      Math.round(start - Math.min(EDGE_MS, (start - before) / 2)),
    ),
    endMs: Math.round(end + Math.min(EDGE_MS, Math.max(0, after - end) / 2)),
  };
}

/**
 * The offline choice: every candidate span gets each component scaled to 0..1 over all
 * candidates (min to max), the total is their weighted sum, and the best spans that do not
 * overlap win.
 */
export const scoreMoments = (
  transcript: Transcript,
  levels: Float64Array,
  options: MomentOptions,
): Moment[] =>
  pickNonOverlapping(
    scoreCandidates(transcript, levels, options),
    options.count,
  );

/** Every candidate span with its score and components. */
export function scoreCandidates(
  transcript: Transcript,
  levels: Float64Array,
  options: Pick<MomentOptions, "minMs" | "maxMs">,
): Moment[] {
  const candidates = candidateSpans(transcript, options);
  if (!candidates.length) return [];
  const keywords = talkKeywords(transcript);
  const talkLevel = speechLevel(transcript.words, levels);
  const raw = candidates.map((c) =>
    rawComponents(
      transcript,
      levels,
      talkLevel,
      keywords,
      c.firstSentence,
      c.lastSentence,
    ),
  );
  const names = Object.keys(WEIGHTS) as ComponentName[];
  const range = Object.fromEntries(
    names.map((n) => {
      const values = raw.map((r) => r[n]);
      return [n, [Math.min(...values), Math.max(...values)]];
    }),
  ) as Record<ComponentName, [number, number]>;
  return candidates.map((c, i) => {
    const components = Object.fromEntries(
      names.map((n) => {
        const [lo, hi] = range[n];
        const scaled = hi > lo ? (raw[i][n] - lo) / (hi - lo) : 0;
        return [
          n,
          { raw: round(raw[i][n]), scaled: round(scaled), weight: WEIGHTS[n] },
        ];
      }),
    );
    const score = names.reduce(
      (sum, n) => sum + WEIGHTS[n] * components[n].scaled,
      0,
    );
    return { ...c, score: round(score), components };
  });
}

const round = (n: number) => Math.round(n * 1000) / 1000;

/** The best-scoring spans, greedily, none overlapping one already taken. */
export function pickNonOverlapping<T extends Candidate & { score: number }>(
  spans: T[],
  count: number,
  taken: Candidate[] = [],
): T[] {
  const picked: T[] = [];
  const chosen = [...taken];
  for (const span of [...spans].sort(
    (a, b) => b.score - a.score || a.startMs - b.startMs,
  )) {
    if (picked.length >= count) break;
    if (chosen.some((t) => span.startMs < t.endMs && t.startMs < span.endMs))
      continue;
    picked.push(span);
    chosen.push(span);
  }
  return picked;
}
