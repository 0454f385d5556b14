import { readFile } from "node:fs/promises";
import sharp from "sharp";
import { z } from "zod";
import {
  creditSchema,
  GENERATED_CREDIT,
  TYPOGRAPHY_VARIANTS,
  type Visual,
} from "../../compositions/schema";
import { log } from "../../log";
import type { ContentBlock, LoadedImage } from "../content/article";
import type { MediaStore } from "../media-store";
import type { Script } from "../script/script";
import {
  type Candidate,
  type SectionRequest,
  type VisualProvider,
} from "./provider";

export { VISUAL_SOURCES, type VisualProvider } from "./provider";

/** A user's override for one section, keyed by its index in speaking order (0 = hook). */
export const visualOverrideSchema = z
  .object({
    image: z.string().min(1).optional(),
    titleCard: z.string().min(1).optional(),
    focus: z
      .object({ x: z.number().min(0).max(1), y: z.number().min(0).max(1) })
      .optional(),
    motion: z.enum(["in", "out"]).optional(),
    /** Who made an image the user chose among the candidates, for the credits. */
    credit: creditSchema.optional(),
    /** Ask one source for this section, e.g. stock photos for `query`. */
    source: z.enum(["stock", "ai", "generated"]).optional(),
    query: z.string().min(1).max(200).optional(),
  })
  .refine((o) => [o.image, o.titleCard, o.source].filter(Boolean).length <= 1, {
    message: "give one of image, titleCard or source",
  })
  .refine((o) => !o.query || o.source, {
    message: "query needs a source",
    path: ["query"],
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
  const { info } = await sharp(await store.localFile(image.src))
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

export type PlannedSection = {
  visual: Visual;
  overlay?: string;
  /**
   * The best visuals the providers offered, chosen one included, best first; `fetch` stores a
   * remote one and gives the visual to show.
   */
  candidates: Array<{
    source: string;
    score: number;
    visual: Visual;
    fetch?: () => Promise<Visual>;
  }>;
};

/** Candidates kept per section. */
const KEEP_CANDIDATES = 5;

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
  /** Visuals the user chose among the candidates, by section index; they win like overrides. */
  choices?: Record<string, Visual>;
  imageSectionOf: (imageIndex: number) => number | null;
  titleCardColor: string;
  loadOverrideImage: (src: string) => Promise<LoadedImage>;
  /** Stock, AI and generated providers in the order of VISUAL_SOURCES. */
  providers?: VisualProvider[];
  /** Whether the article's own images may be used (VISUAL_SOURCES has `article`). */
  useArticleImages?: boolean;
  blocksOf?: (sourceSection: number) => ContentBlock[];
  keywords?: string[];
  orientation?: SectionRequest["orientation"];
  /**
   * Ask every provider for candidates, not just until one delivers, for a section that shows an
   * article image too: the Visuals step offers them all. The visual shown stays the same.
   */
  allCandidates?: boolean;
  onWarning?: (message: string) => void;
}): Promise<PlannedSection[]> {
  const { script, images, store, overrides, imageSectionOf, titleCardColor } =
    options;
  const unused = options.useArticleImages === false ? [] : [...images];
  const providers = options.providers ?? [];
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
  }> = script.scenes
    ? script.points.map((p) => ({
        text: p.text,
        cue: p.visualCue,
        overlay: p.textOverlay || undefined,
        sourceSection: p.sourceSection,
      }))
    : [
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
  if (chosen.has(0) && !script.scenes)
    chosen.set(sections.length - 1, chosen.get(0)!);

  const planned: PlannedSection[] = [];
  const failed = new Set<VisualProvider>();
  for (const [i, section] of sections.entries()) {
    const override = overrides?.sections[String(i)];
    const choice = override?.image ? undefined : options.choices?.[String(i)];
    if (choice) {
      planned.push({
        overlay: section.overlay,
        visual: choice,
        candidates: [
          { source: choice.credit.source, score: 1, visual: choice },
        ],
      });
      continue;
    }
    const request: SectionRequest = {
      index: i,
      kind: script.scenes ? "point" : sectionKind(i, sections.length),
      text: script.scenes ? script.points[i].text : scriptText(script, i),
      overlay: section.overlay ?? (i === 0 ? script.title : undefined),
      cue: override?.query ?? section.cue,
      keywords: options.keywords ?? [],
      blocks:
        section.sourceSection !== null && options.blocksOf
          ? options.blocksOf(section.sourceSection)
          : [],
      orientation: options.orientation ?? "landscape",
    };
    const image = override?.image
      ? await options.loadOverrideImage(override.image)
      : override?.titleCard || override?.source
        ? undefined
        : chosen.get(i);
    if (image) {
      const visual: Visual = {
        type: "image",
        src: image.src,
        alt: image.alt,
        width: image.width,
        height: image.height,
        focus: override?.focus ?? (await focusOf(store, image)),
        motion: override?.motion ?? (i % 2 === 0 ? "in" : "out"),
        credit: override?.image
          ? (override.credit ?? { source: "user", author: "", url: "" })
          : { source: "article", author: "", url: "" },
      };
      const others = options.allCandidates
        ? (await fromProviders(request, providers, false)).candidates
        : [];
      planned.push({
        overlay: section.overlay,
        visual,
        candidates: [
          { source: visual.credit.source, score: 1, visual },
          ...others,
        ].slice(0, KEEP_CANDIDATES),
      });
      continue;
    }
    if (override?.titleCard) {
      const visual: Visual = {
        type: "title-card",
        text: override.titleCard,
        background: titleCardColor,
        credit: { source: "user", author: "", url: "" },
      };
      planned.push({
        overlay: section.overlay,
        visual,
        candidates: [{ source: "user", score: 1, visual }],
      });
      continue;
    }
    const asked = override?.source
      ? providers.filter((p) => p.source === override.source)
      : providers;
    if (override?.source && !asked.length)
      options.onWarning?.(
        `Section ${i} asks for ${override.source} visuals but no ${override.source} source is configured (VISUAL_SOURCES and its keys); a title card takes its place`,
      );
    const { visual, candidates } = await fromProviders(request, asked, true);
    const shown = unlikePrevious(
      visual ?? {
        type: "title-card",
        text: section.text,
        background: titleCardColor,
        credit: GENERATED_CREDIT,
      },
      planned.at(-1)?.visual,
      i,
    );
    planned.push({
      overlay: section.overlay,
      visual: shown,
      // The card restyled so as not to repeat the one before is the candidate shown.
      candidates: visual
        ? [{ ...candidates[0], visual: shown }, ...candidates.slice(1)]
        : candidates,
    });
  }
  return planned;

  /**
   * The first provider in order that offers a visual wins (when `pick`), except that a section
   * holding code shows the code: a photo cannot. The candidates are the best of every provider
   * asked, by score, the one shown first.
   */
  async function fromProviders(
    request: SectionRequest,
    list: VisualProvider[],
    pick: boolean,
  ) {
    const offered: PlannedSection["candidates"] = [];
    let shown: PlannedSection["candidates"][number] | undefined;
    const generated = list.find((p) => p.source === "generated");
    const holdsCode = request.blocks.some((b) => b.type === "code");
    const ordered =
      holdsCode && generated
        ? [generated, ...list.filter((p) => p !== generated)]
        : list;
    for (const provider of ordered) {
      if (failed.has(provider)) continue;
      let found: Candidate[];
      try {
        found = await provider.candidates(request);
      } catch (error) {
        // A source that is down or rate limited stays skipped for the rest of this video.
        failed.add(provider);
        const message = `Visual source ${provider.name} failed for section ${request.index}: ${(error as Error).message}; using the next source`;
        log.warn({ err: error, provider: provider.name }, message);
        options.onWarning?.(message);
        continue;
      }
      const best = [...found]
        .sort((a, b) => b.score - a.score)
        .map((c) => ({
          source: provider.name,
          score: c.score,
          visual: c.visual,
          fetch: c.fetch,
        }));
      offered.push(...best);
      // A result that cannot be downloaded gives way to the next one, twice at most.
      for (const candidate of pick && !shown ? best.slice(0, 3) : []) {
        try {
          if (candidate.fetch) {
            candidate.visual = await candidate.fetch();
            delete candidate.fetch;
          }
          shown = candidate;
          break;
        } catch (error) {
          const message = `A ${provider.name} result for section ${request.index} is not usable: ${(error as Error).message}`;
          log.warn({ err: error }, message);
          options.onWarning?.(message);
        }
      }
      if ((shown || !pick) && !options.allCandidates) break;
    }
    const ranked = offered
      .filter((c) => c !== shown)
      .sort((a, b) => b.score - a.score);
    return {
      visual: shown?.visual,
      candidates: (shown ? [shown, ...ranked] : ranked).slice(
        0,
        KEEP_CANDIDATES,
      ),
    };
  }
}

/** hook, intro, point or cta, for section `i` of `count` in speaking order. */
export const sectionKind = (
  i: number,
  count: number,
): SectionRequest["kind"] =>
  i === 0 ? "hook" : i === 1 ? "intro" : i === count - 1 ? "cta" : "point";

/** What the narrator says in section `i`. */
export const scriptText = (script: Script, i: number) =>
  i === 0
    ? script.hook
    : i === 1
      ? script.intro
      : i === script.points.length + 2
        ? script.cta
        : script.points[i - 2].text;

/** Two typography cards in a row never share a look, and no card repeats the one before it. */
function unlikePrevious(
  visual: Visual,
  previous: Visual | undefined,
  index: number,
): Visual {
  if (visual.type !== "typography" && visual.type !== "title-card")
    return visual;
  const text = visual.text;
  const prevVariant =
    previous?.type === "typography" ? previous.variant : undefined;
  const variant =
    visual.type === "typography" && visual.variant !== prevVariant
      ? visual.variant
      : TYPOGRAPHY_VARIANTS.filter((v) => v !== prevVariant)[
          index % (TYPOGRAPHY_VARIANTS.length - 1)
        ];
  return previous?.type === "title-card" || visual.type === "typography"
    ? { type: "typography", text, variant, credit: visual.credit }
    : visual;
}
