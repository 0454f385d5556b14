import type { Config } from "../../../config";
import { log } from "../../../log";
import { createOpenAIClient } from "../../../openai-client";
import type { Transcript } from "../transcript";
import {
  pickNonOverlapping,
  scoreCandidates,
  scoreMoments,
  spanOf,
} from "./heuristic";
import { askForMoments } from "./openai";

export { loudnessProfile } from "./loudness";

export type MomentOptions = {
  count: number;
  minMs: number;
  maxMs: number;
};

/** A span of whole sentences: indices into the transcript's sentences, times in the source. */
export type Candidate = {
  firstSentence: number;
  lastSentence: number;
  startMs: number;
  endMs: number;
};

export type ScoreComponent = { raw: number; scaled: number; weight: number };

export type Moment = Candidate & {
  /** 0..1 offline (the weighted sum of the components), the model's 0..100 / 100 otherwise. */
  score: number;
  components: Record<string, ScoreComponent>;
  /** What the model said about the moment; offline these are derived from the words later. */
  title?: string;
  hook?: string;
  hashtags?: string[];
  reason?: string;
};

/**
 * Finds the best moments: the script model when configured, the transparent heuristic
 * otherwise. Moments the model gets wrong (outside the range, overlapping) are dropped and the
 * heuristic fills the gap; a failing model falls back to the heuristic with a warning.
 */
export async function findMoments(options: {
  transcript: Transcript;
  levels: Float64Array;
  moments: MomentOptions;
  config: Config;
  onWarning?: (message: string) => void;
}): Promise<{ provider: string; moments: Moment[] }> {
  const { transcript, levels, moments: range, config } = options;
  const offline = () => scoreMoments(transcript, levels, range);
  if (config.MOMENTS_PROVIDER !== "openai") {
    return { provider: "heuristic", moments: offline() };
  }
  let picked: Moment[];
  try {
    const asked = await askForMoments(
      createOpenAIClient(config),
      config.OPENAI_SCRIPT_MODEL,
      transcript,
      range,
    );
    const valid = asked.flatMap((m) => {
      if (
        m.firstSentence > m.lastSentence ||
        m.lastSentence >= transcript.sentences.length
      )
        return [];
      const span = spanOf(transcript, m.firstSentence, m.lastSentence);
      const length = span.endMs - span.startMs;
      if (length < range.minMs || length > range.maxMs) return [];
      return [
        {
          ...span,
          score: m.score / 100,
          components: {
            model: { raw: m.score, scaled: m.score / 100, weight: 1 },
          },
          title: m.title,
          hook: m.hook,
          hashtags: m.hashtags,
          reason: m.reason,
        },
      ];
    });
    picked = pickNonOverlapping(valid, range.count);
    if (valid.length < asked.length) {
      options.onWarning?.(
        `The model named ${asked.length - valid.length} moments outside ${range.minMs / 1000}–${range.maxMs / 1000} s or the transcript: dropped`,
      );
    }
  } catch (error) {
    log.warn({ err: error }, "openai moments failed");
    options.onWarning?.(
      `Picking moments with OpenAI failed (${(error as Error).message}); the offline heuristic picks them`,
    );
    return { provider: "heuristic", moments: offline() };
  }
  if (picked.length < range.count) {
    const more = pickNonOverlapping(
      scoreCandidates(transcript, levels, range),
      range.count - picked.length,
      picked,
    );
    return {
      provider: more.length ? "openai+heuristic" : "openai",
      moments: [...picked, ...more],
    };
  }
  return { provider: "openai", moments: picked };
}
