import { readFile } from "node:fs/promises";
import sharp, { type OutputInfo } from "sharp";
import { log } from "../../log";
import {
  FetchRefused,
  guardedFetch,
  type AllowedHost,
} from "../../net/fetch-guard";
import type { MediaStore } from "../media-store";
import type { ImageProblem, ImageRef, LoadedImage } from "./article";
import {
  classifyImageSource,
  ImageRejected,
  localImageFile,
  type LocalFiles,
} from "./sources";

export { ImageRejected };

export type ImageLoadOptions = {
  store: MediaStore;
  /** The stored image fits inside this box (it must cover the largest frame, with room to zoom). */
  maxWidth: number;
  maxHeight: number;
  /** Where local files may be read; null (the service): none. */
  localFiles: LocalFiles | null;
  /** Private hosts that web images may come from (`REELWRIGHT_ALLOW_PRIVATE_FETCH_HOSTS`). */
  allowedHosts: AllowedHost[];
  fetchTimeoutMs?: number;
  maxBytes?: number;
};

/** Images up to 200 megapixels decode (a 12000x8000 photo is 96). */
const MAX_INPUT_PIXELS = 200_000_000;
const CONCURRENCY = 2;

/** A download from the web, through the outbound-fetch guard; refusals become `ImageRejected`. */
export async function download(
  url: string,
  options: {
    allowedHosts: AllowedHost[];
    timeoutMs: number;
    maxBytes: number;
    /** The media types the answer may have (default: images). */
    contentTypes?: string[];
  },
): Promise<Buffer> {
  try {
    const { body } = await guardedFetch(url, {
      contentTypes: ["image/*"],
      ...options,
    });
    return body;
  } catch (error) {
    if (error instanceof FetchRefused) throw new ImageRejected(error.message);
    throw error;
  }
}

async function loadOne(
  ref: ImageRef,
  index: number,
  options: ImageLoadOptions,
): Promise<LoadedImage> {
  const { fetchTimeoutMs = 15_000, maxBytes = 25_000_000 } = options;
  const source = classifyImageSource(ref.src);
  let bytes: Buffer;
  if (source.kind === "web") {
    bytes = await download(source.url, {
      allowedHosts: options.allowedHosts,
      timeoutMs: fetchTimeoutMs,
      maxBytes,
    });
  } else if (source.kind === "data") {
    bytes = source.bytes;
  } else {
    bytes = await readFile(
      await localImageFile(source.path, options.localFiles),
    );
    if (bytes.byteLength > maxBytes)
      throw new ImageRejected(`larger than the ${maxBytes / 1e6} MB limit`);
  }
  let output: { data: Buffer; info: OutputInfo };
  try {
    output = await sharp(bytes, {
      limitInputPixels: MAX_INPUT_PIXELS,
      sequentialRead: true,
      failOn: "error",
    })
      .rotate()
      .resize(options.maxWidth, options.maxHeight, {
        fit: "inside",
        withoutEnlargement: true,
      })
      .flatten({ background: "#000000" })
      .jpeg({ quality: 85, mozjpeg: true })
      .toBuffer({ resolveWithObject: true });
  } catch (error) {
    throw new ImageRejected(
      `cannot be decoded as an image (${(error as Error).message})`,
    );
  }
  const src = await options.store.putBuffer(output.data, "jpg");
  return {
    index,
    alt: ref.alt,
    src,
    width: output.info.width,
    height: output.info.height,
  };
}

/**
 * Loads the article's images (http(s) URLs with time, size and type limits, small data: images,
 * files only where `localFiles` allows), scales them to the output size and stores them as JPEG. An image that cannot be used is a problem to report,
 * never a crash: its section gets the fallback visual.
 */
export async function loadArticleImages(
  article: { images: ImageRef[] },
  options: ImageLoadOptions,
): Promise<{ images: LoadedImage[]; problems: ImageProblem[] }> {
  const images: LoadedImage[] = [];
  const problems: ImageProblem[] = [];
  const queue = article.images.map((ref, index) => ({ ref, index }));
  const worker = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      try {
        images.push(await loadOne(next.ref, next.index, options));
      } catch (error) {
        if (!(error instanceof ImageRejected)) throw error;
        problems.push({
          index: next.index,
          src: next.ref.src,
          reason: error.message,
        });
        log.warn(
          { src: next.ref.src, reason: error.message },
          "image not usable",
        );
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const byIndex = (a: { index: number }, b: { index: number }) =>
    a.index - b.index;
  return { images: images.sort(byIndex), problems: problems.sort(byIndex) };
}
