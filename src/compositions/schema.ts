import { z } from "zod";
import { zColor } from "@remotion/zod-types";
import { PRESET_IDS } from "./presets";

/**
 * VideoProps: the one contract between the pipeline and the compositions. Everything a frame
 * needs is here; times are milliseconds, frames exist only inside the compositions.
 *
 * Media `src` values are either paths inside the bundle's public folder (resolved with
 * `staticFile`), or absolute http(s) URLs.
 */

export const TRANSITIONS = [
  "fade",
  "slide",
  "wipe",
  "dissolve",
  "zoom",
  "none",
] as const;
export const transitionSchema = z.enum(TRANSITIONS);
export type TransitionStyle = z.infer<typeof transitionSchema>;

export const FONT_FAMILIES = ["Inter", "Montserrat", "Merriweather"] as const;
export const CAPTION_STYLES = ["highlight", "pop", "plain"] as const;

const mediaSrc = z.string().min(1);

export const themeSchema = z.object({
  backgroundColor: zColor().max(64),
  textColor: zColor().max(64),
  accentColor: zColor().max(64),
  captionHighlightColor: zColor().max(64),
  fontFamily: z.enum(FONT_FAMILIES),
  captionStyle: z.enum(CAPTION_STYLES),
  /** Caption size as a share of the frame width. */
  captionScale: z.number().min(0.5).max(2),
  /** 0 = still images, 1 = a strong zoom and pan. */
  kenBurnsStrength: z.number().min(0).max(1),
  transition: transitionSchema,
  transitionMs: z.number().int().min(0).max(2000),
  showProgressBar: z.boolean(),
  /** The style line AI images are prompted with (the pipeline's default when absent). */
  imageStyle: z.string().max(300).optional(),
});
export type Theme = z.infer<typeof themeSchema>;

export const focusPointSchema = z.object({
  /** 0..1 across the image: where the Ken Burns move ends up. */
  x: z.number().min(0).max(1),
  y: z.number().min(0).max(1),
});

export const VISUAL_CREDIT_SOURCES = [
  "article",
  "user",
  "pexels",
  "pixabay",
  "openai",
  "generated",
] as const;

/** Where a visual came from, for the description's credits. */
export const creditSchema = z.object({
  source: z.enum(VISUAL_CREDIT_SOURCES),
  author: z.string().max(200),
  url: z.string().max(2000),
});
export type Credit = z.infer<typeof creditSchema>;

/** One highlighted token of a code frame, coloured in the pipeline so frames only draw. */
export const codeTokenSchema = z.object({
  text: z.string().max(400),
  color: z.string().max(40),
  bold: z.boolean().optional(),
  italic: z.boolean().optional(),
});

/** The motion-typography looks, so two cards in a row never look alike. */
export const TYPOGRAPHY_VARIANTS = ["rise", "split", "marker"] as const;

export const visualSchema = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("image"),
    src: mediaSrc,
    alt: z.string(),
    width: z.number().int().positive(),
    height: z.number().int().positive(),
    focus: focusPointSchema,
    /** Zoom in towards the focus point, or out from it. */
    motion: z.enum(["in", "out"]),
    credit: creditSchema,
  }),
  z.object({
    type: z.literal("video"),
    src: mediaSrc,
    width: z.number().int().positive(),
    height: z.number().int().positive(),
    /** The clip's own length; it loops when the section runs longer. */
    durationMs: z.number().positive(),
    credit: creditSchema,
  }),
  z.object({
    type: z.literal("title-card"),
    text: z.string().max(2000),
    background: zColor(),
    credit: creditSchema,
  }),
  z.object({
    type: z.literal("code"),
    language: z.string().max(40),
    lines: z.array(z.array(codeTokenSchema).max(200)).min(1).max(40),
    background: z.string().max(40),
    credit: creditSchema,
  }),
  z.object({
    type: z.literal("stat"),
    prefix: z.string().max(20),
    value: z.number().finite(),
    decimals: z.number().int().min(0).max(4),
    suffix: z.string().max(40),
    label: z.string().max(300),
    credit: creditSchema,
  }),
  z.object({
    type: z.literal("list"),
    title: z.string().max(300),
    items: z.array(z.string().max(300)).min(1).max(8),
    credit: creditSchema,
  }),
  z.object({
    type: z.literal("quote"),
    text: z.string().max(1000),
    author: z.string().max(200),
    credit: creditSchema,
  }),
  z.object({
    type: z.literal("typography"),
    text: z.string().max(2000),
    variant: z.enum(TYPOGRAPHY_VARIANTS),
    credit: creditSchema,
  }),
]);
export type Visual = z.infer<typeof visualSchema>;

export const SECTION_KINDS = ["hook", "intro", "point", "cta"] as const;
export type SectionKind = (typeof SECTION_KINDS)[number];

export const sectionSchema = z
  .object({
    id: z.string().min(1),
    kind: z.enum(SECTION_KINDS),
    /** What the narrator says. */
    text: z.string(),
    /** Short on-screen headline for the section. */
    overlay: z.string().optional(),
    startMs: z.number().min(0),
    endMs: z.number().positive(),
    visual: visualSchema,
    /** Transition into this section; the theme's default when absent. */
    transition: transitionSchema.optional(),
    /** What the visual sources offered, best first, for swapping in review (not drawn). */
    candidates: z
      .array(
        z.object({
          source: z.string().max(40),
          score: z.number().min(0).max(1),
          visual: visualSchema,
        }),
      )
      .max(10)
      .optional(),
  })
  .refine((s) => s.endMs > s.startMs, {
    message: "endMs must be after startMs",
    path: ["endMs"],
  });
export type Section = z.infer<typeof sectionSchema>;

/** The same shape as `Caption` from @remotion/captions. */
export const captionSchema = z.object({
  text: z.string(),
  startMs: z.number().min(0),
  endMs: z.number().min(0),
  timestampMs: z.number().nullable(),
  confidence: z.number().nullable(),
});

export const chapterSchema = z.object({
  title: z.string().min(1),
  startMs: z.number().min(0),
});

export const audioTrackSchema = z.object({
  src: mediaSrc,
  /** 0..1 */
  volume: z.number().min(0).max(1),
});

export const videoPropsSchema = z
  .object({
    preset: z.enum(PRESET_IDS),
    title: z.string().min(1),
    durationMs: z.number().positive(),
    sections: z.array(sectionSchema).min(1),
    captions: z.array(captionSchema),
    chapters: z.array(chapterSchema),
    narration: audioTrackSchema.nullable(),
    music: audioTrackSchema
      .extend({
        /** Music volume while the narrator speaks, as a share of `volume`. */
        duckTo: z.number().min(0).max(1),
      })
      .nullable(),
    /** True when the voice failed and the video carries the text on screen instead. */
    silent: z.boolean(),
    cta: z.object({ text: z.string(), subtext: z.string() }),
    /** The hero image for the thumbnail, if any. */
    heroImage: mediaSrc.nullable(),
    theme: themeSchema,
  })
  .refine((p) => p.sections.every((s) => s.endMs <= p.durationMs + 1), {
    message: "a section ends after the video",
    path: ["sections"],
  });
export type VideoProps = z.infer<typeof videoPropsSchema>;

export const DEFAULT_THEME: Theme = {
  backgroundColor: "#0f172a",
  textColor: "#ffffff",
  accentColor: "#f59e0b",
  captionHighlightColor: "#facc15",
  fontFamily: "Inter",
  captionStyle: "highlight",
  captionScale: 1,
  kenBurnsStrength: 0.5,
  transition: "fade",
  transitionMs: 500,
  showProgressBar: true,
};

/** The credit of the scenes Reelwright draws itself: no licence asks for a line. */
export const GENERATED_CREDIT: Credit = {
  source: "generated",
  author: "Reelwright",
  url: "",
};
