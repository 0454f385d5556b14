import { z } from "zod";
import type { Config } from "../../config";
import { log } from "../../log";
import { FestivalVoiceProvider } from "./festival";
import { OpenAIVoiceProvider } from "./openai";
import { SilentVoiceProvider } from "./silent";
import type { SynthesisRequest, Voiceover, VoiceProvider } from "./voiceover";

export type { Voiceover, VoiceProvider } from "./voiceover";

export function createVoiceProvider(config: Config): VoiceProvider {
  return config.VOICE_PROVIDER === "openai"
    ? new OpenAIVoiceProvider(config)
    : new FestivalVoiceProvider();
}

const requestSchema = z.object({
  segments: z.array(z.string()).min(1, "nothing to narrate"),
  voice: z.string(),
  speed: z
    .number()
    .min(0.5, "speed must be at least 0.5")
    .max(2, "speed must be at most 2"),
  outFile: z.string().min(1),
});

/** Fills in the provider's first voice, and rejects an unknown one listing those there are. */
async function checkRequest(
  request: SynthesisRequest,
  provider: VoiceProvider,
): Promise<SynthesisRequest> {
  const parsed = requestSchema.safeParse(request);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(
      `Invalid narration request: ${issue.path.join(".")}: ${issue.message}`,
    );
  }
  const voices = await provider.listVoices();
  const voice = request.voice || voices[0]?.id;
  if (!voices.some((v) => v.id === voice)) {
    throw new Error(
      `Unknown voice "${request.voice}" for ${provider.id}. Available: ${voices.map((v) => v.id).join(", ")}`,
    );
  }
  return { ...parsed.data, voice: voice! };
}

/**
 * Narrates the segments. Bad requests (unknown voice, speed out of range) are errors; a provider
 * that fails at synthesis falls back to a silent track sized for reading, with a warning.
 */
export async function synthesizeVoiceover(
  request: SynthesisRequest,
  options: { provider: VoiceProvider; fallback?: VoiceProvider },
): Promise<Voiceover> {
  const checked = await checkRequest(request, options.provider);
  try {
    return await options.provider.synthesize(checked);
  } catch (error) {
    log.warn(
      { provider: options.provider.id, err: error },
      "the voice failed; narrating silently",
    );
    return (options.fallback ?? new SilentVoiceProvider()).synthesize(checked);
  }
}

export const PREVIEW_MAX_CHARS = 200;

/** A short sample of a voice, to hear it before narrating a whole script. */
export async function previewVoice(options: {
  text: string;
  voice?: string;
  speed: number;
  outFile: string;
  provider: VoiceProvider;
}): Promise<Voiceover> {
  if (options.text.length > PREVIEW_MAX_CHARS) {
    throw new Error(
      `A preview takes at most ${PREVIEW_MAX_CHARS} characters (got ${options.text.length})`,
    );
  }
  const request = await checkRequest(
    {
      segments: [options.text],
      voice: options.voice ?? "",
      speed: options.speed,
      outFile: options.outFile,
    },
    options.provider,
  );
  return options.provider.synthesize(request);
}
