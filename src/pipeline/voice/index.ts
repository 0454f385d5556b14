import { PREVIEW_MAX_CHARS, SPEED_RANGE } from "../../core/narration";
import { randomBytes } from "node:crypto";
import { tmpdir } from "node:os";
import path from "node:path";
import { z } from "zod";
import { loadConfig, type Config } from "../../config";
import { log } from "../../log";
import { FestivalVoiceProvider } from "./festival";
import { OpenAIVoiceProvider } from "./openai";
import { SilentVoiceProvider } from "./silent";
import {
  voiceoverSchema,
  type SynthesisRequest,
  type VoiceInfo,
  type Voiceover,
  type VoiceProvider,
} from "./voiceover";

export type { VoiceInfo, Voiceover, VoiceProvider } from "./voiceover";

export function createVoiceProvider(config: Config): VoiceProvider {
  return config.VOICE_PROVIDER === "openai"
    ? new OpenAIVoiceProvider(config)
    : new FestivalVoiceProvider();
}

/** The voices of a provider (the configured one by default). */
export function listVoices(
  provider: VoiceProvider = createVoiceProvider(loadConfig()),
): Promise<VoiceInfo[]> {
  return provider.listVoices();
}

export { PREVIEW_MAX_CHARS, SPEED_RANGE };

const requestSchema = z.object({
  segments: z
    .array(z.string().trim().min(1, "is empty"))
    .min(1, "holds nothing to narrate"),
  voice: z.string(),
  speed: z
    .number()
    .min(SPEED_RANGE.min, `must be at least ${SPEED_RANGE.min}`)
    .max(SPEED_RANGE.max, `must be at most ${SPEED_RANGE.max}`),
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
      `Invalid narration request: ${issue.path.join(".")} ${issue.message}`,
    );
  }
  const voices = await provider.listVoices();
  const voice = parsed.data.voice || voices[0]?.id;
  if (!voice || !voices.some((v) => v.id === voice)) {
    throw new Error(
      `Invalid narration request: voice "${parsed.data.voice}" is not a ${provider.id} voice; choose one of: ${voices.map((v) => v.id).join(", ")}`,
    );
  }
  return { ...parsed.data, voice };
}

/**
 * Narrates the segments. Bad requests (unknown voice, speed out of range) are errors; a provider
 * that fails at synthesis, or returns a narration that does not hold together, falls back to a
 * silent track sized for reading, with a warning naming the failure.
 */
export async function synthesizeVoiceover(
  request: SynthesisRequest,
  options: { provider: VoiceProvider; fallback?: VoiceProvider },
): Promise<Voiceover> {
  const checked = await checkRequest(request, options.provider);
  try {
    return voiceoverSchema.parse(await options.provider.synthesize(checked));
  } catch (error) {
    log.warn(
      {
        provider: options.provider.id,
        reason: error instanceof Error ? error.message : String(error),
      },
      `the ${options.provider.id} voice failed; narrating silently`,
    );
    return (options.fallback ?? new SilentVoiceProvider()).synthesize(checked);
  }
}

const previewSchema = z.object({
  text: z
    .string()
    .trim()
    .min(1, "is empty")
    .max(PREVIEW_MAX_CHARS, `takes at most ${PREVIEW_MAX_CHARS} characters`),
});

/**
 * A short sample of a voice, to hear it before narrating a whole script. Unlike a narration it
 * does not fall back to silence: a failing voice is an error. Without `outFile` the audio goes to
 * a new file in the system's temporary directory.
 */
export async function previewVoice(options: {
  text: string;
  voice?: string;
  speed?: number;
  outFile?: string;
  provider?: VoiceProvider;
}): Promise<Voiceover> {
  const parsed = previewSchema.safeParse(options);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(
      `Invalid preview: ${issue.path.join(".")} ${issue.message} (got ${options.text.length} characters)`,
    );
  }
  const provider = options.provider ?? createVoiceProvider(loadConfig());
  const request = await checkRequest(
    {
      segments: [parsed.data.text],
      voice: options.voice ?? "",
      speed: options.speed ?? 1,
      outFile:
        options.outFile ??
        path.join(
          tmpdir(),
          `reelwright-preview-${randomBytes(4).toString("hex")}.wav`,
        ),
    },
    provider,
  );
  return provider.synthesize(request);
}
