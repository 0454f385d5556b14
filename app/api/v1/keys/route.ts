import { operations } from "@/src/api/operations";
import { handle, snake } from "@/src/api/route";
import { services } from "@/src/services/context";
import { issueApiKey, listApiKeys } from "@/src/services/sites";

export const GET = handle(operations.listKeys, async ({ site }) => {
  const { db } = (await services()).database;
  const keys = await listApiKeys(db, site.id);
  return Response.json({ items: keys.map(snake) });
});

export const POST = handle(operations.createKey, async ({ site, body }) => {
  const { db } = (await services()).database;
  const { key, secret } = await issueApiKey(db, site.id, body.name);
  return Response.json(
    { key: snake(key), secret },
    { status: 201, headers: { "cache-control": "no-store" } },
  );
});
