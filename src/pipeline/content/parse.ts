import { parseHTML } from "linkedom";
import { marked } from "marked";
import { parseDocument } from "yaml";
import { z } from "zod";
import {
  articleSchema,
  MAX_ARTICLE_BYTES,
  MAX_ARTICLE_IMAGES,
  type Article,
  type ArticleSection,
  type ImageRef,
} from "./article";

export type ArticleFormat = "markdown" | "html" | "json";

const collapse = (text: string) => text.replace(/\s+/g, " ").trim();

/** Elements whose text is not part of the article. */
const DROPPED =
  "script, style, noscript, template, nav, footer, aside, form, iframe, svg, button, figcaption";
const BLOCKS = "h1, h2, h3, p, li, blockquote, img, pre";
/** Code longer than this is cut: a frame shows a few dozen lines at most. */
const MAX_CODE_CHARS = 20_000;

type Extracted = {
  title: string | null;
  sections: ArticleSection[];
  images: ImageRef[];
  metaDescription: string | null;
  keywords: string[];
  language: string | null;
};

/** Walks the document in order: h2/h3 open a section, paragraphs fill it, images belong to it. */
function extractFromHtml(html: string): Extracted {
  const page = /<html[\s>]/i.test(html)
    ? html
    : `<!doctype html><html><body>${html}</body></html>`;
  const { document } = parseHTML(page);
  const meta = (name: string) =>
    document.querySelector(`meta[name="${name}" i]`)?.getAttribute("content") ??
    null;
  const language = document.documentElement?.getAttribute("lang") || null;
  const titleTag =
    collapse(document.querySelector("title")?.textContent ?? "") || null;
  const keywords = (meta("keywords") ?? "")
    .split(",")
    .map(collapse)
    .filter(Boolean);
  const metaDescription = meta("description");
  for (const element of document.querySelectorAll(DROPPED)) element.remove();

  let title: string | null = null;
  const sections: ArticleSection[] = [];
  const images: ImageRef[] = [];
  let current: {
    heading: string | null;
    paragraphs: string[];
    imageIndexes: number[];
    blocks: ArticleSection["blocks"];
  } = { heading: null, paragraphs: [], imageIndexes: [], blocks: [] };
  let listElement: Element | null = null;
  const close = () => {
    if (current.paragraphs.length) sections.push({ ...current });
    else if (sections.length) {
      sections.at(-1)!.imageIndexes.push(...current.imageIndexes);
      sections.at(-1)!.blocks.push(...current.blocks);
    }
  };
  const root =
    document.querySelector("article, main") ??
    document.body ??
    document.documentElement;
  for (const element of root.querySelectorAll(BLOCKS)) {
    const tag = element.tagName.toLowerCase();
    // A paragraph inside a list item or quote is read once, through its container.
    if (tag !== "img" && element.parentElement?.closest("li, blockquote"))
      continue;
    if (tag === "img") {
      const src = element.getAttribute("src");
      if (src) {
        images.push({ src, alt: collapse(element.getAttribute("alt") ?? "") });
        current.imageIndexes.push(images.length - 1);
      }
      continue;
    }
    if (tag === "pre") {
      // Code is shown, not narrated: it keeps its line breaks and adds no paragraph.
      const code = element.querySelector("code") ?? element;
      const language =
        /(?:^|\s)(?:language|lang)-([\w+#-]{1,40})/
          .exec(code.getAttribute("class") ?? "")?.[1]
          ?.toLowerCase() ?? "";
      const text = (code.textContent ?? "")
        .replace(/\s+$/, "")
        .slice(0, MAX_CODE_CHARS);
      if (text.trim())
        current.blocks.push({ type: "code", language, code: text });
      continue;
    }
    const text = collapse(element.textContent ?? "");
    if (!text) continue;
    if (tag === "h1") {
      title ??= text;
    } else if (tag === "h2" || tag === "h3") {
      close();
      current = { heading: text, paragraphs: [], imageIndexes: [], blocks: [] };
    } else {
      current.paragraphs.push(text);
      if (tag === "blockquote") {
        const cite = collapse(
          element.querySelector("cite, footer")?.textContent ?? "",
        );
        current.blocks.push({
          type: "quote",
          text: text.slice(0, 2000),
          cite: cite.slice(0, 200),
        });
      } else if (tag === "li") {
        const last = current.blocks.at(-1);
        if (last?.type === "list" && listElement === element.parentElement) {
          if (last.items.length < 50) last.items.push(text.slice(0, 1000));
        } else {
          listElement = element.parentElement;
          current.blocks.push({ type: "list", items: [text.slice(0, 1000)] });
        }
      }
    }
  }
  close();
  return {
    title: title ?? titleTag,
    sections,
    images,
    metaDescription,
    keywords,
    language,
  };
}

const frontMatterSchema = z.object({
  title: z.string().optional(),
  description: z.string().optional(),
  keywords: z.union([z.array(z.string()), z.string()]).optional(),
  lang: z.string().optional(),
  language: z.string().optional(),
  /** A cover image: used for the opening and the thumbnail. */
  image: z.string().optional(),
});

const jsonArticleSchema = z.object({
  title: z.string().min(1, "title is empty"),
  body: z.string().min(1, "body is empty"),
  images: z
    .array(z.object({ src: z.string().min(1), alt: z.string().default("") }))
    .default([]),
  meta: z
    .object({
      description: z.string().optional(),
      keywords: z.array(z.string()).optional(),
      language: z.string().optional(),
    })
    .default({}),
});

export class ArticleError extends Error {}

/**
 * The YAML front matter of a Markdown article and the text after it. Only YAML is read, with the
 * core schema (no custom tags, aliases bounded), so parsing runs no code; a front matter in another
 * language (`---js`, `---toml`, …) is refused rather than read as text.
 */
function splitFrontMatter(text: string): { data: unknown; content: string } {
  const opening = /^\uFEFF?---([^\n]*)\r?\n/.exec(text);
  if (!opening) return { data: {}, content: text };
  const language = opening[1].trim();
  if (language && !/^ya?ml$/i.test(language))
    throw new ArticleError(
      `Front matter: only YAML is read, not "${language.slice(0, 20)}"`,
    );
  const rest = text.slice(opening[0].length);
  const closing = /^---[ \t]*\r?$/m.exec(rest);
  if (!closing) return { data: {}, content: text };
  const document = parseDocument(rest.slice(0, closing.index), {
    schema: "core",
    customTags: [],
  });
  const problem = document.errors[0] ?? document.warnings[0];
  if (problem)
    throw new ArticleError(
      `Front matter: not valid YAML: ${problem.message.split("\n")[0].replace(/:$/, "")}`,
    );
  return {
    data: document.toJS({ maxAliasCount: 100 }) ?? {},
    content: rest.slice(closing.index + closing[0].length),
  };
}

const looksLikeHtml = (text: string) =>
  /<(p|h[1-6]|div|article|html|body|img)[\s>]/i.test(text);

export function detectFormat(text: string, fileName?: string): ArticleFormat {
  const extension = fileName?.toLowerCase().split(".").pop();
  if (extension === "json") return "json";
  if (extension === "html" || extension === "htm") return "html";
  if (extension === "md" || extension === "markdown") return "markdown";
  const start = text.trimStart();
  if (start.startsWith("{")) return "json";
  return looksLikeHtml(start.slice(0, 2000)) && !start.startsWith("---")
    ? "html"
    : "markdown";
}

/** A title for an article that has none: its first sentence, shortened. */
const firstSentence = (sections: ArticleSection[]) => {
  const first = sections[0]?.paragraphs[0] ?? "";
  const sentence = first.split(/(?<=[.!?])\s/)[0];
  return sentence.length > 80
    ? sentence.slice(0, sentence.lastIndexOf(" ", 80)) + "…"
    : sentence;
};

/** Parses Markdown, HTML or JSON into an Article of plain text sections. */
export function parseArticle(input: {
  text: string;
  format?: ArticleFormat;
  fileName?: string;
}): Article {
  const bytes = Buffer.byteLength(input.text, "utf8");
  if (bytes > MAX_ARTICLE_BYTES)
    throw new ArticleError(
      `The article is ${(bytes / 1024 / 1024).toFixed(1)} MB; it may be at most ${MAX_ARTICLE_BYTES / 1024 / 1024} MB`,
    );
  const format = input.format ?? detectFormat(input.text, input.fileName);
  let extracted: Extracted;
  let front: z.infer<typeof frontMatterSchema> = {};
  if (format === "json") {
    let json: unknown;
    try {
      json = JSON.parse(input.text);
    } catch (error) {
      throw new ArticleError(
        `The article is not valid JSON: ${(error as Error).message}`,
      );
    }
    const parsed = jsonArticleSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new ArticleError(
        `Invalid article JSON: ${issue.path.join(".") || "(root)"}: ${issue.message}`,
      );
    }
    const { title, body, images, meta } = parsed.data;
    extracted = extractFromHtml(
      looksLikeHtml(body)
        ? body
        : (marked.parse(body, { async: false }) as string),
    );
    extracted.title = title;
    const offset = extracted.images.length;
    extracted.images.push(...images);
    // Listed images belong to no section in particular; spread them over the sections in order.
    images.forEach((_, i) =>
      extracted.sections[
        i % Math.max(1, extracted.sections.length)
      ]?.imageIndexes.push(offset + i),
    );
    extracted.metaDescription ??= meta.description ?? null;
    extracted.keywords = meta.keywords ?? extracted.keywords;
    extracted.language = meta.language ?? extracted.language;
  } else if (format === "html") {
    extracted = extractFromHtml(input.text);
  } else {
    const { data, content } = splitFrontMatter(input.text);
    const parsed = frontMatterSchema.safeParse(data);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new ArticleError(
        `Invalid front matter: ${issue.path.join(".")}: ${issue.message}`,
      );
    }
    front = parsed.data;
    extracted = extractFromHtml(
      marked.parse(content, { async: false }) as string,
    );
  }

  if (!extracted.sections.length)
    throw new ArticleError("The article has no text to narrate");
  if (front.image) {
    extracted.images.push({
      src: front.image,
      alt: front.title ?? extracted.title ?? "",
    });
  }
  if (extracted.images.length > MAX_ARTICLE_IMAGES)
    throw new ArticleError(
      `The article has ${extracted.images.length} images; it may have at most ${MAX_ARTICLE_IMAGES}`,
    );
  const keywords = front.keywords ?? extracted.keywords;
  const article: Article = {
    title: front.title ?? extracted.title ?? firstSentence(extracted.sections),
    metaDescription:
      front.description ??
      extracted.metaDescription ??
      extracted.sections[0].paragraphs[0].slice(0, 300),
    keywords:
      typeof keywords === "string"
        ? keywords.split(",").map(collapse).filter(Boolean)
        : keywords,
    language: (
      front.lang ??
      front.language ??
      extracted.language ??
      "en"
    ).toLowerCase(),
    sections: extracted.sections,
    images: extracted.images,
  };
  const valid = articleSchema.safeParse(article);
  if (!valid.success) {
    const issue = valid.error.issues[0];
    throw new ArticleError(
      `The article is incomplete: ${issue.path.join(".")}: ${issue.message}`,
    );
  }
  return valid.data;
}
