import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { availableParallelism, tmpdir } from "node:os";
import path from "node:path";
import { log } from "../../log";
import {
  alignSequences,
  normalizeWord,
  roundSpans,
  timeTokens,
  type Span,
} from "./align";
import {
  NarrationTimeline,
  readWavInfo,
  run,
  SEGMENT_PAUSE_MS,
  writeSilence,
  type WavInfo,
} from "./audio";
import { chunkTokens, displayTokens, readingTimeMs, speakable } from "./tokens";
import type {
  SynthesisRequest,
  VoiceInfo,
  SpokenVoiceover,
  VoiceProvider,
} from "./voiceover";

/**
 * Characters per utterance. Festival's time grows faster than linearly with the utterance (one
 * 900-word utterance: 294 s of speech in 50 s; the same text as sentences: about 15 s).
 */
const UTTERANCE_CHARS = 300;
const MAX_PROCESSES = 4;

type FestivalVoice = VoiceInfo & { command: string; kind: "hts" | "diphone" };

/** Festival's voices that Debian packages (the setup script installs these). */
const VOICES: FestivalVoice[] = [
  {
    id: "slt",
    label: "Sarah (US English, HTS)",
    language: "en-US",
    gender: "female",
    command: "voice_cmu_us_slt_arctic_hts",
    kind: "hts",
  },
  {
    id: "kal",
    label: "Kal (US English, diphone)",
    language: "en-US",
    gender: "male",
    command: "voice_kal_diphone",
    kind: "diphone",
  },
  {
    id: "lp",
    label: "Lucia (Italian, diphone)",
    language: "it",
    gender: "female",
    command: "voice_lp_diphone",
    kind: "diphone",
  },
];

/**
 * Duration_Stretch is what diphone voices read; the HTS engine ignores it (measured: the same
 * length at 0.5 and 1.0) and takes its own rate instead, which the utterance's timings follow.
 */
const speedSetting = (voice: FestivalVoice, speed: number) =>
  voice.kind === "hts"
    ? `(set! hts_engine_params (append hts_engine_params (list (list "-r" ${speed.toFixed(3)}))))`
    : `(Parameter.set 'Duration_Stretch ${(1 / speed).toFixed(3)})`;

/**
 * Per utterance: the wave, then each top-level token's name and the start of its first and the
 * end of its last spoken word ("25" is one token spoken as "twenty five"; punctuation words have
 * no duration). A failing utterance reports ERR and the rest go on.
 */
const SCHEME_PRELUDE = `
(define (rw_spoken words)
  (cond ((null words) nil)
        ((equal? (item.feat (car words) "word_end") 0) (rw_spoken (cdr words)))
        (t (cons (car words) (rw_spoken (cdr words))))))
(define (rw_say i text wav)
  (unwind-protect
    (let ((utt (utt.synth (eval (list (quote Utterance) (quote Text) text)))) (tok nil) (ws nil))
      (utt.save.wave utt wav 'riff)
      (set! tok (utt.relation.first utt 'Token))
      (while tok
        (set! ws (rw_spoken (item.daughters tok)))
        (if ws
          (format t "TOK %d %f %f %s\\n" i (item.feat (car ws) "word_start") (item.feat (car (last ws)) "word_end") (item.name tok))
          (format t "TOK %d - - %s\\n" i (item.name tok)))
        (set! tok (item.next tok)))
      (format t "UTT %d\\n" i))
    (format t "ERR %d\\n" i)))
`;

type Utterance = {
  segment: number;
  /** The written tokens this utterance speaks, and each one's speakable words. */
  tokens: string[];
  spoken: string[];
  wav: string;
};

type UtteranceResult = {
  ok: boolean;
  tokens: Array<{ name: string; time: Span | null }>;
};

/**
 * Festival, scripted: every segment is cut into sentence-sized utterances, spoken by a few
 * Festival processes in parallel; each utterance's timings come from its Token relation, so
 * they belong to the words as the script wrote them. English and Italian voices: the voice is
 * picked by the narration's language (./language.ts), and scripts other than Latin are not read
 * at all (their words are timed for reading, over silence).
 */
export class FestivalVoiceProvider implements VoiceProvider {
  readonly id = "festival";
  private installed: Promise<VoiceInfo[]> | null = null;

  listVoices(): Promise<VoiceInfo[]> {
    this.installed ??= run("festival", ["-b", "(print (voice.list))"]).then(
      ({ stdout }) =>
        VOICES.filter((v) =>
          stdout.includes(v.command.replace(/^voice_/, "")),
        ).map(({ id, label, language, gender }) => ({
          id,
          label,
          language,
          gender,
        })),
    );
    return this.installed;
  }

  async synthesize(request: SynthesisRequest): Promise<SpokenVoiceover> {
    const voice = VOICES.find((v) => v.id === request.voice);
    if (!voice) throw new Error(`Unknown Festival voice "${request.voice}"`);
    const work = await mkdtemp(path.join(tmpdir(), "rw-festival-"));
    try {
      const utterances: Utterance[] = request.segments.flatMap(
        (text, segment) => {
          const tokens = displayTokens(text);
          return chunkTokens(tokens, UTTERANCE_CHARS).map(([from, to], k) => ({
            segment,
            tokens: tokens.slice(from, to),
            spoken: tokens.slice(from, to).map(speakable),
            wav: path.join(work, `u-${segment}-${k}.wav`),
          }));
        },
      );
      const startedAt = performance.now();
      const results = await speak(voice, request.speed, utterances, work);
      log.debug(
        {
          utterances: utterances.length,
          ms: Math.round(performance.now() - startedAt),
        },
        "festival spoke",
      );
      return await this.assemble(request, voice, utterances, results, work);
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  }

  /**
   * Lays the utterances end to end with a pause between segments (silence, held for reading, for
   * an utterance with nothing to say) and turns their timings into the script's words.
   */
  private async assemble(
    request: SynthesisRequest,
    voice: FestivalVoice,
    utterances: Utterance[],
    results: UtteranceResult[],
    work: string,
  ): Promise<SpokenVoiceover> {
    const spokenWav = utterances.find((_, i) => results[i].ok)?.wav;
    const format: Pick<WavInfo, "sampleRate" | "channels"> = spokenWav
      ? await readWavInfo(spokenWav)
      : { sampleRate: 16000, channels: 1 };
    const pause = path.join(work, "pause.wav");
    await writeSilence(pause, SEGMENT_PAUSE_MS, format);

    const timeline = new NarrationTimeline(request, pause);
    for (const [i, utterance] of utterances.entries()) {
      timeline.enter(utterance.segment);
      let file = utterance.wav;
      if (!results[i].ok) {
        file = path.join(work, `silence-${i}.wav`);
        await writeSilence(
          file,
          readingTimeMs(utterance.tokens.length),
          format,
        );
      }
      const lengthMs = (await readWavInfo(file)).durationMs;
      const { offsetMs } = timeline;
      timeline.words.push(
        ...roundSpans(
          timeTokens(
            utterance.tokens,
            tokenTimes(utterance, results[i], offsetMs),
            { startMs: offsetMs, endMs: offsetMs + lengthMs },
          ),
        ),
      );
      timeline.add([file], lengthMs);
    }
    return timeline.finish(request, work, {
      provider: this.id,
      voice: voice.id,
    });
  }
}

/** Runs the utterances through up to MAX_PROCESSES Festival processes, balanced by length. */
async function speak(
  voice: FestivalVoice,
  speed: number,
  utterances: Utterance[],
  work: string,
): Promise<UtteranceResult[]> {
  const results: UtteranceResult[] = utterances.map(() => ({
    ok: false,
    tokens: [],
  }));
  const texts = utterances.map((u) => u.spoken.filter(Boolean).join(" "));
  const workers = Math.max(
    1,
    Math.min(
      availableParallelism(),
      MAX_PROCESSES,
      texts.filter(Boolean).length,
    ),
  );
  const batches: number[][] = Array.from({ length: workers }, () => []);
  const load = new Array<number>(workers).fill(0);
  for (const i of texts
    .map((_, i) => i)
    .filter((i) => texts[i])
    .sort((a, b) => texts[b].length - texts[a].length)) {
    const least = load.indexOf(Math.min(...load));
    batches[least].push(i);
    load[least] += texts[i].length + 50;
  }
  await Promise.all(
    batches
      .filter((batch) => batch.length)
      .map(async (batch, w) => {
        const script = path.join(work, `speak-${w}.scm`);
        await writeFile(
          script,
          [
            SCHEME_PRELUDE,
            `(${voice.command})`,
            speedSetting(voice, speed),
            ...batch.map(
              (i) => `(rw_say ${i} "${texts[i]}" "${utterances[i].wav}")`,
            ),
          ].join("\n"),
        );
        const { stdout } = await run("festival", ["-b", script], {
          maxBuffer: 64 * 1024 * 1024,
        });
        parseOutput(stdout, results);
      }),
  );
  const failed = results.filter((r, i) => texts[i] && !r.ok).length;
  if (failed) log.warn({ failed }, "festival could not speak some utterances");
  return results;
}

function parseOutput(stdout: string, results: UtteranceResult[]) {
  const pending = new Map<number, UtteranceResult["tokens"]>();
  for (const line of stdout.split("\n")) {
    const [tag, index, start, end, name] = line.trim().split(/\s+/);
    const i = Number(index);
    if (!Number.isInteger(i) || !results[i]) continue;
    if (tag === "TOK") {
      const list = pending.get(i) ?? [];
      list.push({
        name: name ?? "",
        time:
          start === "-"
            ? null
            : { startMs: Number(start) * 1000, endMs: Number(end) * 1000 },
      });
      pending.set(i, list);
    } else if (tag === "UTT") {
      results[i] = { ok: true, tokens: pending.get(i) ?? [] };
    } else if (tag === "ERR") {
      pending.delete(i);
    }
  }
}

/**
 * Each written token's time within the narration: the span of the Festival tokens it became
 * ("50%" became "50" and "percent"), matched by name in order.
 */
function tokenTimes(
  utterance: Utterance,
  result: UtteranceResult,
  offsetMs: number,
): Array<Span | null> {
  const expected: Array<{ name: string; owner: number }> = [];
  utterance.spoken.forEach((spoken, owner) => {
    for (const name of spoken.split(" ").filter(Boolean))
      expected.push({ name: normalizeWord(name), owner });
  });
  const pair = alignSequences(
    expected.map((e) => e.name),
    result.tokens.map((t) => normalizeWord(t.name)),
  );
  const times: Array<Span | null> = utterance.tokens.map(() => null);
  expected.forEach(({ owner }, k) => {
    const time = pair[k] === null ? null : result.tokens[pair[k]].time;
    if (!time) return;
    const start = offsetMs + time.startMs;
    const end = offsetMs + time.endMs;
    const known = times[owner];
    times[owner] = known
      ? {
          startMs: Math.min(known.startMs, start),
          endMs: Math.max(known.endMs, end),
        }
      : { startMs: start, endMs: end };
  });
  return times;
}
