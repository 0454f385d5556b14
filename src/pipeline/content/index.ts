import { MAX_ARTICLE_BYTES } from "../../core/uploads";
import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import type { Article } from "./article";
import { ArticleError, parseArticle } from "./parse";

export { loadArticleImages, type ImageLoadOptions } from "./images";
export {
  ArticleError,
  detectFormat,
  parseArticle,
  type ArticleFormat,
} from "./parse";
export type { Article, ImageProblem, ImageRef, LoadedImage } from "./article";

export { MAX_ARTICLE_BYTES };

/** Reads and parses an article file, refusing what cannot be an article (too large, binary). */
export async function readArticleFile(file: string): Promise<Article> {
  const info = await stat(file).catch(() => null);
  if (!info?.isFile()) throw new ArticleError(`No article at ${file}`);
  if (info.size > MAX_ARTICLE_BYTES) {
    throw new ArticleError(
      `${file} is ${(info.size / 1e6).toFixed(1)} MB; an article may be at most 5 MB`,
    );
  }
  const bytes = await readFile(file);
  if (bytes.includes(0)) throw new ArticleError(`${file} is not a text file`);
  return parseArticle({
    text: bytes.toString("utf8"),
    fileName: path.basename(file),
  });
}
