import { PRESETS, type PresetId } from "../../compositions/presets";
import {
  DEFAULT_THEME,
  videoPropsSchema,
  type Theme,
  type TransitionStyle,
  type VideoProps,
} from "../../compositions/schema";
import { CTA_HEADLINE, END_HOLD_MS } from "../../core/end-card";
import { SPEED_RANGE } from "../../core/narration";
import { MUSIC_DEFAULTS } from "../../core/music";
import { VIDEO_TYPES, type VideoType } from "../../core/video-types";
import { wordsToCaptions } from "../captions";
import type { MusicTrack } from "../music";
import { neighbourType, scriptSections, type Script } from "../script/script";
import type { PlannedSection } from "../visuals";
import type { Voiceover } from "../voice/voiceover";

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
    context: {
      type: VideoType;
      speed: number;
      /** What was narrated: a written script, a storyboard's scenes as written, or the user's recording. */
      narrated: "script" | "scenes" | "recording";
    },
  ) {
    const { label, minDurationMs, maxDurationMs } = PRESETS[preset];
    const tooLong = durationMs > maxDurationMs;
    const ownRun = `making ${preset} in a run of its own (presets made together share one narration)`;
    const faster =
      context.speed < SPEED_RANGE.max &&
      `a faster --speed (up to ${SPEED_RANGE.max})`;
    const slower =
      context.speed > SPEED_RANGE.min &&
      `a slower --speed (down to ${SPEED_RANGE.min})`;
    const type = neighbourType(context.type, tooLong ? -1 : 1);
    const remedies = {
      script: tooLong
        ? [type && `--type ${type}`, faster, ownRun]
        : [type && `--type ${type}`, slower, "a longer article"],
      scenes: tooLong
        ? ["fewer or shorter scenes", faster, ownRun]
        : ["more or longer scenes", slower],
      recording: tooLong
        ? ["a shorter recording", ownRun]
        : ["a longer recording"],
    }[context.narrated];
    const named = remedies.filter((r): r is string => Boolean(r));
    super(
      `${label} (${preset}) takes ${formatDuration(minDurationMs)}–${formatDuration(maxDurationMs)}, ` +
        `but this narration runs ${formatDuration(durationMs)}. ` +
        `Try ${named.slice(0, -1).join(", ")}${named.length > 1 ? " or " : ""}${named.at(-1)}.`,
    );
  }
}

/** The video length a narration gives, end card included. */
export const videoDurationMs = (voiceover: Voiceover) =>
  voiceover.durationMs + END_HOLD_MS;

export type ComposeInput = {
  preset: PresetId;
  script: Script;
  voiceover: Voiceover;
  sections: PlannedSection[];
  narrationSrc: string | null;
  /** `volume`: the project's level (MUSIC_DEFAULTS otherwise). */
  music: (Pick<MusicTrack, "src"> & { volume?: number }) | null;
  theme?: Partial<Theme>;
  /** The transition into a section, by section index: wins over a storyboard scene's. */
  sectionTransitions?: Record<string, TransitionStyle>;
  /** false: no captions drawn on the video (the caption files are still written). */
  captions?: boolean;
};

/**
 * Builds the validated props of one preset from the stage outputs, refusing a narration whose
 * length misses the preset's range.
 */
export function composeVideoProps(input: ComposeInput): VideoProps {
  const spec = PRESETS[input.preset];
  const durationMs = videoDurationMs(input.voiceover);
  if (durationMs < spec.minDurationMs || durationMs > spec.maxDurationMs) {
    throw new PresetDurationError(input.preset, durationMs, {
      type: input.script.type,
      speed: input.voiceover.speed,
      narrated:
        input.voiceover.provider === "user"
          ? "recording"
          : input.script.scenes
            ? "scenes"
            : "script",
    });
  }
  return buildVideoProps(input);
}

/**
 * The props themselves, whatever their length: the render's (through `composeVideoProps`) and the
 * app's live preview, which feeds it an estimated silent narration. Section boundaries sit in the
 * middle of the pauses between narrated segments; chapters (long preset) start at each point.
 * Pure, so the browser runs it too.
 */
export function buildVideoProps(input: ComposeInput): VideoProps {
  const { preset, script, voiceover, sections, narrationSrc, music } = input;
  const spec = PRESETS[preset];
  const durationMs = videoDurationMs(voiceover);
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
    sections: sections.map((section, i) => {
      const transition =
        input.sectionTransitions?.[String(i)] ?? script.scenes?.[i]?.transition;
      return {
        id: script.scenes ? `scene-${i + 1}` : `${parts[i].kind}-${i}`,
        kind: parts[i].kind,
        ...(transition ? { transition } : {}),
        text: parts[i].text,
        overlay: section.overlay,
        startMs: boundaries[i],
        endMs: i + 1 < boundaries.length ? boundaries[i + 1] : durationMs,
        visual: section.visual,
        ...(section.candidates.length
          ? {
              candidates: section.candidates.map(
                ({ source, score, visual }) => ({
                  source,
                  score,
                  visual,
                }),
              ),
            }
          : {}),
      };
    }),
    captions: input.captions === false ? [] : wordsToCaptions(voiceover.words),
    chapters: !spec.chapters
      ? []
      : script.scenes
        ? script.points.map((_, i) => ({
            title: `Scene ${i + 1}`,
            startMs: boundaries[i],
          }))
        : [
            { title: "Intro", startMs: 0 },
            ...script.points.map((p, i) => ({
              title: p.textOverlay || `Part ${i + 1}`,
              startMs: boundaries[i + 2],
            })),
          ],
    narration:
      narrationSrc && !voiceover.silent
        ? { src: narrationSrc, volume: 1 }
        : null,
    music: music
      ? {
          src: music.src,
          ...MUSIC_DEFAULTS,
          volume: music.volume ?? MUSIC_DEFAULTS.volume,
        }
      : null,
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
