import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import { MAX_ARTICLE_BYTES, type Article } from "./article";
import { ArticleError, parseArticle } from "./parse";

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

/** Reads and parses an article file, refusing what cannot be an article (too large, binary). */
export async function readArticleFile(file: string): Promise<Article> {
  const info = await stat(file).catch(() => null);
  if (!info?.isFile()) throw new ArticleError(`No article at ${file}`);
  if (info.size > MAX_ARTICLE_BYTES) {
    throw new ArticleError(
      `${file} is ${(info.size / 1024 / 1024).toFixed(1)} MB; an article may be at most ${MAX_ARTICLE_BYTES / 1024 / 1024} MB`,
    );
  }
  const bytes = await readFile(file);
  if (bytes.includes(0)) throw new ArticleError(`${file} is not a text file`);
  return parseArticle({
    text: bytes.toString("utf8"),
    fileName: path.basename(file),
  });
}
