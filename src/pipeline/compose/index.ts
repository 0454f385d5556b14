import { PRESETS, type PresetId } from "../../compositions/presets";
import {
  DEFAULT_THEME,
  videoPropsSchema,
  type Theme,
  type VideoProps,
} from "../../compositions/schema";
import { wordsToCaptions } from "../captions";
import type { MusicTrack } from "../music";
import { MUSIC_DEFAULTS } from "../music";
import { SPEED_RANGE } from "../voice";
import {
  neighbourType,
  scriptSections,
  VIDEO_TYPES,
  type Script,
  type VideoType,
} from "../script/script";
import type { PlannedSection } from "../visuals";
import type { Voiceover } from "../voice/voiceover";

/** The end card stays up this long after the narrator stops. */
export const END_HOLD_MS = 1500;

export const formatDuration = (ms: number) => {
  const total = Math.round(ms / 1000);
  return `${Math.floor(total / 60)}:${String(total % 60).padStart(2, "0")}`;
};

/**
 * A narration that misses a preset's range, even after fitting (make.ts). The message names
 * only remedies that exist for this script's type and this speed.
 */
export class PresetDurationError extends Error {
  constructor(
    readonly preset: PresetId,
    readonly durationMs: number,
    context: { type: VideoType; speed: number },
  ) {
    const { label, minDurationMs, maxDurationMs } = PRESETS[preset];
    const tooLong = durationMs > maxDurationMs;
    const type = neighbourType(context.type, tooLong ? -1 : 1);
    const remedies = tooLong
      ? [
          type && `--type ${type}`,
          context.speed < SPEED_RANGE.max &&
            `a faster --speed (up to ${SPEED_RANGE.max})`,
          `making ${preset} in a run of its own (presets made together share one narration)`,
        ]
      : [
          type && `--type ${type}`,
          context.speed > SPEED_RANGE.min &&
            `a slower --speed (down to ${SPEED_RANGE.min})`,
          "a longer article",
        ];
    const named = remedies.filter((r): r is string => Boolean(r));
    super(
      `${label} (${preset}) takes ${formatDuration(minDurationMs)}–${formatDuration(maxDurationMs)}, ` +
        `but this narration runs ${formatDuration(durationMs)}. ` +
        `Try ${named.slice(0, -1).join(", ")}${named.length > 1 ? " or " : ""}${named.at(-1)}.`,
    );
  }
}

const CTA_HEADLINE: Record<(typeof PRESETS)[PresetId]["platform"], string> = {
  youtube: "Subscribe for more",
  instagram: "Follow for more",
  tiktok: "Follow for more",
};

/** The video length a narration gives, end card included. */
export const videoDurationMs = (voiceover: Voiceover) =>
  voiceover.durationMs + END_HOLD_MS;

/**
 * Builds the validated props of one preset from the stage outputs. Section boundaries sit in the
 * middle of the pauses between narrated segments; chapters (long preset) start at each point.
 */
export function composeVideoProps(input: {
  preset: PresetId;
  script: Script;
  voiceover: Voiceover;
  sections: PlannedSection[];
  narrationSrc: string | null;
  music: MusicTrack | null;
  theme?: Partial<Theme>;
}): VideoProps {
  const { preset, script, voiceover, sections, narrationSrc, music } = input;
  const spec = PRESETS[preset];
  const durationMs = videoDurationMs(voiceover);
  if (durationMs < spec.minDurationMs || durationMs > spec.maxDurationMs) {
    throw new PresetDurationError(preset, durationMs, {
      type: script.type,
      speed: voiceover.speed,
    });
  }
  const segments = voiceover.segments;
  if (segments.length !== sections.length) {
    throw new Error(
      `The narration has ${segments.length} segments but the script has ${sections.length} sections`,
    );
  }
  const parts = scriptSections(script);
  const boundaries = segments.map((s, i) =>
    i === 0 ? 0 : Math.round((segments[i - 1].endMs + s.startMs) / 2),
  );

  const hero = sections.map((s) => s.visual).find((v) => v.type === "image");
  const props: VideoProps = {
    preset,
    title: script.title,
    durationMs,
    sections: sections.map((section, i) => ({
      id: `${parts[i].kind}-${i}`,
      kind: parts[i].kind,
      text: parts[i].text,
      overlay: section.overlay,
      startMs: boundaries[i],
      endMs: i + 1 < boundaries.length ? boundaries[i + 1] : durationMs,
      visual: section.visual,
    })),
    captions: wordsToCaptions(voiceover.words),
    chapters: spec.chapters
      ? [
          { title: "Intro", startMs: 0 },
          ...script.points.map((p, i) => ({
            title: p.textOverlay,
            startMs: boundaries[i + 2],
          })),
        ]
      : [],
    narration:
      narrationSrc && !voiceover.silent
        ? { src: narrationSrc, volume: 1 }
        : null,
    music: music ? { src: music.src, ...MUSIC_DEFAULTS } : null,
    silent: voiceover.silent,
    cta: { text: CTA_HEADLINE[spec.platform], subtext: script.title },
    heroImage: hero?.type === "image" ? hero.src : null,
    theme: { ...DEFAULT_THEME, ...input.theme },
  };
  return videoPropsSchema.parse(props);
}

export const defaultTypeFor = (preset: PresetId): VideoType =>
  preset === "youtube_long"
    ? "long"
    : preset === "youtube_medium"
      ? "medium"
      : "short";

/** The narration length (s) that suits every preset of a group and the type, if they overlap. */
export function narrationTarget(type: VideoType, presets: PresetId[]) {
  const hold = END_HOLD_MS / 1000;
  let min: number = VIDEO_TYPES[type].minSec;
  let max: number = VIDEO_TYPES[type].maxSec;
  for (const preset of presets) {
    min = Math.max(min, PRESETS[preset].minDurationMs / 1000 - hold);
    max = Math.min(max, PRESETS[preset].maxDurationMs / 1000 - hold);
  }
  return min < max
    ? { min, max }
    : { min: VIDEO_TYPES[type].minSec, max: VIDEO_TYPES[type].maxSec };
}
