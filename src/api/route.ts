import type { z } from "zod";
import type { Site, User } from "../db/schema";
import { authorize, type Caller } from "./auth";
import { parseWith, queryObject, readJson, toErrorResponse } from "./http";
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
 * A Next.js route handler for `operation`: checks the key or session and the role (before anything else, so an unknown
 * id answers 401, not 404, to a stranger), then the path, the query and the JSON body, and turns
 * whatever is thrown into the JSON error answer.
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
        ? await readJson(request, operation.body, operation.bodyLimit)
        : undefined;
      return await run({
        request,
        site,
        user,
        caller,
        params,
        query,
        body,
      } as RouteInput<O>);
    } catch (error) {
      return toErrorResponse(error);
    }
  };
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
