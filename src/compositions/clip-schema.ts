import { z } from "zod";
import { PRESET_IDS } from "./presets";
import { captionSchema, themeSchema } from "./schema";

/**
 * ClipProps: the contract between the clips pipeline and the `clip` composition. A span of a
 * long source, reframed for a vertical preset, with its words as captions. Times are ms from the
 * clip's start unless said otherwise.
 */
export const shotFramingSchema = z.object({
  startMs: z.number().min(0),
  endMs: z.number().positive(),
  mode: z.enum(["crop", "fit"]),
  /** The crop's centre as a share of the source's width; linear between keyframes. */
  keyframes: z
    .array(z.object({ ms: z.number().min(0), x: z.number().min(0).max(1) }))
    .max(100_000),
});
export type ShotFramingProps = z.infer<typeof shotFramingSchema>;

export const clipPropsSchema = z
  .object({
    preset: z.enum(PRESET_IDS as [string, ...string[]]),
    title: z.string().min(1).max(200),
    source: z.object({
      /** A `media/…` path in the bundle's public folder, or an http(s) URL. */
      src: z.string().min(1),
      width: z.number().int().positive(),
      height: z.number().int().positive(),
      /** The span of the source this clip plays (ms in the source). */
      startMs: z.number().min(0),
      endMs: z.number().positive(),
    }),
    durationMs: z.number().positive(),
    shots: z.array(shotFramingSchema).min(1).max(10_000),
    captions: z.array(captionSchema).max(100_000),
    /** A title over the first seconds. */
    hook: z
      .object({
        text: z.string().min(1).max(120),
        durationMs: z.number().positive(),
      })
      .nullable(),
    cta: z.object({ text: z.string(), subtext: z.string() }).nullable(),
    theme: themeSchema,
  })
  .refine((p) => p.source.endMs > p.source.startMs, {
    message: "the span ends before it starts",
    path: ["source", "endMs"],
  });
export type ClipProps = z.infer<typeof clipPropsSchema>;
