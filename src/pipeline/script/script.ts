import { z } from "zod";
import { transitionSchema, type SectionKind } from "../../compositions/schema";
import { VIDEO_TYPE_IDS, type VideoType } from "../../core/video-types";
import { PLATFORMS } from "../../platforms/limits";

export type { VideoType } from "../../core/video-types";
export const videoTypeSchema = z.enum(VIDEO_TYPE_IDS);

/**
 * Bounds far above any script the pipeline writes (a whole 15-minute narration is about 15,000
 * characters), so an edited script sent to the API stays a script.
 */
const MAX_TEXT = 20_000;
const MAX_ITEMS = 200;

/** The next shorter (-1) or longer (+1) type, or null past either end. */
export const neighbourType = (type: VideoType, step: -1 | 1) =>
  VIDEO_TYPE_IDS[VIDEO_TYPE_IDS.indexOf(type) + step] ?? null;

export const scriptPointSchema = z.object({
  text: z.string().min(1).max(MAX_TEXT),
  durationEstSec: z.number().positive(),
  /** What the picture should show: used to match an article image by its alt text. */
  visualCue: z.string().max(MAX_TEXT),
  /** A short headline shown on screen. */
  textOverlay: z.string().max(MAX_TEXT),
  /** The article section the point came from, if any. */
  sourceSection: z.number().int().min(0).nullable(),
});
export type ScriptPoint = z.infer<typeof scriptPointSchema>;

export const seoSchema = z.object({
  title: z.string().max(MAX_TEXT),
  description: z.string().max(MAX_TEXT),
  tags: z.array(z.string().max(MAX_TEXT)).max(MAX_ITEMS),
});
export type Seo = z.infer<typeof seoSchema>;

/** What a storyboard scene asks of its section beyond the narrated text (its point). */
export const sceneMarkerSchema = z.object({
  transition: transitionSchema.optional(),
  /** The length the storyboard asked for; the narration decides the real one. */
  durationMs: z.number().int().positive().max(600_000).optional(),
});
export type SceneMarker = z.infer<typeof sceneMarkerSchema>;

export const scriptSchema = z.object({
  type: videoTypeSchema,
  title: z.string().min(1).max(MAX_TEXT),
  language: z.string().max(35),
  hook: z.string().min(1).max(MAX_TEXT),
  intro: z.string().min(1).max(MAX_TEXT),
  points: z.array(scriptPointSchema).min(1).max(MAX_ITEMS),
  cta: z.string().min(1).max(MAX_TEXT),
  /** Estimated chapter starts; the real ones come from the narration's timings. */
  chapters: z
    .array(
      z.object({
        timeSec: z.number().min(0),
        title: z.string().min(1).max(MAX_TEXT),
      }),
    )
    .max(MAX_ITEMS),
  totalEstimatedDurationSec: z.number().positive(),
  /**
   * Present for a storyboard: one marker per point, and only the points are narrated, one
   * section per scene (hook, intro and cta then only echo the first scene, title and last scene).
   */
  scenes: z.array(sceneMarkerSchema).max(MAX_ITEMS).optional(),
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

/** A script's sections in speaking order: hook, intro, each point, CTA; a storyboard's scenes. */
export const scriptSections = (script: Script): ScriptSection[] =>
  script.scenes
    ? script.points.map((p) => ({
        kind: "point" as const,
        text: p.text,
        overlay: p.textOverlay || undefined,
      }))
    : [
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
