import { describe, expect, it } from "vitest";
import { z } from "zod";
import * as api from "../../src/api/operations";
import { signInBody } from "../../src/api/operations";

/**
 * Every string, array and record a request can carry has a maximum (issue 10, point 1): the
 * walker goes through the input schemas of every operation (path, query, JSON body and the
 * documented other bodies), so a new operation or field without a bound fails here.
 */

type Def = {
  type: string;
  checks?: Array<{ _zod: { def: { check: string } } }>;
  [key: string]: unknown;
};
const defOf = (schema: z.ZodType) => schema._zod.def as unknown as Def;

const bounded = (def: Def) =>
  (def.checks ?? []).some((check) =>
    ["max_length", "length_equals"].includes(check._zod.def.check),
  );

/** Where below `schema` a string, array or record has no maximum (or a type takes anything). */
function unboundedInputs(schema: z.ZodType, at = "(root)"): string[] {
  const seen = new Set<z.ZodType>();
  const walk = (node: z.ZodType, where: string): string[] => {
    if (seen.has(node)) return [];
    seen.add(node);
    const def = defOf(node);
    const inner = (key: string) => walk(def[key] as z.ZodType, where);
    switch (def.type) {
      case "string":
        return bounded(def) ? [] : [`${where}: string`];
      case "array":
        return [
          ...(bounded(def) ? [] : [`${where}: array`]),
          ...walk(def.element as z.ZodType, `${where}[]`),
        ];
      case "record": {
        const limit = z.globalRegistry.get(node)?.maxProperties;
        return [
          ...(typeof limit === "number" ? [] : [`${where}: record`]),
          ...walk(def.keyType as z.ZodType, `${where}{key}`),
          ...walk(def.valueType as z.ZodType, `${where}{}`),
        ];
      }
      case "object":
        return [
          ...Object.entries(def.shape as Record<string, z.ZodType>).flatMap(
            ([key, value]) =>
              walk(value, where === at ? key : `${where}.${key}`),
          ),
          ...(def.catchall
            ? walk(def.catchall as z.ZodType, `${where}.*`)
            : []),
        ];
      case "optional":
      case "nullable":
      case "default":
      case "prefault":
      case "readonly":
      case "catch":
      case "nonoptional":
        return inner("innerType");
      case "pipe":
        return [...inner("in"), ...inner("out")];
      case "union":
        return (def.options as z.ZodType[]).flatMap((o) => walk(o, where));
      case "intersection":
        return [...inner("left"), ...inner("right")];
      case "tuple":
        return [
          ...(def.items as z.ZodType[]).flatMap((item, i) =>
            walk(item, `${where}[${i}]`),
          ),
          ...(def.rest ? inner("rest") : []),
        ];
      case "lazy":
        return walk((def.getter as () => z.ZodType)(), where);
      case "number":
      case "int":
      case "boolean":
      case "bigint":
      case "date":
      case "enum":
      case "literal":
      case "null":
      case "undefined":
      case "transform":
      case "success":
      case "never": // a strict object's catch-all: no key beyond the shape is accepted
        return [];
      default:
        // any, unknown, file, custom, …: nothing bounds what they accept.
        return [`${where}: ${def.type}`];
    }
  };
  return walk(schema, at);
}

type Inputs = {
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  otherBodies?: Record<string, z.ZodType>;
};

/** Every exported table of operations in src/api/operations/ (each resource's and the whole). */
const tables = (Object.values(api) as unknown[]).filter(
  (value): value is Record<string, Inputs> =>
    typeof value === "object" &&
    value !== null &&
    Object.values(value).every(
      (op) => typeof op === "object" && op !== null && "method" in op,
    ),
);

const inputsOf = () =>
  tables.flatMap((table) =>
    Object.entries(table).flatMap(([name, op]) => [
      ...(["params", "query", "body"] as const)
        .filter((part) => op[part])
        .map((part) => ({ where: `${name} ${part}`, schema: op[part]! })),
      ...Object.entries(op.otherBodies ?? {}).map(([type, schema]) => ({
        where: `${name} ${type}`,
        schema,
      })),
    ]),
  );

describe("bounds on every input the API parses", () => {
  it("finds what is unbounded (the walker itself)", () => {
    expect(
      unboundedInputs(
        z.object({
          name: z.string().trim().min(1),
          id: z.string().regex(/^\d+$/).transform(Number).pipe(z.number()),
          tags: z.array(z.string().max(5)).optional(),
          meta: z.record(z.string().max(5), z.number()),
          any: z.unknown(),
          ok: z.string().max(3).nullable().default(null),
          union: z.union([z.string(), z.number()]),
        }),
      ),
    ).toEqual([
      "name: string",
      "id: string",
      "tags: array",
      "meta: record",
      "any: unknown",
      "union: string",
    ]);
  });

  it("covers every operation, the sign-in body included", () => {
    const inputs = inputsOf();
    expect(inputs.map((i) => i.where)).toEqual(
      expect.arrayContaining([
        "createProject body",
        "editScript body",
        "addAsset application/json",
        "addAsset multipart/form-data",
        "accountCallback query",
        "costs query",
      ]),
    );
    const unbounded = [
      ...inputs.flatMap(({ where, schema }) =>
        unboundedInputs(schema).map((path) => `${where}: ${path}`),
      ),
      ...unboundedInputs(signInBody).map((path) => `signIn body: ${path}`),
    ];
    expect(unbounded).toEqual([]);
  });
});
