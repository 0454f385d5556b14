import { createWriteStream } from "node:fs";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { z } from "zod";
import { log } from "../log";
import { ServiceError } from "../services/errors";
import { ApiError } from "./operations/shared";
import { StorageKeyError, StorageNotFoundError } from "../storage";

/**
 * The HTTP edge, shared by every route: errors as `{error: {code, message, field?}}` with the
 * right status, bodies read with a size limit, zod at every input.
 */

export { ApiError, errorBodySchema } from "./operations/shared";

const SERVICE_STATUS = {
  not_found: 404,
  conflict: 409,
  unprocessable: 422,
  unsupported_media: 415,
};

export function errorResponse(
  status: number,
  code: string,
  message: string,
  field?: string,
  headers?: HeadersInit,
) {
  return Response.json(
    { error: field ? { code, message, field } : { code, message } },
    { status, headers },
  );
}

/** The response for anything a handler throws; unexpected errors are logged, not shown. */
export function toErrorResponse(error: unknown): Response {
  if (error instanceof ApiError)
    return errorResponse(error.status, error.code, error.message, error.field);
  if (error instanceof ServiceError)
    return errorResponse(
      SERVICE_STATUS[error.kind],
      error.code,
      error.message,
      error.field,
    );
  if (error instanceof StorageKeyError)
    return errorResponse(404, "not_found", "No such file");
  if (error instanceof StorageNotFoundError)
    return errorResponse(404, "not_found", "The file is not there (yet)");
  log.error({ err: error }, "request failed");
  return errorResponse(500, "internal", "Something went wrong on our side");
}

/** A zod failure as a 400 (or `status`) naming the first field at fault (`where` is e.g. "query"). */
export function validationError(
  error: z.ZodError,
  where?: string,
  status = 400,
) {
  const issue = error.issues[0];
  const field = issue.path.map(String).join(".") || undefined;
  const subject = field ?? where ?? "body";
  return new ApiError(
    status,
    "validation_failed",
    `${subject}: ${issue.message}`,
    field,
  );
}

export function parseWith<T>(
  schema: z.ZodType<T>,
  input: unknown,
  where: string,
  status?: number,
): T {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw validationError(parsed.error, where, status);
  return parsed.data;
}

export const JSON_BODY_LIMIT = 1024 * 1024;

/** The body's chunks, refusing (413) as soon as it grows past `limit`, whatever it declared. */
async function* limitedChunks(request: Request, limit: number) {
  const tooLarge = () =>
    new ApiError(
      413,
      "payload_too_large",
      `The body is larger than ${limit} bytes`,
    );
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > limit) throw tooLarge();
  if (!request.body) return;
  let size = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    yield value;
  }
}

/** The body as bytes, with a size limit. */
export async function readBody(request: Request, limit: number) {
  const chunks: Uint8Array[] = [];
  for await (const chunk of limitedChunks(request, limit)) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/** Streams the body into `file` (a large upload never sits in memory), with a size limit. */
export async function writeBodyTo(
  request: Request,
  limit: number,
  file: string,
) {
  await pipeline(
    Readable.from(limitedChunks(request, limit)),
    createWriteStream(file),
  );
}

/** The media type of a request's or a response's body, without parameters. */
export const mediaType = (message: { headers: Headers }) =>
  (message.headers.get("content-type") ?? "")
    .split(";")[0]
    .trim()
    .toLowerCase();

export function unsupportedMediaType(expected: string[]) {
  return new ApiError(
    415,
    "unsupported_media_type",
    `Send the body as ${expected.join(" or ")}`,
  );
}

/** A JSON body, checked against `schema`. */
export async function readJson<T>(
  request: Request,
  schema: z.ZodType<T>,
  limit = JSON_BODY_LIMIT,
  invalidStatus?: number,
): Promise<T> {
  if (mediaType(request) !== "application/json")
    throw unsupportedMediaType(["application/json"]);
  return parseJsonBytes(await readBody(request, limit), schema, invalidStatus);
}

export function parseJsonBytes<T>(
  bytes: Uint8Array,
  schema: z.ZodType<T>,
  invalidStatus?: number,
) {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(bytes).toString("utf8"));
  } catch (error) {
    throw new ApiError(
      400,
      "malformed_json",
      `The body is not valid JSON: ${(error as Error).message}`,
    );
  }
  return parseWith(schema, value, "body", invalidStatus);
}

/** The query string as an object (a repeated name keeps its last value). */
export const queryObject = (request: Request) =>
  Object.fromEntries(new URL(request.url).searchParams);
