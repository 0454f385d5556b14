import { speakable } from "./tokens";
import type { VoiceoverWord } from "./voiceover";

export type Span = { startMs: number; endMs: number };

/** The same items with their times rounded to whole milliseconds. */
export const roundSpans = <T extends Span>(items: T[]): T[] =>
  items.map((item) => ({
    ...item,
    startMs: Math.round(item.startMs),
    endMs: Math.round(item.endMs),
  }));

/** Lower case letters and digits only: how two spellings of a word are compared. */
export const normalizeWord = (word: string) =>
  word.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "");

/**
 * Pairs equal items of two sequences in order (a minimum edit-distance alignment); returns for
 * each item of `a` the index of its partner in `b`, or null.
 */
export function alignSequences(a: string[], b: string[]): Array<number | null> {
  const n = a.length;
  const m = b.length;
  const width = m + 1;
  const cost = new Uint32Array((n + 1) * width);
  for (let i = 0; i <= n; i++) cost[i * width] = i;
  for (let j = 0; j <= m; j++) cost[j] = j;
  // Empty words (punctuation only) never pair.
  const step = (i: number, j: number) =>
    a[i - 1] !== "" && a[i - 1] === b[j - 1] ? 0 : 1;
  for (let i = 1; i <= n; i++) {
    for (let j = 1; j <= m; j++) {
      cost[i * width + j] = Math.min(
        cost[(i - 1) * width + j - 1] + step(i, j),
        cost[(i - 1) * width + j] + 1,
        cost[i * width + j - 1] + 1,
      );
    }
  }
  const pair = new Array<number | null>(n).fill(null);
  for (let i = n, j = m; i > 0 && j > 0;) {
    const here = cost[i * width + j];
    if (here === cost[(i - 1) * width + j - 1] + step(i, j)) {
      if (step(i, j) === 0) pair[i - 1] = j - 1;
      i--;
      j--;
    } else if (here === cost[(i - 1) * width + j] + 1) i--;
    else j--;
  }
  return pair;
}

/**
 * Turns per-token times (null where the engine gave none) into caption words for the written
 * tokens. A token with nothing to pronounce (an emoji, a dash) rides along with the word before
 * it (or the one after, at the start), so captions keep all of the script's text. Missing times
 * are interpolated between the timed neighbours within `span`; times never run backwards. When
 * nothing at all was timed (text the voice cannot read), the tokens share the span evenly.
 */
export function timeTokens(
  tokens: string[],
  times: Array<Span | null>,
  span: Span,
): VoiceoverWord[] {
  const words: Array<{ text: string; time: Span | null }> = [];
  let prefix = "";
  tokens.forEach((text, i) => {
    if (!speakable(text) && !times[i]) {
      if (words.length) words[words.length - 1].text += ` ${text}`;
      else prefix += `${text} `;
      return;
    }
    words.push({ text: prefix + text, time: times[i] });
    prefix = "";
  });
  if (!words.some((w) => w.time)) {
    const each = (span.endMs - span.startMs) / Math.max(1, tokens.length);
    return tokens.map((text, i) => ({
      text,
      startMs: Math.round(span.startMs + i * each),
      endMs: Math.round(span.startMs + (i + 1) * each),
    }));
  }
  if (prefix) words[words.length - 1].text += ` ${prefix.trim()}`;

  const result: VoiceoverWord[] = [];
  for (let i = 0; i < words.length;) {
    const time = words[i].time;
    const previousEnd = result.at(-1)?.endMs ?? span.startMs;
    if (time) {
      const startMs = Math.max(time.startMs, previousEnd);
      result.push({
        text: words[i].text,
        startMs,
        endMs: Math.max(time.endMs, startMs),
      });
      i++;
      continue;
    }
    let k = i;
    while (k < words.length && !words[k].time) k++;
    const to = Math.max(
      previousEnd,
      k < words.length ? words[k].time!.startMs : span.endMs,
    );
    const each = (to - previousEnd) / (k - i);
    for (let x = i; x < k; x++) {
      result.push({
        text: words[x].text,
        startMs: Math.round(previousEnd + (x - i) * each),
        endMs: Math.round(previousEnd + (x - i + 1) * each),
      });
    }
    i = k;
  }
  return result;
}

/**
 * Times the script's written tokens from a transcript's timed words (which spell things their own
 * way: dropped punctuation, "twenty-five" for "25"). Equal words are paired in order; the rest get
 * interpolated times.
 */
export function alignToTranscript(
  tokens: string[],
  heard: Array<{ word: string } & Span>,
  span: Span,
): VoiceoverWord[] {
  const pair = alignSequences(
    tokens.map(normalizeWord),
    heard.map((w) => normalizeWord(w.word)),
  );
  return timeTokens(
    tokens,
    pair.map((j) => (j === null ? null : heard[j])),
    span,
  );
}
