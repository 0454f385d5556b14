import { serializeSrt, type Caption } from "@remotion/captions";
import type { VoiceoverWord } from "../voice/voiceover";

/** Subtitle conventions: at most 42 characters on a line, two lines a cue, 6 s a cue. */
const MAX_LINE_CHARS = 42;
const MAX_CUE_LINES = 2;
const MAX_CUE_MS = 6000;
/** A pause this long in the narration starts a new cue. */
const PAUSE_MS = 600;

export const wordsToCaptions = (words: VoiceoverWord[]): Caption[] =>
  words.map((w) => ({
    text: w.text,
    startMs: w.startMs,
    endMs: w.endMs,
    timestampMs: (w.startMs + w.endMs) / 2,
    confidence: null,
  }));

/** Groups the narration's words into subtitle cues, each a list of lines of words. */
export function groupIntoCues(words: VoiceoverWord[]): VoiceoverWord[][][] {
  const cues: VoiceoverWord[][][] = [];
  let cue: VoiceoverWord[][] = [];
  let line: VoiceoverWord[] = [];
  const lineLength = (ws: VoiceoverWord[]) =>
    ws.reduce((n, w) => n + w.text.length + 1, -1);
  const closeCue = () => {
    if (line.length) cue.push(line);
    if (cue.length) cues.push(cue);
    cue = [];
    line = [];
  };
  let previous: VoiceoverWord | null = null;
  for (const word of words) {
    const cueStart = cue[0]?.[0] ?? line[0];
    const endsSentence =
      previous !== null && /[.!?…]["'”’)]*$/.test(previous.text);
    if (
      previous &&
      (word.startMs - previous.endMs >= PAUSE_MS ||
        endsSentence ||
        (cueStart && word.endMs - cueStart.startMs > MAX_CUE_MS))
    ) {
      closeCue();
    }
    if (line.length && lineLength([...line, word]) > MAX_LINE_CHARS) {
      cue.push(line);
      line = [];
      if (cue.length === MAX_CUE_LINES) closeCue();
    }
    line.push(word);
    previous = word;
  }
  closeCue();
  return cues;
}

const cueText = (cue: VoiceoverWord[][]) =>
  cue.map((l) => l.map((w) => w.text).join(" ")).join("\n");

export function toSrt(words: VoiceoverWord[]): string {
  const lines = groupIntoCues(words).map((cue) => [
    {
      text: cueText(cue),
      startMs: cue[0][0].startMs,
      endMs: cue.at(-1)!.at(-1)!.endMs,
      timestampMs: null,
      confidence: null,
    },
  ]);
  return lines.length ? serializeSrt({ lines }) + "\n" : "";
}

const vttTime = (ms: number) => {
  const total = Math.max(0, Math.round(ms));
  const h = Math.floor(total / 3_600_000);
  const m = Math.floor(total / 60_000) % 60;
  const s = Math.floor(total / 1000) % 60;
  const pad = (n: number, w = 2) => String(n).padStart(w, "0");
  return `${pad(h)}:${pad(m)}:${pad(s)}.${pad(total % 1000, 3)}`;
};

export function toVtt(words: VoiceoverWord[]): string {
  const cues = groupIntoCues(words).map(
    (cue) =>
      `${vttTime(cue[0][0].startMs)} --> ${vttTime(cue.at(-1)!.at(-1)!.endMs)}\n${cueText(cue)}`,
  );
  return ["WEBVTT", ...cues].join("\n\n") + "\n";
}
