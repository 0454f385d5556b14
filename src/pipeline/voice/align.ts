import type { VoiceoverWord } from "./voiceover";

const normalize = (word: string) =>
  word.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "");

/**
 * Times the script's written tokens from a transcript's timed words (which spell things their own
 * way: "twenty-five" for "25", dropped punctuation). An edit-distance alignment pairs equal words;
 * the script's words left unpaired get times interpolated between their paired neighbours.
 */
export function alignToTranscript(
  tokens: string[],
  heard: Array<{ word: string; startMs: number; endMs: number }>,
  spanMs: { startMs: number; endMs: number },
): VoiceoverWord[] {
  const a = tokens.map(normalize);
  const b = heard.map((w) => normalize(w.word));
  const n = a.length;
  const m = b.length;
  const cost: number[][] = Array.from({ length: n + 1 }, (_, i) =>
    Array.from({ length: m + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= n; i++) {
    for (let j = 1; j <= m; j++) {
      cost[i][j] = Math.min(
        cost[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1),
        cost[i - 1][j] + 1,
        cost[i][j - 1] + 1,
      );
    }
  }
  const pair = new Array<number | null>(n).fill(null);
  for (let i = n, j = m; i > 0 && j > 0;) {
    if (cost[i][j] === cost[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1)) {
      if (a[i - 1] === b[j - 1]) pair[i - 1] = j - 1;
      i--;
      j--;
    } else if (cost[i][j] === cost[i - 1][j] + 1) i--;
    else j--;
  }
  const words: VoiceoverWord[] = tokens.map((text, i) => {
    const j = pair[i];
    return j === null
      ? { text, startMs: -1, endMs: -1 }
      : { text, startMs: heard[j].startMs, endMs: heard[j].endMs };
  });
  // Interpolate runs of unpaired words between the paired ones around them.
  for (let i = 0; i < n;) {
    if (words[i].startMs >= 0) {
      i++;
      continue;
    }
    let k = i;
    while (k < n && words[k].startMs < 0) k++;
    const from = i > 0 ? words[i - 1].endMs : spanMs.startMs;
    const to = k < n ? words[k].startMs : spanMs.endMs;
    const step = Math.max(0, to - from) / (k - i);
    for (let x = i; x < k; x++) {
      words[x] = {
        text: words[x].text,
        startMs: Math.round(from + (x - i) * step),
        endMs: Math.round(from + (x - i + 1) * step),
      };
    }
    i = k;
  }
  return words;
}
