import type { z } from "zod";
import type { Priority } from "../core/priorities";
import type { Site, User } from "../db/schema";
import { log } from "../log";
import { authorize, type Caller } from "./auth";
import {
  errorBodySchema,
  errorResponse,
  mediaType,
  parseWith,
  queryObject,
  readJson,
  toErrorResponse,
} from "./http";
import type { Operation } from "./operations";

type Out<S> = S extends z.ZodType ? z.output<S> : undefined;

export type RouteInput<O extends Operation> = {
  request: Request;
  site: O["auth"] extends false ? null : Site;
  /** The signed-in team member, or null for an API key. */
  user: User | null;
  /** Who is calling (null where the operation needs no credentials). */
  caller: Caller | null;
  params: Out<O["params"]>;
  query: Out<O["query"]>;
  body: Out<O["body"]>;
};

type NextContext = { params: Promise<Record<string, string | string[]>> };

/**
 * A Next.js route handler for `operation`: checks the key or session and the operation's
 * permission (before anything else, so an unknown id answers 401, not 404, to a stranger), then
 * the path, the query and the JSON body, turns whatever is thrown into the JSON error answer, and
 * lets out only what the operation's answer schema names (see `allowlisted`).
 */
export function handle<O extends Operation>(
  operation: O,
  run: (input: RouteInput<O>) => Promise<Response>,
) {
  return async (request: Request, context?: NextContext) => {
    try {
      const caller =
        operation.auth === false ? null : await authorize(request, operation);
      const site = caller?.site ?? null;
      const user = caller?.user ?? null;
      const params = operation.params
        ? parseWith(
            operation.params,
            renameKeys(await context?.params, operation.folderParams),
            "path",
          )
        : undefined;
      const query = operation.query
        ? parseWith(operation.query, queryObject(request), "query")
        : undefined;
      const body = operation.body
        ? await readJson(
            request,
            operation.body,
            operation.bodyLimit,
            operation.invalidBodyStatus,
          )
        : undefined;
      const response = await run({
        request,
        site,
        user,
        caller,
        params,
        query,
        body,
      } as RouteInput<O>);
      return await allowlisted(operation, response);
    } catch (error) {
      return error instanceof AnswerMismatch
        ? answerFailed(operation, error)
        : toErrorResponse(error);
    }
  };
}

/** An answer that breaks its operation's contract: a bug on our side, never sent as it is. */
class AnswerMismatch extends Error {}

/**
 * The answer as the operation describes it. A JSON body is parsed with the status's schema (an
 * error with the error schema), so unknown keys are dropped, whatever the service returned; a
 * status the operation does not describe, or a body its schema refuses, becomes a logged 500.
 */
async function allowlisted(operation: Operation, response: Response) {
  const answer = operation.responses[response.status];
  const isError = response.status >= 400;
  if (!answer && !isError)
    throw new AnswerMismatch(`answered ${response.status}, not described`);
  const isJson = mediaType(response) === "application/json";
  const schema = answer?.schema ?? (isError && isJson ? errorBodySchema : null);
  if (!schema) return response;
  if (!isJson) throw new AnswerMismatch("answered without a JSON body");
  const parsed = schema.safeParse(await response.json());
  if (!parsed.success)
    throw new AnswerMismatch(
      parsed.error.issues
        .slice(0, 5)
        .map((issue) => `${issue.path.join(".") || "body"}: ${issue.message}`)
        .join("; "),
    );
  const headers = new Headers(response.headers);
  headers.delete("content-length");
  return Response.json(parsed.data, { status: response.status, headers });
}

function answerFailed(operation: Operation, error: AnswerMismatch) {
  log.error(
    { method: operation.method, path: operation.path, problem: error.message },
    "answer does not match its operation's schema",
  );
  return errorResponse(500, "internal", "Something went wrong on our side");
}

const renameKeys = (
  params: Record<string, unknown> | undefined,
  names: Record<string, string> = {},
) =>
  Object.fromEntries(
    Object.entries(params ?? {}).map(([key, value]) => [
      names[key] ?? key,
      value,
    ]),
  );

/** Rows out as the API speaks: snake_case names. Nested JSON (a script, settings) is left as is. */
export function snake<T extends Record<string, unknown>>(row: T) {
  return Object.fromEntries(
    Object.entries(row).map(([key, value]) => [
      key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`),
      value,
    ]),
  );
}

/** What every call that queues work on a project names: the project and the queue's priority. */
export const projectJob = (body: {
  project_id: number;
  priority: Priority;
}) => ({
  projectId: body.project_id,
  priority: body.priority,
});

/** A 202: the work is queued (the answer names its job). */
export const accepted = (answer: Record<string, unknown>) =>
  Response.json(answer, { status: 202 });
