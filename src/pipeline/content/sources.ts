import { realpath } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

/**
 * What an article's image source may name, and who may read what. The service reads only http(s)
 * URLs and small data: images (never a file, whatever the path looks like); the CLI also reads
 * files inside the article's folder, and any file the user named in a visuals file.
 */

/** A data: image is decoded only up to this size; larger images belong at a URL or in an upload. */
export const MAX_DATA_IMAGE_BYTES = 256 * 1024;

const DATA_IMAGE =
  /^data:image\/(?:png|jpeg|jpg|webp|gif);base64,([A-Za-z0-9+/=\s]*)$/i;

export class ImageRejected extends Error {}

const SERVICE_READS_NO_FILES =
  "the service reads no files: give an http(s) URL or a data: image up to 256 KB, or upload the image to the project's assets";

export type ImageSource =
  | { kind: "web"; url: string }
  | { kind: "data"; bytes: Buffer }
  | { kind: "file"; path: string };

/** Where local image files may be read: inside `dir` only (`confined`), or anywhere, relative to `dir`. */
export type LocalFiles = { dir: string; confined: boolean };

function decodeDataImage(src: string): Buffer {
  const match = DATA_IMAGE.exec(src);
  if (!match)
    throw new ImageRejected(
      "a data: image must be a base64 PNG, JPEG, WebP or GIF",
    );
  const encoded = match[1].replace(/\s/g, "");
  const size = Math.floor((encoded.length * 3) / 4);
  if (size > MAX_DATA_IMAGE_BYTES)
    throw new ImageRejected(
      `a data: image may be at most ${MAX_DATA_IMAGE_BYTES / 1024} KB (this one is ${Math.ceil(size / 1024)} KB); give its URL instead`,
    );
  return Buffer.from(encoded, "base64");
}

/** What an image source names; throws ImageRejected for one that nothing may read. */
export function classifyImageSource(src: string): ImageSource {
  if (/^https?:\/\//i.test(src)) {
    if (!URL.canParse(src)) throw new ImageRejected("not a valid URL");
    return { kind: "web", url: src };
  }
  if (/^data:/i.test(src)) return { kind: "data", bytes: decodeDataImage(src) };
  if (/^file:/i.test(src)) {
    try {
      return { kind: "file", path: fileURLToPath(src) };
    } catch {
      throw new ImageRejected("not a valid file: URL");
    }
  }
  // A scheme other than a Windows drive letter (`C:\…`), or a protocol-relative `//host/…`.
  const scheme = /^([a-z][a-z0-9+.-]+):/i.exec(src)?.[1];
  if (scheme || src.startsWith("//"))
    throw new ImageRejected(
      `${scheme ? `${scheme}: sources are` : "a URL without a scheme is"} not read`,
    );
  return { kind: "file", path: src };
}

/**
 * Why the service refuses an image source sent to it, or null when it takes it: only http(s) URLs
 * and data: images up to 256 KB. A path of any kind (absolute, relative, `file:`, with `..`, or a
 * storage key such as `projects/…` or `media/…`) would read the server's disk.
 */
export function serviceImageSourceProblem(src: string): string | null {
  let source: ImageSource;
  try {
    source = classifyImageSource(src);
  } catch (error) {
    return (error as Error).message;
  }
  return source.kind === "file" ? SERVICE_READS_NO_FILES : null;
}

/** The real path of a local image file, checked against where local files may be read. */
export async function localImageFile(
  file: string,
  local: LocalFiles | null,
): Promise<string> {
  if (!local) throw new ImageRejected(SERVICE_READS_NO_FILES);
  const resolved = path.resolve(local.dir, file);
  let real: string;
  try {
    real = await realpath(resolved);
  } catch {
    throw new ImageRejected(`no such file: ${resolved}`);
  }
  if (local.confined) {
    const relative = path.relative(await realpath(local.dir), real);
    if (
      relative === ".." ||
      relative.startsWith(`..${path.sep}`) ||
      path.isAbsolute(relative)
    )
      throw new ImageRejected(
        `${file} is outside the article's folder; name it in a --visuals file to use it`,
      );
  }
  return real;
}
