import { z } from "zod";
import { idParams, items, ok, resource, timestamp } from "./shared";

/** An API key as the API shows it: never the key or its hash. */
export const apiKeySchema = z.object({
  id: z.number(),
  name: z.string(),
  prefix: z.string().meta({ description: "The key's first characters" }),
  created_at: timestamp,
  last_used_at: timestamp.nullable(),
  revoked_at: timestamp.nullable(),
});

export const newKeySchema = z.object({
  key: apiKeySchema,
  secret: z
    .string()
    .meta({ description: "The key itself: shown this once, stored hashed" }),
});

const K = "/api/v1/keys";

export const keyOperations = resource(
  { tag: "keys", apiKeys: false, permission: "keys.manage" },
  {
    listKeys: {
      method: "GET",
      path: `${K}/`,
      summary:
        "The site's API keys, live ones first (name, first characters, last use; never the key)",
      responses: { 200: ok(items(apiKeySchema)) },
    },
    createKey: {
      method: "POST",
      path: `${K}/`,
      summary: "A new API key for the site; the key is in this answer only",
      body: z.object({ name: z.string().trim().min(1, "is empty").max(100) }),
      responses: { 201: ok(newKeySchema, "Created") },
    },
    revokeKey: {
      method: "DELETE",
      path: `${K}/{id}/`,
      summary: "Revoke a key: every process refuses it from now on",
      params: idParams,
      responses: { 200: ok(apiKeySchema) },
    },
    rotateKey: {
      method: "POST",
      path: `${K}/{id}/rotate/`,
      summary:
        "Replace a live key with a new one of the same name; the old key stops working at once",
      params: idParams,
      responses: {
        201: ok(newKeySchema.extend({ replaced: z.number() }), "Created"),
      },
    },
  },
);
