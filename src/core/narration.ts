import { z } from "zod";

/**
 * How long spoken text takes: the pace the script stage fits a script to, and the one the app's
 * editor estimates lengths with.
 */

/** The narrator's pace. */
export const WORDS_PER_MINUTE = 165;

export const wordsOf = (text: string) => text.split(/\s+/).filter(Boolean);

/** Seconds a narrator at `wordsPerMinute` takes to say `words` words. */
export const spokenSeconds = (
  words: number,
  wordsPerMinute = WORDS_PER_MINUTE,
) => (words / wordsPerMinute) * 60;

/** How much faster or slower than its natural pace a voice may read. */
export const SPEED_RANGE = { min: 0.5, max: 2 } as const;
/** The longest text a voice sample reads. */
export const PREVIEW_MAX_CHARS = 200;

/** The narration providers: offline (festival, espeak) and cloud (openai, elevenlabs). */
export const VOICE_PROVIDER_IDS = [
  "festival",
  "espeak",
  "openai",
  "elevenlabs",
] as const;
export type VoiceProviderId = (typeof VOICE_PROVIDER_IDS)[number];

/** A voice as a project or the CLI picks it: a provider, and one of its voices (or its default). */
export const voiceChoiceSchema = z.object({
  provider: z.enum(VOICE_PROVIDER_IDS).optional(),
  id: z.string().trim().max(100).optional(),
});
export type VoiceChoice = z.infer<typeof voiceChoiceSchema>;
