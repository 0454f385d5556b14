import {
  NARRATION_SAMPLE_RATE,
  readWavInfo,
  SEGMENT_PAUSE_MS,
  writeSilence,
} from "./audio";
import { writeAtomically } from "../../files";
import { displayTokens, readingTimeMs } from "./tokens";
import type {
  SynthesisRequest,
  VoiceInfo,
  SpokenVoiceover,
  VoiceProvider,
} from "./voiceover";

/**
 * The fallback when the voice fails: a silent track, with each segment held long enough to read
 * its text on screen and the words timed at reading pace.
 */
export class SilentVoiceProvider implements VoiceProvider {
  readonly id = "silent";

  async listVoices(): Promise<VoiceInfo[]> {
    return [
      {
        id: "silent",
        label: "No narration (text on screen)",
        language: "und",
        gender: "neutral",
      },
    ];
  }

  async synthesize(request: SynthesisRequest): Promise<SpokenVoiceover> {
    const words: SpokenVoiceover["words"] = [];
    const segments: SpokenVoiceover["segments"] = [];
    let offsetMs = 0;
    for (const text of request.segments) {
      const tokens = displayTokens(text);
      const lengthMs = readingTimeMs(tokens.length);
      const each = lengthMs / Math.max(1, tokens.length);
      tokens.forEach((token, i) =>
        words.push({
          text: token,
          startMs: Math.round(offsetMs + i * each),
          endMs: Math.round(offsetMs + (i + 1) * each),
        }),
      );
      segments.push({ startMs: offsetMs, endMs: offsetMs + lengthMs });
      offsetMs += lengthMs + SEGMENT_PAUSE_MS;
    }
    const format = { sampleRate: NARRATION_SAMPLE_RATE, channels: 1 };
    const durationMs = await writeAtomically(
      request.outFile,
      async (temporary) => {
        await writeSilence(temporary, offsetMs - SEGMENT_PAUSE_MS, format);
        return (await readWavInfo(temporary)).durationMs;
      },
    );
    return {
      provider: this.id,
      voice: "silent",
      speed: 1,
      audioFile: request.outFile,
      durationMs,
      words,
      segments,
      silent: true,
    };
  }
}
