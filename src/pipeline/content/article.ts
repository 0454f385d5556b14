import { z } from "zod";

export { MAX_ARTICLE_BYTES, MAX_ARTICLE_IMAGES } from "../../core/uploads";

/** An image the article refers to: an http(s) URL, a small data: image, or (CLI only) a file in the article's folder. */
export const imageRefSchema = z.object({
  src: z.string().min(1),
  alt: z.string(),
});
export type ImageRef = z.infer<typeof imageRefSchema>;

/** Structured content the visuals stage turns into scenes: code frames, bullet lists, quote cards. */
export const contentBlockSchema = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("code"),
    language: z.string().max(40),
    code: z.string().max(20_000),
  }),
  z.object({
    type: z.literal("list"),
    items: z.array(z.string().max(1000)).min(1).max(50),
  }),
  z.object({
    type: z.literal("quote"),
    text: z.string().max(2000),
    cite: z.string().max(200),
  }),
]);
export type ContentBlock = z.infer<typeof contentBlockSchema>;

export const articleSectionSchema = z.object({
  heading: z.string().nullable(),
  /** Plain, sanitized text: no markup, whitespace collapsed. */
  paragraphs: z.array(z.string().min(1)).min(1),
  /** Indexes into `Article.images` of the images that appear in this section. */
  imageIndexes: z.array(z.number().int().min(0)),
  blocks: z.array(contentBlockSchema).max(100).default([]),
});

export const articleSchema = z.object({
  title: z.string().min(1),
  metaDescription: z.string(),
  keywords: z.array(z.string()),
  /** BCP 47 tag, e.g. "en". */
  language: z.string().min(2).max(35),
  sections: z.array(articleSectionSchema).min(1),
  images: z.array(imageRefSchema),
});
export type Article = z.infer<typeof articleSchema>;
export type ArticleSection = z.infer<typeof articleSectionSchema>;

/** An article image after loading: scaled to fit the output and stored in the media store. */
export type LoadedImage = {
  /** Index into `Article.images`. */
  index: number;
  alt: string;
  /** Path inside the media store, usable as a VideoProps `src`. */
  src: string;
  width: number;
  height: number;
};

export type ImageProblem = { index: number; src: string; reason: string };
