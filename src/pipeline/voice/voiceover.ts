import { z } from "zod";

export const voiceoverWordSchema = z.object({
  /** The word as written in the script (with its punctuation), not as the engine normalized it. */
  text: z.string().min(1),
  startMs: z.number().min(0),
  endMs: z.number().min(0),
});
export type VoiceoverWord = z.infer<typeof voiceoverWordSchema>;

export const voiceoverSchema = z.object({
  provider: z.string(),
  voice: z.string(),
  speed: z.number(),
  /** Absolute path of the narration (WAV or MP3). */
  audioFile: z.string(),
  durationMs: z.number().positive(),
  words: z.array(voiceoverWordSchema),
  /** One entry per input segment, in order: when that segment is spoken. */
  segments: z.array(
    z.object({ startMs: z.number().min(0), endMs: z.number().min(0) }),
  ),
  /** True for the fallback: no speech, timings sized for reading. */
  silent: z.boolean(),
  /** The language narrated in (a tag such as "de" or "en-us"). */
  language: z.string().max(35).default("en"),
  /** What went wrong on the way (a cloud voice that failed, a language no voice speaks). */
  warnings: z.array(z.string().max(2000)).max(10).default([]),
});
export type Voiceover = z.infer<typeof voiceoverSchema>;
/** What a provider returns: the narration, before the language and warnings are added. */
export type SpokenVoiceover = Omit<Voiceover, "language" | "warnings">;

export type VoiceInfo = {
  id: string;
  label: string;
  language: string;
  gender: "female" | "male" | "neutral";
};

export type SynthesisRequest = {
  /** The segments to speak, in order, with a short pause between them. */
  segments: string[];
  voice: string;
  /** 0.5..2, 1 = the voice's natural pace. */
  speed: number;
  /** Where to write the audio; the provider writes to a temporary name and renames. */
  outFile: string;
};

export interface VoiceProvider {
  readonly id: string;
  listVoices(): Promise<VoiceInfo[]>;
  synthesize(request: SynthesisRequest): Promise<SpokenVoiceover>;
}
