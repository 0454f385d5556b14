import { z } from "zod";
import type { Config } from "../../config";
import { PieceVoiceProvider, type SpokenInput } from "./pieces";
import type { SynthesisRequest, VoiceInfo } from "./voiceover";
import { writePcmWav } from "./wav";

/** Characters per request: under the multilingual model's limit of 10,000. */
const MAX_INPUT_CHARS = 4000;
const CONCURRENCY = 2;
/** Raw 16-bit PCM, offered on every plan (44.1 kHz PCM needs a Pro plan). */
const OUTPUT_FORMAT = "pcm_24000";
const SAMPLE_RATE = 24000;
/** The voice_settings.speed range ElevenLabs accepts. */
const SPEED = { min: 0.7, max: 1.2 };
const MAX_RESPONSE_BYTES = 200 * 1024 * 1024;

const alignmentSchema = z.object({
  characters: z.array(z.string().max(16)),
  character_start_times_seconds: z.array(z.number().min(0)),
  character_end_times_seconds: z.array(z.number().min(0)),
});
const timestampsSchema = z.object({
  audio_base64: z.string().min(1),
  alignment: alignmentSchema.nullable(),
  normalized_alignment: alignmentSchema.nullable().optional(),
});
const voicesSchema = z.object({
  voices: z
    .array(
      z.object({
        voice_id: z.string().min(1).max(100),
        name: z.string().max(200),
        labels: z.record(z.string(), z.string().max(200)).nullable().optional(),
      }),
    )
    .max(5000),
});

/** The words of an alignment, each from its first character's start to its last one's end. */
export function wordsFromAlignment(
  alignment: z.infer<typeof alignmentSchema>,
): SpokenInput["heard"] {
  const words: SpokenInput["heard"] = [];
  let current: SpokenInput["heard"][number] | null = null;
  alignment.characters.forEach((char, i) => {
    if (/^\s*$/.test(char)) {
      current = null;
      return;
    }
    const startMs = Math.round(
      alignment.character_start_times_seconds[i] * 1000,
    );
    const endMs = Math.round(alignment.character_end_times_seconds[i] * 1000);
    if (current) {
      current.word += char;
      current.endMs = Math.max(current.endMs, endMs);
    } else {
      current = { word: char, startMs, endMs };
      words.push(current);
    }
  });
  return words;
}

/**
 * ElevenLabs text-to-speech through its with-timestamps endpoint: the audio comes back with
 * the time of every character, which become the script's words. Multilingual: the model reads
 * the language it is given.
 */
export class ElevenLabsVoiceProvider extends PieceVoiceProvider {
  readonly id = "elevenlabs";
  readonly maxChars = MAX_INPUT_CHARS;
  readonly concurrency = CONCURRENCY;
  private voices: Promise<VoiceInfo[]> | null = null;

  constructor(private readonly config: Config) {
    super();
  }

  private async call(pathname: string, init: RequestInit = {}) {
    if (!this.config.ELEVENLABS_API_KEY)
      throw new Error(
        "ElevenLabs needs ELEVENLABS_API_KEY (or choose another voice provider)",
      );
    const url = new URL(pathname, this.config.ELEVENLABS_BASE_URL);
    const response = await fetch(url, {
      ...init,
      headers: {
        "xi-api-key": this.config.ELEVENLABS_API_KEY,
        "content-type": "application/json",
        accept: "application/json",
      },
      signal: AbortSignal.timeout(120_000),
    });
    const body = await response.text();
    if (!response.ok)
      throw new Error(
        `ElevenLabs answered ${response.status} to ${url.pathname}: ${body.slice(0, 300)}`,
      );
    if (body.length > MAX_RESPONSE_BYTES)
      throw new Error(`ElevenLabs sent more than ${MAX_RESPONSE_BYTES} bytes`);
    try {
      return JSON.parse(body) as unknown;
    } catch {
      throw new Error(
        `ElevenLabs sent something other than JSON to ${url.pathname}`,
      );
    }
  }

  listVoices(): Promise<VoiceInfo[]> {
    this.voices ??= this.call("/v1/voices").then((json) => {
      const parsed = voicesSchema.safeParse(json);
      if (!parsed.success)
        throw new Error(
          `ElevenLabs' voice list is not as documented: ${parsed.error.issues[0].path.join(".")}: ${parsed.error.issues[0].message}`,
        );
      return parsed.data.voices.map((v) => ({
        id: v.voice_id,
        label: v.name,
        language: "multilingual",
        gender:
          v.labels?.gender === "female" || v.labels?.gender === "male"
            ? v.labels.gender
            : "neutral",
      }));
    });
    this.voices.catch(() => (this.voices = null));
    return this.voices;
  }

  async speak(
    request: SynthesisRequest,
    text: string,
    file: string,
  ): Promise<SpokenInput> {
    const json = await this.call(
      `/v1/text-to-speech/${encodeURIComponent(request.voice)}/with-timestamps?output_format=${OUTPUT_FORMAT}`,
      {
        method: "POST",
        body: JSON.stringify({
          text,
          model_id: this.config.ELEVENLABS_MODEL,
          voice_settings: {
            speed: Math.min(SPEED.max, Math.max(SPEED.min, request.speed)),
          },
        }),
      },
    );
    const parsed = timestampsSchema.safeParse(json);
    if (!parsed.success)
      throw new Error(
        `ElevenLabs' answer is not as documented: ${parsed.error.issues[0].path.join(".")}: ${parsed.error.issues[0].message}`,
      );
    const alignment = parsed.data.alignment ?? parsed.data.normalized_alignment;
    if (
      !alignment ||
      alignment.character_start_times_seconds.length !==
        alignment.characters.length ||
      alignment.character_end_times_seconds.length !==
        alignment.characters.length
    )
      throw new Error(
        "ElevenLabs sent audio without a timing for every character",
      );
    const pcm = Buffer.from(parsed.data.audio_base64, "base64");
    const samples = new Int16Array(
      pcm.buffer.slice(pcm.byteOffset, pcm.byteOffset + (pcm.length & ~1)),
    );
    await writePcmWav(file, samples, SAMPLE_RATE);
    return {
      lengthMs: (samples.length / SAMPLE_RATE) * 1000,
      heard: wordsFromAlignment(alignment),
    };
  }
}
