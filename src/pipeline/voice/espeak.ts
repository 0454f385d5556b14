import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { roundSpans, timeTokens, type Span } from "./align";
import { NarrationTimeline, SEGMENT_PAUSE_MS, writeSilence } from "./audio";
import { baseLanguage } from "./language";
import { chunkTokens, displayTokens } from "./tokens";
import type {
  SynthesisRequest,
  VoiceInfo,
  SpokenVoiceover,
  VoiceProvider,
} from "./voiceover";
import { writePcmWav } from "./wav";

/** espeak-ng's own output rate. */
const SAMPLE_RATE = 22050;
/** espeak-ng's default pace (words a minute) is speed 1. */
const BASE_RATE = 175;
const UTTERANCE_CHARS = 2000;

type EspeakEvent = {
  type: string;
  audio_position: number;
  text_position: number;
  id?: string | number | null;
};
type EspeakWorker = {
  list_voices(): Array<{
    name: string;
    identifier: string;
    languages: Array<{ priority: number; name: string }>;
  }>;
  set_voice(id: string): void;
  set_rate(wordsPerMinute: number): void;
  synthesize(
    text: string,
    callback: (samples: Int16Array, events: EspeakEvent[]) => void,
  ): void;
};

let worker: Promise<EspeakWorker> | null = null;

/**
 * The eSpeak NG library itself (compiled to WebAssembly, GPL-3.0, loaded only when an espeak
 * voice speaks): its C API reports where each word starts in the audio, which the command line
 * does not.
 */
function espeak(): Promise<EspeakWorker> {
  worker ??= import("@echogarden/espeak-ng-emscripten").then(
    async ({ default: init }) => {
      const module = await init();
      return (await new module.eSpeakNGWorker()) as EspeakWorker;
    },
  );
  return worker;
}

/**
 * eSpeak NG: robotic, but it speaks over a hundred languages, offline. Voices are named by
 * their language tag ("de", "it", "pt-br"). Word timings are exact: each WORD event's audio
 * position starts a word, and the first pause after it (or the next word) ends it.
 */
export class EspeakVoiceProvider implements VoiceProvider {
  readonly id = "espeak";

  /**
   * Sorted by language, and within one by how well eSpeak says the voice speaks the bare
   * language (its priority, lower is better): the first "en" voice is British English, not
   * Caribbean; the first "fr" one is from France, not Belgium.
   */
  async listVoices(): Promise<VoiceInfo[]> {
    const seen = new Set<string>();
    const voices: Array<VoiceInfo & { rank: number }> = [];
    for (const v of (await espeak()).list_voices()) {
      const id = v.languages[0]?.name;
      if (!id || seen.has(id)) continue;
      seen.add(id);
      const bare = v.languages.find((l) => l.name === baseLanguage(id));
      voices.push({
        id,
        label: `${v.name} (eSpeak NG)`,
        language: id,
        gender: "neutral",
        rank: (bare ?? v.languages[0]).priority,
      });
    }
    return voices
      .sort(
        (a, b) =>
          baseLanguage(a.id).localeCompare(baseLanguage(b.id)) ||
          a.rank - b.rank ||
          a.id.localeCompare(b.id),
      )
      .map(({ id, label, language, gender }) => ({
        id,
        label,
        language,
        gender,
      }));
  }

  async synthesize(request: SynthesisRequest): Promise<SpokenVoiceover> {
    const engine = await espeak();
    const work = await mkdtemp(path.join(tmpdir(), "rw-espeak-"));
    try {
      const pause = path.join(work, "pause.wav");
      await writeSilence(pause, SEGMENT_PAUSE_MS, {
        sampleRate: SAMPLE_RATE,
        channels: 1,
      });
      const timeline = new NarrationTimeline(request, pause);
      for (const [s, text] of request.segments.entries()) {
        timeline.enter(s);
        const tokens = displayTokens(text);
        for (const [k, [from, to]] of chunkTokens(
          tokens,
          UTTERANCE_CHARS,
        ).entries()) {
          const said = speak(engine, request, tokens.slice(from, to));
          const file = path.join(work, `u-${s}-${k}.wav`);
          await writePcmWav(file, said.samples, SAMPLE_RATE);
          const { offsetMs } = timeline;
          const lengthMs = (said.samples.length / SAMPLE_RATE) * 1000;
          const shifted = said.times.map((t) =>
            t
              ? { startMs: offsetMs + t.startMs, endMs: offsetMs + t.endMs }
              : null,
          );
          timeline.words.push(
            ...roundSpans(
              timeTokens(tokens.slice(from, to), shifted, {
                startMs: offsetMs,
                endMs: offsetMs + lengthMs,
              }),
            ),
          );
          timeline.add([file], lengthMs);
        }
      }
      return await timeline.finish(request, work, {
        provider: this.id,
        voice: request.voice,
      });
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  }
}

/**
 * Speaks the tokens as one text and times each token from the engine's events: a WORD event's
 * text position (1-based, in UTF-16 units) names the token it belongs to; a number spoken as
 * several words stays one token.
 */
function speak(
  engine: EspeakWorker,
  request: SynthesisRequest,
  tokens: string[],
): { samples: Int16Array; times: Array<Span | null> } {
  // Markup would be read as SSML; a space keeps every other character where it was.
  const text = tokens.join(" ").replace(/[<>]/g, " ");
  const starts: number[] = [];
  let at = 0;
  for (const token of tokens) {
    starts.push(at);
    at += token.length + 1;
  }
  const ownerOf = (position: number) => {
    let i = 0;
    while (i + 1 < starts.length && starts[i + 1] <= position) i++;
    return i;
  };
  const chunks: Int16Array[] = [];
  const events: EspeakEvent[] = [];
  // One engine serves every narration: set its voice right before each (synchronous) synthesis.
  engine.set_voice(request.voice);
  engine.set_rate(Math.round(BASE_RATE * request.speed));
  engine.synthesize(text, (samples, batch) => {
    if (samples?.length) chunks.push(samples.slice());
    events.push(...batch);
  });
  const length = chunks.reduce((n, c) => n + c.length, 0);
  const samples = new Int16Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    samples.set(chunk, offset);
    offset += chunk.length;
  }

  const times: Array<Span | null> = tokens.map(() => null);
  let current: { owner: number; startMs: number; spoke: boolean } | null = null;
  const close = (endMs: number) => {
    if (!current) return;
    const known = times[current.owner];
    times[current.owner] = known
      ? { startMs: known.startMs, endMs }
      : { startMs: current.startMs, endMs };
    current = null;
  };
  for (const event of events) {
    if (event.type === "word") {
      close(event.audio_position);
      // 1-based, and after a comma it may point at the space before the word: read as 0-based,
      // that space is the word's first character.
      const owner = ownerOf(event.text_position);
      current = { owner, startMs: event.audio_position, spoke: false };
    } else if (event.type === "phoneme" && current) {
      if (event.id) current.spoke = true;
      else if (current.spoke) close(event.audio_position);
    } else if (event.type === "end") {
      close(event.audio_position);
    }
  }
  close((length / SAMPLE_RATE) * 1000);
  return { samples, times };
}
