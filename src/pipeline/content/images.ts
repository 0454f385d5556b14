import { readFile } from "node:fs/promises";
import path from "node:path";
import sharp, { type OutputInfo } from "sharp";
import { log } from "../../log";
import type { MediaStore } from "../media-store";
import type { ImageProblem, ImageRef, LoadedImage } from "./article";

export type ImageLoadOptions = {
  store: MediaStore;
  /** The stored image fits inside this box (it must cover the largest frame, with room to zoom). */
  maxWidth: number;
  maxHeight: number;
  /** Relative paths resolve against this folder (the article's). */
  baseDir: string;
  fetchTimeoutMs?: number;
  maxBytes?: number;
};

/** Images up to 200 megapixels decode (a 12000x8000 photo is 96). */
const MAX_INPUT_PIXELS = 200_000_000;
const CONCURRENCY = 2;

export class ImageRejected extends Error {}

/** What a download may be: content-type prefixes, and how to name them in an error. */
export type Accepted = { types: string[]; label: string };
const IMAGES: Accepted = { types: ["image/"], label: "an image" };

export async function download(
  url: string,
  timeoutMs: number,
  maxBytes: number,
  accepted: Accepted = IMAGES,
): Promise<Buffer> {
  let response: Response;
  try {
    response = await fetch(url, {
      signal: AbortSignal.timeout(timeoutMs),
      redirect: "follow",
    });
  } catch (error) {
    const reason =
      (error as Error).name === "TimeoutError"
        ? `no answer within ${timeoutMs / 1000} s`
        : (error as Error).message;
    throw new ImageRejected(`download failed: ${reason}`);
  }
  if (!response.ok)
    throw new ImageRejected(
      `the server answered ${response.status} ${response.statusText}`.trim(),
    );
  const type = response.headers.get("content-type") ?? "";
  if (!accepted.types.some((t) => type.startsWith(t)))
    throw new ImageRejected(
      `not ${accepted.label} (content-type ${type || "missing"})`,
    );
  const declared = Number(response.headers.get("content-length") ?? 0);
  if (declared > maxBytes)
    throw new ImageRejected(`larger than the ${maxBytes / 1e6} MB limit`);
  const chunks: Uint8Array[] = [];
  let received = 0;
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    received += chunk.byteLength;
    if (received > maxBytes)
      throw new ImageRejected(`larger than the ${maxBytes / 1e6} MB limit`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

async function loadOne(
  ref: ImageRef,
  index: number,
  options: ImageLoadOptions,
): Promise<LoadedImage> {
  const { fetchTimeoutMs = 15_000, maxBytes = 25_000_000 } = options;
  let bytes: Buffer;
  if (/^https?:\/\//i.test(ref.src)) {
    bytes = await download(ref.src, fetchTimeoutMs, maxBytes);
  } else {
    const file = path.resolve(
      options.baseDir,
      ref.src.replace(/^file:\/\//, ""),
    );
    try {
      bytes = await readFile(file);
    } catch {
      throw new ImageRejected(`no such file: ${file}`);
    }
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
 * Loads the article's images (files or http(s) URLs, with time, size and type limits), scales them
 * to the output size and stores them as JPEG. An image that cannot be used is a problem to report,
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
