import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { operations, type Operation } from "../../src/api/operations";
import { handle } from "../../src/api/route";
import { log } from "../../src/log";

/**
 * The operations are the API's one contract: every operation has its Next.js route and every
 * route method its operation, and what a handler answers is cut down to the answer's schema.
 */

const API_ROOT = path.resolve("app/api/v1");
const METHODS =
  /export\s+(?:const|(?:async\s+)?function)\s+(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\b/g;
const HANDLED = /export\s+const\s+(\w+)\s*=\s*handle\(\s*operations\.(\w+)/g;

/** `app/api/v1/...` folder of an operation's path: `{name}` becomes `[folder name]`. */
function folderOf(operation: Operation) {
  const folderName = Object.fromEntries(
    Object.entries(operation.folderParams ?? {}).map(([folder, param]) => [
      param,
      folder,
    ]),
  );
  return operation.path
    .replace(/\/$/, "")
    .replace(
      /\{(\w+)\}/g,
      (_, name: string) => `[${folderName[name] ?? name}]`,
    );
}

type Route = { folder: string; source: string };

async function routes(dir = API_ROOT): Promise<Route[]> {
  const found: Route[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...(await routes(full)));
    else if (entry.name === "route.ts")
      found.push({
        folder:
          `/api/v1/${path.relative(API_ROOT, dir).split(path.sep).join("/")}`.replace(
            /\/$/,
            "",
          ),
        source: await readFile(full, "utf8"),
      });
  }
  return found;
}

/** What breaks the contract between a table of operations and the route files. */
function gaps(table: Record<string, Operation>, found: Route[]) {
  const problems: string[] = [];
  const byFolder = new Map(found.map((route) => [route.folder, route]));
  const described = new Set(
    Object.values(table).map((op) => `${op.method} ${folderOf(op)}`),
  );
  for (const [name, op] of Object.entries(table)) {
    const route = byFolder.get(folderOf(op));
    const methods = [...(route?.source.matchAll(METHODS) ?? [])].map(
      (m) => m[1],
    );
    if (!methods.includes(op.method))
      problems.push(`${name}: no ${op.method} in ${folderOf(op)}/route.ts`);
  }
  for (const route of found) {
    for (const [, method] of route.source.matchAll(METHODS))
      if (!described.has(`${method} ${route.folder}`))
        problems.push(`${route.folder}/route.ts: ${method} has no operation`);
    for (const [, method, name] of route.source.matchAll(HANDLED)) {
      const op = table[name];
      if (!op || op.method !== method || folderOf(op) !== route.folder)
        problems.push(`${route.folder}/route.ts: ${method} handles ${name}`);
    }
  }
  return problems;
}

const answer = z.object({ id: z.number(), name: z.string() });
const open = (responses: Operation["responses"]): Operation => ({
  method: "GET",
  path: "/api/v1/test",
  summary: "A test operation",
  tag: "test",
  auth: false,
  responses,
});

describe("the operations and the routes", () => {
  it("have a route for every operation and an operation for every route method", async () => {
    expect(gaps(operations, await routes())).toEqual([]);
  });

  it("finds an operation without a route and a route method without an operation", () => {
    const table = {
      listThings: { ...open({}), path: "/api/v1/things/" },
      getThing: { ...open({}), path: "/api/v1/things/{id}/" },
    } satisfies Record<string, Operation>;
    const found = [
      {
        folder: "/api/v1/things",
        source:
          "export const GET = handle(operations.getThing, run);\nexport async function DELETE() {}",
      },
    ];
    expect(gaps(table, found)).toEqual([
      "getThing: no GET in /api/v1/things/[id]/route.ts",
      "/api/v1/things/route.ts: DELETE has no operation",
      "/api/v1/things/route.ts: GET handles getThing",
    ]);
  });

  it("names a permission on every operation that needs credentials", () => {
    const missing = Object.entries(operations as Record<string, Operation>)
      .filter(([, op]) => op.auth !== false && !op.permission)
      .map(([name]) => name);
    expect(missing).toEqual([]);
  });
});

describe("what an answer may carry", () => {
  afterEach(() => vi.restoreAllMocks());
  const request = () => new Request("http://localhost/api/v1/test");

  it("strips fields the answer's schema does not name, nested ones too", async () => {
    const route = handle(
      open({ 200: { description: "OK", schema: z.object({ item: answer }) } }),
      async () =>
        Response.json(
          {
            item: {
              id: 1,
              name: "Ada",
              passwordHash: "scrypt$…",
              key_hash: "x",
            },
            upload_state: { session: "https://upload" },
          },
          { headers: { "cache-control": "no-store", "x-duration-ms": "5" } },
        ),
    );
    const response = await route(request());
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ item: { id: 1, name: "Ada" } });
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(response.headers.get("x-duration-ms")).toBe("5");
  });

  it("answers 500 and logs when the answer breaks its schema", async () => {
    const logged = vi.spyOn(log, "error").mockImplementation(() => {});
    const route = handle(
      open({ 200: { description: "OK", schema: answer } }),
      async () => Response.json({ id: "1", name: "Ada", secret: "s3cr3t" }),
    );
    const response = await route(request());
    expect(response.status).toBe(500);
    const body = await response.text();
    expect(JSON.parse(body)).toEqual({
      error: { code: "internal", message: "Something went wrong on our side" },
    });
    expect(body).not.toContain("s3cr3t");
    expect(logged).toHaveBeenCalledWith(
      expect.objectContaining({
        path: "/api/v1/test",
        problem: expect.stringContaining("id"),
      }),
      "answer does not match its operation's schema",
    );
  });

  it("answers 500 for a status the operation does not describe", async () => {
    vi.spyOn(log, "error").mockImplementation(() => {});
    const route = handle(
      open({ 200: { description: "OK", schema: answer } }),
      async () => Response.json({ id: 1, name: "Ada" }, { status: 201 }),
    );
    expect((await route(request())).status).toBe(500);
  });

  it("cuts an error a handler returns to the error shape", async () => {
    const route = handle(open({}), async () =>
      Response.json(
        { error: { code: "busy", message: "Later", stack: "at x.ts:1" } },
        { status: 503, headers: { "retry-after": "3" } },
      ),
    );
    const response = await route(request());
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("3");
    expect(await response.json()).toEqual({
      error: { code: "busy", message: "Later" },
    });
  });

  it("lets a file or an empty answer through as it is", async () => {
    const route = handle(
      open({ 200: { description: "A file", content: "audio/wav" } }),
      async () =>
        new Response(new Uint8Array([1, 2, 3]), {
          headers: { "content-type": "audio/wav" },
        }),
    );
    const response = await route(request());
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(
      new Uint8Array([1, 2, 3]),
    );
  });
});
