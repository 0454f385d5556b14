import { z } from "zod";
import { SESSION_COOKIE } from "../auth/sessions";
import { errorBodySchema } from "./http";
import { COMMON_ERRORS, operations, type Operation } from "./operations";

/** The OpenAPI 3.1 document of the API, generated from the operations' zod schemas. */

/** A schema for the document: OpenAPI 3.1 declares the dialect once, not in every schema. */
function jsonSchema(schema: z.ZodType, io: "input" | "output") {
  const generated: Record<string, unknown> = z.toJSONSchema(schema, {
    io,
    target: "draft-2020-12",
    unrepresentable: "any",
  });
  delete generated.$schema;
  return generated;
}

function parameters(operation: Operation) {
  const list: object[] = [];
  for (const [where, schema] of [
    ["path", operation.params],
    ["query", operation.query],
  ] as const) {
    if (!schema) continue;
    const object = jsonSchema(schema, "input") as {
      properties?: Record<string, object>;
      required?: string[];
    };
    for (const [name, property] of Object.entries(object.properties ?? {}))
      list.push({
        name,
        in: where,
        required: where === "path" || (object.required ?? []).includes(name),
        schema: property,
      });
  }
  return list;
}

function requestBody(operation: Operation) {
  const bodies: Record<string, z.ZodType> = {
    ...(operation.body ? { "application/json": operation.body } : {}),
    ...operation.otherBodies,
  };
  if (!Object.keys(bodies).length) return undefined;
  return {
    required: true,
    content: Object.fromEntries(
      Object.entries(bodies).map(([type, schema]) => [
        type,
        { schema: jsonSchema(schema, "input") },
      ]),
    ),
  };
}

function responses(operation: Operation) {
  const answers: Record<string, object> = {};
  for (const [status, answer] of Object.entries(operation.responses))
    answers[status] = {
      description: answer.description,
      ...(answer.schema
        ? {
            content: {
              "application/json": {
                schema: jsonSchema(answer.schema, "output"),
              },
            },
          }
        : answer.content
          ? { content: { [answer.content]: {} } }
          : {}),
    };
  const error = {
    "application/json": { schema: jsonSchema(errorBodySchema, "output") },
  };
  const possible = [
    400,
    ...(operation.auth === false ? [] : [401, 403]),
    ...(operation.params ? [404] : []),
    ...(operation.body || operation.otherBodies ? [413, 415] : []),
    ...(["POST", "PUT", "PATCH"].includes(operation.method) ? [409, 422] : []),
  ];
  for (const status of possible)
    if (!answers[status])
      answers[status] = { description: COMMON_ERRORS[status], content: error };
  return answers;
}

export function openApiDocument() {
  const paths: Record<string, Record<string, object>> = {};
  for (const [name, operation] of Object.entries(operations) as [
    string,
    Operation,
  ][]) {
    const body = requestBody(operation);
    (paths[operation.path] ??= {})[operation.method.toLowerCase()] = {
      operationId: name,
      summary: operation.summary,
      tags: [operation.tag],
      ...(operation.permission ? { "x-permission": operation.permission } : {}),
      ...(operation.auth === false
        ? { security: [] }
        : operation.apiKeys === false
          ? { security: [{ session: [] }] }
          : {}),
      parameters: parameters(operation),
      ...(body ? { requestBody: body } : {}),
      responses: responses(operation),
    };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Reelwright API",
      version: "1.0.0",
      description:
        "Turns articles into narrated, captioned videos. Every call but health, this document, the sign-in calls and the platforms' callback needs a site's API key or a signed-in user; `x-permission` names what the user's role must allow (a key may do everything but manage keys).",
    },
    jsonSchemaDialect: "https://json-schema.org/draft/2020-12/schema",
    components: {
      securitySchemes: {
        apiKey: { type: "http", scheme: "bearer" },
        session: { type: "apiKey", in: "cookie", name: SESSION_COOKIE },
      },
    },
    security: [{ apiKey: [] }],
    paths,
  };
}
