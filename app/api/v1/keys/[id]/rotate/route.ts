import { operations } from "@/src/api/operations";
import { handle, snake } from "@/src/api/route";
import { services } from "@/src/services/context";
import { notFound } from "@/src/services/errors";
import { rotateApiKey } from "@/src/services/sites";

export const POST = handle(operations.rotateKey, async ({ site, params }) => {
  const { db } = (await services()).database;
  const rotated = await rotateApiKey(db, site.id, params.id);
  if (!rotated) throw notFound("live API key", params.id);
  return Response.json(
    {
      key: snake(rotated.key),
      secret: rotated.secret,
      replaced: rotated.replaced,
    },
    { status: 201, headers: { "cache-control": "no-store" } },
  );
});
