import { readFile } from "node:fs/promises";
import sharp from "sharp";
import { z } from "zod";
import type { Visual } from "../../compositions/schema";
import type { LoadedImage } from "../content/article";
import type { MediaStore } from "../media-store";
import type { Script } from "../script/script";

/** A user's override for one section, keyed by its index in speaking order (0 = hook). */
export const visualOverrideSchema = z
  .object({
    image: z.string().min(1).optional(),
    titleCard: z.string().min(1).optional(),
    focus: z
      .object({ x: z.number().min(0).max(1), y: z.number().min(0).max(1) })
      .optional(),
    motion: z.enum(["in", "out"]).optional(),
  })
  .refine((o) => !(o.image && o.titleCard), {
    message: "give either image or titleCard, not both",
  });
export const visualOverridesSchema = z.object({
  sections: z.record(
    z.string().regex(/^\d+$/, "section keys are indexes: 0 is the hook"),
    visualOverrideSchema,
  ),
});
export type VisualOverrides = z.infer<typeof visualOverridesSchema>;

export async function readVisualOverrides(
  file: string,
): Promise<VisualOverrides> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, "utf8"));
  } catch (error) {
    throw new Error(
      `Cannot read the visuals file ${file}: ${(error as Error).message}`,
    );
  }
  const parsed = visualOverridesSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(
      `Invalid visuals file ${file}: ${issue.path.join(".")}: ${issue.message}`,
    );
  }
  return parsed.data;
}

const words = (text: string) =>
  new Set(
    text
      .toLowerCase()
      .split(/[^\p{L}\p{N}]+/u)
      .filter((w) => w.length > 3),
  );

const overlap = (a: Set<string>, b: Set<string>) =>
  [...a].filter((w) => b.has(w)).length;

/** Where the interesting part of an image is, from sharp's attention (saliency) crop. */
async function focusOf(
  store: MediaStore,
  image: LoadedImage,
): Promise<{ x: number; y: number }> {
  const size = 64;
  const { info } = await sharp(store.resolve(image.src))
    .resize(size, size, { fit: "cover", position: sharp.strategy.attention })
    .toBuffer({ resolveWithObject: true });
  // sharp reports the focal point in the input image's pixels. Saliency misjudges drawings and
  // busy photos now and then, so it only pulls the framing halfway from the centre.
  const toward = (v: number | undefined, size: number, centre: number) =>
    v === undefined ? centre : centre + (v / size - centre) / 2;
  const clamp = (v: number) => Math.min(0.8, Math.max(0.2, v));
  const x = toward(info.attentionX, image.width, 0.5);
  const y = toward(info.attentionY, image.height, 0.45);
  return { x: clamp(x), y: clamp(y) };
}

export type PlannedSection = { visual: Visual; overlay?: string };

/**
 * Gives each narrated section (hook, intro, points, CTA) a visual: the article's own images first,
 * in order, a point preferring its source section's image and then the best alt-text match for its
 * visual cue; a title card with the section's key text when no image is left. Overrides win.
 */
export async function planVisuals(options: {
  script: Script;
  images: LoadedImage[];
  store: MediaStore;
  overrides?: VisualOverrides;
  imageSectionOf: (imageIndex: number) => number | null;
  titleCardColor: string;
  loadOverrideImage: (src: string) => Promise<LoadedImage>;
}): Promise<PlannedSection[]> {
  const { script, images, store, overrides, imageSectionOf, titleCardColor } =
    options;
  const unused = [...images];
  const take = (image: LoadedImage | undefined) => {
    if (image) unused.splice(unused.indexOf(image), 1);
    return image;
  };
  const byCue = (cue: string) => {
    const cueWords = words(cue);
    let best: LoadedImage | undefined;
    let bestScore = 0;
    for (const image of unused) {
      const score = overlap(cueWords, words(image.alt));
      if (score > bestScore) [best, bestScore] = [image, score];
    }
    return best;
  };

  const sections: Array<{
    text: string;
    cue: string;
    overlay?: string;
    sourceSection: number | null;
  }> = [
    { text: script.title, cue: script.title, sourceSection: null },
    { text: script.intro, cue: script.intro, sourceSection: null },
    ...script.points.map((p) => ({
      text: p.textOverlay,
      cue: p.visualCue,
      overlay: p.textOverlay,
      sourceSection: p.sourceSection,
    })),
    { text: script.cta, cue: script.title, sourceSection: null },
  ];

  // Points claim their own images first so the hook and intro do not take them.
  const chosen = new Map<number, LoadedImage>();
  sections.forEach((section, i) => {
    if (section.sourceSection === null) return;
    const own = unused.find(
      (image) => imageSectionOf(image.index) === section.sourceSection,
    );
    const image = take(own ?? byCue(section.cue));
    if (image) chosen.set(i, image);
  });
  sections.forEach((section, i) => {
    if (section.sourceSection !== null || i === sections.length - 1) return;
    const image = take(byCue(section.cue) ?? unused[0]);
    if (image) chosen.set(i, image);
  });
  // The CTA closes on the opening image.
  if (chosen.has(0)) chosen.set(sections.length - 1, chosen.get(0)!);

  return Promise.all(
    sections.map(async (section, i): Promise<PlannedSection> => {
      const override = overrides?.sections[String(i)];
      const image = override?.image
        ? await options.loadOverrideImage(override.image)
        : override?.titleCard
          ? undefined
          : chosen.get(i);
      if (!image) {
        return {
          overlay: section.overlay,
          visual: {
            type: "title-card",
            text: override?.titleCard ?? section.text,
            background: titleCardColor,
          },
        };
      }
      return {
        overlay: section.overlay,
        visual: {
          type: "image",
          src: image.src,
          alt: image.alt,
          width: image.width,
          height: image.height,
          focus: override?.focus ?? (await focusOf(store, image)),
          motion: override?.motion ?? (i % 2 === 0 ? "in" : "out"),
        },
      };
    }),
  );
}
