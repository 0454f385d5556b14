import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { Readable } from "node:stream";
import { contentTypeOf, type Storage } from "../storage";
import { ApiError, errorResponse } from "./http";

/** How long a redirect to a stored object stays usable. */
const PRESIGNED_SECONDS = 300;

/**
 * A stored file: from S3, a 302 to a short-lived presigned URL (the object store then serves the
 * bytes and any `Range`); from a local folder, streamed by this process.
 */
export async function storedFileResponse(
  request: Request,
  storage: Storage,
  key: string,
  downloadName: string,
): Promise<Response> {
  const url = await storage.presignedUrl(key, PRESIGNED_SECONDS, {
    fileName: downloadName,
  });
  if (!url)
    return fileResponse(request, await storage.localCopy(key), downloadName);
  if ((await storage.size(key)) === null)
    throw new ApiError(404, "not_found", "The file is not there (yet)");
  return new Response(null, {
    status: 302,
    headers: { location: url, "cache-control": "private, no-store" },
  });
}

/** A file streamed from disk (never read whole into memory), honouring a single `Range`. */

type ByteRange = { start: number; end: number };

/**
 * The range a `Range` header asks for: null to send the whole file (no header, a header this
 * does not understand, or several ranges), "unsatisfiable" when it lies outside the file.
 */
export function parseRange(
  header: string | null,
  size: number,
): ByteRange | null | "unsatisfiable" {
  const match = header && /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (!match[1] && !match[2])) return null;
  if (!match[1]) {
    const suffix = Number(match[2]);
    if (suffix === 0 || size === 0) return "unsatisfiable";
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(match[1]);
  const end = match[2] ? Math.min(Number(match[2]), size - 1) : size - 1;
  if (match[2] && Number(match[2]) < start) return null;
  if (start >= size) return "unsatisfiable";
  return { start, end };
}

export async function fileResponse(
  request: Request,
  file: string,
  downloadName: string,
): Promise<Response> {
  const info = await stat(file).catch(() => null);
  if (!info?.isFile())
    throw new ApiError(404, "not_found", "The file is not there (yet)");
  const headers = new Headers({
    "content-type": contentTypeOf(file),
    "accept-ranges": "bytes",
    "last-modified": info.mtime.toUTCString(),
    etag: `"${info.size.toString(16)}-${Math.floor(info.mtimeMs).toString(16)}"`,
    "content-disposition": `inline; filename="${downloadName.replace(/[^\w.-]/g, "_")}"`,
    "cache-control": "private, max-age=0, must-revalidate",
  });
  const range = parseRange(request.headers.get("range"), info.size);
  if (range === "unsatisfiable")
    return errorResponse(
      416,
      "range_not_satisfiable",
      `The file has ${info.size} bytes`,
      undefined,
      { "content-range": `bytes */${info.size}`, "accept-ranges": "bytes" },
    );
  const { start, end } = range ?? { start: 0, end: info.size - 1 };
  headers.set("content-length", String(Math.max(0, end - start + 1)));
  if (range) headers.set("content-range", `bytes ${start}-${end}/${info.size}`);
  const body =
    request.method === "HEAD" || info.size === 0
      ? null
      : (Readable.toWeb(
          createReadStream(file, { start, end }),
        ) as ReadableStream);
  return new Response(body, { status: range ? 206 : 200, headers });
}
