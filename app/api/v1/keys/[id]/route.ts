import { operations } from "@/src/api/operations";
import { handle, snake } from "@/src/api/route";
import { services } from "@/src/services/context";
import { notFound } from "@/src/services/errors";
import { revokeApiKey } from "@/src/services/sites";

export const DELETE = handle(operations.revokeKey, async ({ site, params }) => {
  const { db } = (await services()).database;
  const key = await revokeApiKey(db, site.id, params.id);
  if (!key) throw notFound("API key", params.id);
  return Response.json(snake(key));
});
