import { z } from "zod";
import { transitionSchema } from "../../compositions/schema";
import {
  MAX_ARTICLE_IMAGES,
  type Article,
  type ArticleSection,
} from "./article";

/** More scenes than this is a film, not a storyboard for a social video. */
export const MAX_SCENES = 100;

/** Exactly one of: an AI image `prompt`, an `image` (same sources as an article's), a stock `query`. */
const sceneVisualSchema = z.union(
  [
    z.strictObject({ prompt: z.string().trim().min(1).max(1000) }),
    z.strictObject({ image: z.string().min(1).max(2_000_000) }),
    z.strictObject({ query: z.string().trim().min(1).max(200) }),
  ],
  { error: "give exactly one of prompt, image or query" },
);
export type SceneVisual = z.infer<typeof sceneVisualSchema>;

export const storyboardSceneSchema = z.strictObject({
  text: z.string().trim().min(1, "text is empty").max(5000),
  visual: sceneVisualSchema.optional(),
  /** The length the author had in mind; recorded beside the narrated length, which wins. */
  duration_ms: z.number().int().min(500).max(600_000).optional(),
  transition: transitionSchema.optional(),
});
export type StoryboardScene = z.infer<typeof storyboardSceneSchema>;

export const storyboardSchema = z.object({
  title: z.string().trim().min(1, "title is empty").max(300),
  /** BCP 47 tag of the narration, "en" when absent. */
  language: z.string().min(2).max(35).optional(),
  keywords: z.array(z.string().max(100)).max(30).optional(),
  scenes: z.array(storyboardSceneSchema).min(1).max(MAX_SCENES),
});
export type Storyboard = z.infer<typeof storyboardSchema>;

/** A JSON document is a storyboard when it has a `scenes` key. */
export const isStoryboardJson = (json: unknown): boolean =>
  typeof json === "object" &&
  json !== null &&
  !Array.isArray(json) &&
  "scenes" in json;

export class StoryboardError extends Error {}

export function parseStoryboard(json: unknown): Storyboard {
  const parsed = storyboardSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new StoryboardError(
      `Invalid storyboard: ${issue.path.join(".") || "(root)"}: ${issue.message}`,
    );
  }
  const images = parsed.data.scenes.filter(
    (s) => s.visual && "image" in s.visual,
  );
  if (images.length > MAX_ARTICLE_IMAGES)
    throw new StoryboardError(
      `The storyboard has ${images.length} images; it may have at most ${MAX_ARTICLE_IMAGES}`,
    );
  return parsed.data;
}

/**
 * The storyboard as an article of one section per scene, so its images load through the same
 * source rules and limits as an article's and each scene owns its own image.
 */
export function storyboardArticle(storyboard: Storyboard): Article {
  const images: Article["images"] = [];
  const sections: ArticleSection[] = storyboard.scenes.map((scene) => {
    const imageIndexes: number[] = [];
    if (scene.visual && "image" in scene.visual) {
      images.push({ src: scene.visual.image, alt: scene.text.slice(0, 200) });
      imageIndexes.push(images.length - 1);
    }
    return {
      heading: null,
      paragraphs: [scene.text.replace(/\s+/g, " ")],
      imageIndexes,
      blocks: [],
    };
  });
  return {
    title: storyboard.title,
    metaDescription: storyboard.scenes[0].text.slice(0, 300),
    keywords: storyboard.keywords ?? [],
    language: (storyboard.language ?? "en").toLowerCase(),
    sections,
    images,
  };
}
