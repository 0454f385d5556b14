import {
  PREVIEW_MAX_CHARS,
  SPEED_RANGE,
  VOICE_PROVIDER_IDS,
  voiceChoiceSchema,
  type VoiceChoice,
  type VoiceProviderId,
} from "../../core/narration";
import { randomBytes } from "node:crypto";
import { tmpdir } from "node:os";
import path from "node:path";
import { z } from "zod";
import { loadConfig, type Config } from "../../config";
import { log } from "../../log";
import { ElevenLabsVoiceProvider } from "./elevenlabs";
import { EspeakVoiceProvider } from "./espeak";
import { FestivalVoiceProvider } from "./festival";
import { baseLanguage } from "./language";
import { OpenAIVoiceProvider } from "./openai";
import { SilentVoiceProvider } from "./silent";
import {
  voiceoverSchema,
  type SynthesisRequest,
  type VoiceInfo,
  type SpokenVoiceover,
  type Voiceover,
  type VoiceProvider,
} from "./voiceover";

export type { VoiceInfo, Voiceover, VoiceProvider } from "./voiceover";

export {
  VOICE_PROVIDER_IDS,
  voiceChoiceSchema,
  type VoiceChoice,
  type VoiceProviderId,
};
const OFFLINE: ReadonlySet<string> = new Set(["festival", "espeak"]);

export function createVoiceProvider(
  config: Config,
  id: VoiceProviderId = config.VOICE_PROVIDER,
): VoiceProvider {
  switch (id) {
    case "openai":
      return new OpenAIVoiceProvider(config);
    case "elevenlabs":
      return new ElevenLabsVoiceProvider(config);
    case "espeak":
      return new EspeakVoiceProvider();
    case "festival":
      return new FestivalVoiceProvider();
  }
}

/** A provider and one of its voices ("": the request's voice, or else the provider's first). */
export type VoiceCandidate = { provider: VoiceProvider; voice: string };

/**
 * The offline voice of a language: Festival's where Debian has one (English, Italian), else
 * eSpeak NG's; null when neither speaks it.
 */
export async function offlineVoiceFor(
  language: string,
  providers: VoiceProvider[] = [
    new FestivalVoiceProvider(),
    new EspeakVoiceProvider(),
  ],
): Promise<VoiceCandidate | null> {
  const tag = language.toLowerCase();
  for (const provider of providers) {
    const voices = await provider.listVoices().catch(() => []);
    const voice =
      voices.find((v) => v.language.toLowerCase() === tag) ??
      voices.find((v) => baseLanguage(v.language) === baseLanguage(tag));
    if (voice) return { provider, voice: voice.id };
  }
  return null;
}

/**
 * Who narrates, and who takes over if that fails. A chosen cloud voice comes first, then the
 * offline voice of the narration's language; with no cloud voice, the offline voice of the
 * language (or the chosen offline voice). The silent track is the last resort, always.
 * `warnings` says what a listener would otherwise only notice: a language no offline voice
 * speaks.
 */
export async function planVoices(
  config: Config,
  language: string,
  choice: VoiceChoice = {},
): Promise<{ candidates: VoiceCandidate[]; warnings: string[] }> {
  const providerId = choice.provider ?? config.VOICE_PROVIDER;
  const candidates: VoiceCandidate[] = [];
  const warnings: string[] = [];
  // A cloud provider always goes first; an offline one only for a voice chosen by name.
  if (!OFFLINE.has(providerId) || choice.id)
    candidates.push({
      provider: createVoiceProvider(config, providerId),
      voice: choice.id ?? "",
    });
  // A chosen offline engine speaks the language if it can; otherwise Festival before eSpeak.
  const offline = await offlineVoiceFor(
    language,
    providerId === "espeak"
      ? [new EspeakVoiceProvider(), new FestivalVoiceProvider()]
      : undefined,
  );
  if (offline) {
    if (
      !candidates.some(
        (c) =>
          c.provider.id === offline.provider.id && c.voice === offline.voice,
      )
    )
      candidates.push(offline);
  } else {
    warnings.push(
      candidates.length
        ? `No offline voice speaks "${language}": if the ${candidates[0].provider.id} voice fails, the video carries the text on screen with no narration.`
        : `No offline voice speaks "${language}": the video carries the text on screen with no narration. Set a cloud voice (--voice-provider elevenlabs or openai) to narrate it.`,
    );
  }
  return { candidates, warnings };
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

function validateRequest(request: SynthesisRequest): SynthesisRequest {
  const parsed = requestSchema.safeParse(request);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(
      `Invalid narration request: ${issue.path.join(".")} ${issue.message}`,
    );
  }
  return parsed.data;
}

class UnknownVoiceError extends Error {}

/** The requested voice, or the provider's first; an unknown one is named with those there are. */
function pickVoice(
  voices: VoiceInfo[],
  requested: string,
  provider: VoiceProvider,
): string {
  const voice = requested || voices[0]?.id;
  if (!voice || !voices.some((v) => v.id === voice))
    throw new UnknownVoiceError(
      `Invalid narration request: voice "${requested}" is not a ${provider.id} voice; choose one of: ${voices.map((v) => v.id).join(", ")}`,
    );
  return voice;
}

/** Fills in the provider's first voice, and rejects an unknown one listing those there are. */
async function checkRequest(
  request: SynthesisRequest,
  provider: VoiceProvider,
): Promise<SynthesisRequest> {
  const checked = validateRequest(request);
  const voices = await provider.listVoices();
  return { ...checked, voice: pickVoice(voices, checked.voice, provider) };
}

/**
 * Narrates the segments with the first candidate that works. Bad requests (unknown voice, speed
 * out of range) to the first candidate are errors; a candidate that fails at synthesis, or
 * returns a narration that does not hold together, hands over to the next, and after the last
 * to a silent track sized for reading. Every hand-over is a warning in the narration.
 */
export async function synthesizeVoiceover(
  request: SynthesisRequest,
  options: {
    candidates: VoiceCandidate[];
    language: string;
    warnings?: string[];
  },
): Promise<Voiceover> {
  const warnings = [...(options.warnings ?? [])];
  const checked = validateRequest(request);
  for (const [i, candidate] of options.candidates.entries()) {
    try {
      const voices = await candidate.provider.listVoices();
      const voice = pickVoice(
        voices,
        candidate.voice || checked.voice,
        candidate.provider,
      );
      const spoken = await candidate.provider.synthesize({ ...checked, voice });
      return voiceoverSchema.parse({
        ...spoken,
        language: options.language,
        warnings,
      });
    } catch (error) {
      // Asking for a voice that does not exist is the caller's mistake, not an outage.
      if (error instanceof UnknownVoiceError && i === 0) throw error;
      const reason = error instanceof Error ? error.message : String(error);
      const next = options.candidates[i + 1];
      const instead = next
        ? `narrating with the ${next.provider.id} voice "${next.voice}" instead`
        : "the video carries the text on screen with no narration";
      log.warn(
        { provider: candidate.provider.id, reason },
        `the ${candidate.provider.id} voice failed`,
      );
      warnings.push(
        `The ${candidate.provider.id} voice failed (${reason.slice(0, 300)}); ${instead}.`,
      );
    }
  }
  const silent = await new SilentVoiceProvider().synthesize({
    ...checked,
    voice: "silent",
  });
  return voiceoverSchema.parse({
    ...silent,
    language: options.language,
    warnings,
  });
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
}): Promise<SpokenVoiceover> {
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
