import { z } from "zod";
import type { SectionKind } from "../../compositions/schema";
import { PLATFORMS } from "../../platforms";

export const VIDEO_TYPES = {
  short: { minSec: 30, maxSec: 90 },
  medium: { minSec: 60, maxSec: 180 },
  long: { minSec: 300, maxSec: 900 },
} as const;
export type VideoType = keyof typeof VIDEO_TYPES;
export const videoTypeSchema = z.enum(["short", "medium", "long"]);

const TYPE_ORDER: VideoType[] = ["short", "medium", "long"];
/** The next shorter (-1) or longer (+1) type, or null past either end. */
export const neighbourType = (type: VideoType, step: -1 | 1) =>
  TYPE_ORDER[TYPE_ORDER.indexOf(type) + step] ?? null;

export const scriptPointSchema = z.object({
  text: z.string().min(1),
  durationEstSec: z.number().positive(),
  /** What the picture should show: used to match an article image by its alt text. */
  visualCue: z.string(),
  /** A short headline shown on screen. */
  textOverlay: z.string(),
  /** The article section the point came from, if any. */
  sourceSection: z.number().int().min(0).nullable(),
});
export type ScriptPoint = z.infer<typeof scriptPointSchema>;

export const seoSchema = z.object({
  title: z.string(),
  description: z.string(),
  tags: z.array(z.string()),
});
export type Seo = z.infer<typeof seoSchema>;

export const scriptSchema = z.object({
  type: videoTypeSchema,
  title: z.string().min(1),
  language: z.string(),
  hook: z.string().min(1),
  intro: z.string().min(1),
  points: z.array(scriptPointSchema).min(1),
  cta: z.string().min(1),
  /** Estimated chapter starts; the real ones come from the narration's timings. */
  chapters: z.array(
    z.object({ timeSec: z.number().min(0), title: z.string().min(1) }),
  ),
  totalEstimatedDurationSec: z.number().positive(),
  seo: z.object({
    youtube: seoSchema,
    instagram: seoSchema,
    tiktok: seoSchema,
  }) satisfies z.ZodType<Record<keyof typeof PLATFORMS, unknown>>,
});
export type Script = z.infer<typeof scriptSchema>;

export type ScriptSection = {
  kind: SectionKind;
  text: string;
  /** A point's on-screen headline. */
  overlay?: string;
};

/** A script's sections in speaking order: hook, intro, each point, CTA. */
export const scriptSections = (script: Script): ScriptSection[] => [
  { kind: "hook", text: script.hook },
  { kind: "intro", text: script.intro },
  ...script.points.map((p) => ({
    kind: "point" as const,
    text: p.text,
    overlay: p.textOverlay,
  })),
  { kind: "cta", text: script.cta },
];

/** The narrated segments of a script, in speaking order. */
export const narrationSegments = (script: Script): string[] =>
  scriptSections(script).map((section) => section.text);
