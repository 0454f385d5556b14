import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import { MAX_ARTICLE_BYTES, type Article } from "./article";
import {
  ArticleError,
  detectFormat,
  parseArticle,
  type ArticleFormat,
} from "./parse";
import {
  isStoryboardJson,
  parseStoryboard,
  storyboardArticle,
  StoryboardError,
  type Storyboard,
} from "./storyboard";

export { loadArticleImages, type ImageLoadOptions } from "./images";
export {
  ArticleError,
  detectFormat,
  parseArticle,
  type ArticleFormat,
} from "./parse";
export {
  MAX_ARTICLE_BYTES,
  MAX_ARTICLE_IMAGES,
  type Article,
  type ImageProblem,
  type ImageRef,
  type LoadedImage,
} from "./article";
export {
  MAX_DATA_IMAGE_BYTES,
  serviceImageSourceProblem,
  type LocalFiles,
} from "./sources";

export {
  MAX_SCENES,
  parseStoryboard,
  storyboardArticle,
  StoryboardError,
  type Storyboard,
  type StoryboardScene,
} from "./storyboard";

/** What a content file holds: an article, or a storyboard with the article of its scenes. */
export type Content = { article: Article; storyboard: Storyboard | null };

/** Parses an article, or a storyboard: JSON with a `scenes` key. */
export function parseContent(input: {
  text: string;
  fileName?: string;
}): Content {
  if (detectFormat(input.text, input.fileName) === "json") {
    let json: unknown = null;
    try {
      json = JSON.parse(input.text);
    } catch {
      // parseArticle names the JSON error.
    }
    if (isStoryboardJson(json)) {
      const storyboard = parseStoryboard(json);
      return { article: storyboardArticle(storyboard), storyboard };
    }
  }
  return { article: parseArticle(input), storyboard: null };
}

/** Reads and parses an article or storyboard file, refusing what cannot be an article (too large, binary). */
export async function readContentFile(file: string): Promise<Content> {
  const info = await stat(file).catch(() => null);
  if (!info?.isFile()) throw new ArticleError(`No article at ${file}`);
  if (info.size > MAX_ARTICLE_BYTES) {
    throw new ArticleError(
      `${file} is ${(info.size / 1024 / 1024).toFixed(1)} MB; an article may be at most ${MAX_ARTICLE_BYTES / 1024 / 1024} MB`,
    );
  }
  const bytes = await readFile(file);
  if (bytes.includes(0)) throw new ArticleError(`${file} is not a text file`);
  return parseContent({
    text: bytes.toString("utf8"),
    fileName: path.basename(file),
  });
}

/** A topic is at most a long sentence or two: it names what to talk about, it is not the text. */
export const MAX_TOPIC_CHARS = 500;

/** The stand-in article of a topic: its title and only section are the topic itself. */
export function topicArticle(topic: string, language = "en"): Article {
  const text = topic.replace(/\s+/g, " ").trim();
  if (!text) throw new ArticleError("The topic is empty");
  if (text.length > MAX_TOPIC_CHARS)
    throw new ArticleError(
      `The topic is ${text.length} characters; it may be at most ${MAX_TOPIC_CHARS}`,
    );
  return {
    title: text,
    metaDescription: text,
    keywords: [],
    language,
    sections: [
      { heading: null, paragraphs: [text], imageIndexes: [], blocks: [] },
    ],
    images: [],
  };
}

/**
 * The formats stored content comes in: an article's, a topic (the body is the topic), a plain
 * story told in beats, or a storyboard (the JSON `{title, scenes}` the CLI reads).
 */
export type ContentFormat = ArticleFormat | "topic" | "story" | "storyboard";

/** What stored content stands for, and how the script stage reads its article. */
export function storedContent(content: {
  format: ContentFormat;
  body: string;
}): Content & { input: "article" | "topic" | "story" } {
  switch (content.format) {
    case "topic":
      return {
        article: topicArticle(content.body),
        storyboard: null,
        input: "topic",
      };
    case "story":
      return {
        article: parseArticle({ text: content.body, format: "markdown" }),
        storyboard: null,
        input: "story",
      };
    case "storyboard": {
      // The CLI's own reading of a storyboard file: JSON with a `scenes` key.
      let parsed: Content;
      try {
        parsed = parseContent({
          text: content.body,
          fileName: "storyboard.json",
        });
      } catch (error) {
        if (error instanceof StoryboardError)
          throw new ArticleError(error.message);
        throw error;
      }
      if (!parsed.storyboard)
        throw new ArticleError(
          "A storyboard is JSON with a scenes key: {title, scenes: [{text, …}]}",
        );
      return { ...parsed, input: "article" };
    }
    default:
      return {
        article: parseArticle({ text: content.body, format: content.format }),
        storyboard: null,
        input: "article",
      };
  }
}

/** The article stored content stands for. */
export const articleOfContent = (content: {
  format: ContentFormat;
  body: string;
}): Article => storedContent(content).article;
