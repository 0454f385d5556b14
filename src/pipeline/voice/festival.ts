import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { writeAtomically } from "../../files";
import { displayTokens, speakable } from "./tokens";
import type {
  SynthesisRequest,
  VoiceInfo,
  Voiceover,
  VoiceoverWord,
  VoiceProvider,
} from "./voiceover";

const run = promisify(execFile);

/** Pause between narrated segments (hook, intro, each point, CTA). */
export const SEGMENT_PAUSE_MS = 350;
const SAMPLE_RATE = 48000;

type FestivalVoice = VoiceInfo & { command: string; kind: "hts" | "diphone" };

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
];

/** HTS voices take a rate; diphone voices stretch durations. */
const speedSetting = (voice: FestivalVoice, speed: number) =>
  voice.kind === "hts"
    ? `(set! hts_engine_params (append hts_engine_params (list (list "-r" ${speed.toFixed(3)}))))`
    : `(Parameter.set 'Duration_Stretch ${(1 / speed).toFixed(3)})`;

/**
 * Festival, scripted: one utterance per segment, and from each utterance the start of the first
 * and the end of the last spoken word under every top-level token, so the timings belong to the
 * words as the script wrote them ("25" spoken as "twenty five" is one caption word).
 */
export class FestivalVoiceProvider implements VoiceProvider {
  readonly id = "festival";

  async listVoices(): Promise<VoiceInfo[]> {
    const { stdout } = await run("festival", ["-b", "(print (voice.list))"]);
    return VOICES.filter((v) =>
      stdout.includes(v.command.replace(/^voice_/, "")),
    ).map(({ id, label, language, gender }) => ({
      id,
      label,
      language,
      gender,
    }));
  }

  async synthesize(request: SynthesisRequest): Promise<Voiceover> {
    const voice = VOICES.find((v) => v.id === (request.voice || "slt"));
    if (!voice) throw new Error(`Unknown Festival voice "${request.voice}"`);
    const work = await mkdtemp(path.join(tmpdir(), "rw-festival-"));
    try {
      const segments = request.segments.map((text) => {
        const tokens = displayTokens(text);
        return { tokens, spoken: tokens.map(speakable) };
      });
      const wavs = segments.map((_, i) => path.join(work, `segment-${i}.wav`));
      const script = [
        `(${voice.command})`,
        speedSetting(voice, request.speed),
        ...segments.map((segment, i) => {
          const text = segment.spoken.filter(Boolean).join(" ");
          if (!text) return `(format t "SEG ${i} EMPTY\\n")`;
          return `(set! utt (utt.synth (Utterance Text "${text}")))
(utt.save.wave utt "${wavs[i]}" 'riff)
(format t "SEG ${i} %f\\n" (item.feat (utt.relation.last utt 'Segment) "end"))
(set! tok (utt.relation.first utt 'Token))
(while tok
  (set! ws (mapcar (lambda (w) (list (item.feat w "word_start") (item.feat w "word_end")))
    (remove-if (lambda (w) (equal? (item.feat w "word_end") 0)) (item.daughters tok))))
  (if ws (format t "TOK %f %f\\n" (car (car ws)) (car (cdr (car (last ws))))) (format t "TOK - -\\n"))
  (set! tok (item.next tok)))`;
        }),
      ].join("\n");
      const scriptFile = path.join(work, "script.scm");
      await writeFile(
        scriptFile,
        `(define (remove-if f l) (cond ((null l) nil) ((f (car l)) (remove-if f (cdr l))) (t (cons (car l) (remove-if f (cdr l))))))\n${script}\n`,
      );
      const { stdout } = await run("festival", ["-b", scriptFile], {
        maxBuffer: 64 * 1024 * 1024,
      });
      return await this.assemble(
        request,
        voice,
        segments,
        wavs,
        parseOutput(stdout, segments.length),
      );
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  }

  /** Joins the segments' audio with pauses (silence for a segment with nothing to say) and offsets their timings. */
  private async assemble(
    request: SynthesisRequest,
    voice: FestivalVoice,
    segments: Array<{ tokens: string[]; spoken: string[] }>,
    wavs: string[],
    parsed: ParsedSegment[],
  ): Promise<Voiceover> {
    const words: VoiceoverWord[] = [];
    const spans: Voiceover["segments"] = [];
    // ffmpeg inputs in playing order: each segment's audio (silence where nothing was
    // pronounceable), with a pause between segments.
    const inputs: string[][] = [];
    const silence = (ms: number) => [
      "-f",
      "lavfi",
      "-t",
      (ms / 1000).toFixed(3),
      "-i",
      `anullsrc=r=${SAMPLE_RATE}:cl=mono`,
    ];
    let offsetMs = 0;
    for (const [i, segment] of segments.entries()) {
      const result = parsed[i];
      const lengthMs = result.lengthMs ?? readingTimeMs(segment.tokens.length);
      if (i > 0) inputs.push(silence(SEGMENT_PAUSE_MS));
      inputs.push(
        result.lengthMs === null ? silence(lengthMs) : ["-i", wavs[i]],
      );
      words.push(
        ...alignTokens(segment, result.tokenTimes, offsetMs, lengthMs),
      );
      spans.push({ startMs: offsetMs, endMs: offsetMs + lengthMs });
      offsetMs += lengthMs + SEGMENT_PAUSE_MS;
    }
    const durationMs = offsetMs - SEGMENT_PAUSE_MS;
    const graph =
      inputs
        .map((_, i) => `[${i}:a]aresample=${SAMPLE_RATE}[a${i}]`)
        .join(";") +
      `;${inputs.map((_, i) => `[a${i}]`).join("")}concat=n=${inputs.length}:v=0:a=1,` +
      // Loudness-normalized to the -16 LUFS that platforms play speech at.
      `loudnorm=I=-16:TP=-1.5:LRA=11,aresample=${SAMPLE_RATE}[out]`;
    await writeAtomically(request.outFile, (temporary) =>
      run(
        "ffmpeg",
        [
          "-v",
          "error",
          "-y",
          ...inputs.flat(),
          "-filter_complex",
          graph,
          "-map",
          "[out]",
          "-ac",
          "1",
          "-f",
          "wav",
          temporary,
        ],
        { maxBuffer: 16 * 1024 * 1024 },
      ),
    );
    return {
      provider: this.id,
      voice: voice.id,
      speed: request.speed,
      audioFile: request.outFile,
      durationMs,
      words,
      segments: spans,
      silent: false,
    };
  }
}

type ParsedSegment = {
  lengthMs: number | null;
  tokenTimes: Array<[number, number] | null>;
};

function parseOutput(stdout: string, count: number): ParsedSegment[] {
  const segments: ParsedSegment[] = Array.from({ length: count }, () => ({
    lengthMs: null,
    tokenTimes: [],
  }));
  let current: ParsedSegment | null = null;
  for (const line of stdout.split("\n")) {
    const [tag, a, b] = line.trim().split(/\s+/);
    if (tag === "SEG") {
      current = segments[Number(a)];
      current.lengthMs = b === "EMPTY" ? null : Math.round(Number(b) * 1000);
    } else if (tag === "TOK" && current) {
      current.tokenTimes.push(
        a === "-"
          ? null
          : [Math.round(Number(a) * 1000), Math.round(Number(b) * 1000)],
      );
    }
  }
  return segments;
}

/** Gives each written token its spoken time; unspoken ones (emoji) ride along with their neighbour. */
function alignTokens(
  segment: { tokens: string[]; spoken: string[] },
  tokenTimes: Array<[number, number] | null>,
  offsetMs: number,
  lengthMs: number,
): VoiceoverWord[] {
  const words: VoiceoverWord[] = [];
  let spokenIndex = 0;
  let pendingPrefix = "";
  segment.tokens.forEach((token, i) => {
    if (!segment.spoken[i]) {
      if (words.length) words[words.length - 1].text += ` ${token}`;
      else pendingPrefix += `${token} `;
      return;
    }
    const time = tokenTimes[spokenIndex++];
    const previousEnd = words.at(-1)?.endMs ?? offsetMs;
    const [start, end] = time
      ? [offsetMs + time[0], offsetMs + time[1]]
      : [previousEnd, previousEnd];
    words.push({
      text: pendingPrefix + token,
      startMs: start,
      endMs: Math.max(end, start),
    });
    pendingPrefix = "";
  });
  if (!words.length && segment.tokens.length) {
    // Nothing pronounceable (say, Japanese with an English voice): show the text while silent.
    const each = lengthMs / segment.tokens.length;
    return segment.tokens.map((text, i) => ({
      text,
      startMs: Math.round(offsetMs + i * each),
      endMs: Math.round(offsetMs + (i + 1) * each),
    }));
  }
  return words;
}

/** How long a reader needs for `wordCount` words: 3.3 words a second, at least 1.5 s. */
export const readingTimeMs = (wordCount: number) =>
  Math.max(1500, Math.round((wordCount / 3.3) * 1000));
