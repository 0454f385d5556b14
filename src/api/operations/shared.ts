import { z } from "zod";
import type { Permission } from "../../auth/roles";
import { PRESET_IDS } from "../../compositions/presets";
import { PRIORITIES, type Priority } from "../../core/priorities";

/** What every resource's operations are built from: the operation's shape and the common fields. */

export type Answer = {
  description: string;
  schema?: z.ZodType;
  content?: string;
};

type OperationBase = {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** OpenAPI style: `{id}` for a path parameter. */
  path: string;
  summary: string;
  tag: string;
  /** false: API keys may not call it (only a signed-in user whose role allows it). */
  apiKeys?: false;
  params?: z.ZodType;
  /** Next.js folder names that differ from the documented parameter's (one name per level). */
  folderParams?: Record<string, string>;
  query?: z.ZodType;
  /** A JSON body. */
  body?: z.ZodType;
  bodyLimit?: number;
  /** 422: a body its schema refuses breaks a rule of the resource rather than the API's grammar. */
  invalidBodyStatus?: 422;
  /** Other request bodies this operation takes, documented only (the handler reads them). */
  otherBodies?: Record<string, z.ZodType>;
  /**
   * The answers by status. A JSON answer is parsed with its schema before it leaves the server,
   * so only the fields the schema names are sent.
   */
  responses: Record<number, Answer>;
};

/**
 * An operation that needs credentials names the permission a signed-in user's role must hold
 * (API keys have the whole site's rights); `handle()` checks it, so a route cannot forget it.
 * An open operation (`auth: false`) may name one for what it shows to callers who have it.
 */
export type Operation = OperationBase &
  (
    | { auth: false; permission?: Permission }
    | { auth?: undefined; permission: Permission }
  );

type Shared = Partial<OperationBase> & {
  auth?: false;
  permission?: Permission;
};

type Joined<S, O> = Omit<S, keyof O> & O;

/**
 * A resource's operations with what they all share (the tag, often the permission or the path
 * parameters) said once; an operation's own fields win. Each joined operation must be whole:
 * one that is not is held to the full `Operation` type, which names what it lacks.
 */
export function resource<
  const S extends Shared,
  const T extends Record<string, Shared>,
>(
  shared: S,
  operations: T & {
    [K in keyof T]: Joined<S, T[K]> extends Operation ? unknown : Operation;
  },
) {
  const joined: Record<string, Shared> = {};
  for (const [name, op] of Object.entries(operations))
    joined[name] = { ...shared, ...op };
  return joined as { [K in keyof T]: Joined<S, T[K]> };
}

/**
 * An error answer, `{error: {code, message, field?}}` with its status: thrown by the server's
 * handlers, and rebuilt from the answer by the browser's client (which knows it as ApiProblem).
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

export const errorBodySchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    field: z.string().optional(),
  }),
});

/** A row id in a JSON body. */
export const id = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
/** A row id in a path or query string: digits only. */
export const idText = z
  .string()
  .max(16)
  .regex(/^[1-9][0-9]{0,15}$/, "must be a positive whole number")
  .transform(Number)
  .pipe(id)
  .meta({ type: "integer", minimum: 1 });
export const preset = z.enum(PRESET_IDS);
export const priority = z.enum(
  Object.keys(PRIORITIES) as [Priority, ...Priority[]],
);
/** The presets a project is made in: at least one, each once. */
export const presetList = z
  .array(preset)
  .min(1, "name at least one preset")
  .max(PRESET_IDS.length)
  .refine((list) => new Set(list).size === list.length, "lists a preset twice");
/** What a request that queues work on a project starts from. */
export const projectJobBody = z.object({
  project_id: id,
  priority: priority.default("normal"),
});
export const timestamp = z.string().meta({ format: "date-time" });
export const idParams = z.object({ id: idText });
export const projectParams = z.object({ project_id: idText });

/** The answer of an operation that queues a job. */
export const queuedSchema = z.object({
  job_id: z.string().nullable(),
});

export const ok = (schema: z.ZodType, description = "OK"): Answer => ({
  description,
  schema,
});

export const page = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    page: z.number(),
    per_page: z.number(),
    total: z.number(),
  });

export const items = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item) });

export const V = "/api/v1/video";

/** The answers of a stored file's download: streamed with Range, or redirected to the bucket. */
export const storedFileAnswers = (whole: string): Record<number, Answer> => ({
  200: { description: whole, content: "application/octet-stream" },
  206: {
    description: "The requested range",
    content: "application/octet-stream",
  },
  302: {
    description:
      "With S3 storage: a redirect (Location) to a presigned URL valid for 5 minutes; the object store then serves the file and any Range",
  },
  416: { description: "The range lies outside the file" },
});
