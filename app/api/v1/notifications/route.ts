import { operations } from "@/src/api/operations";
import { handle, snake } from "@/src/api/route";
import { services } from "@/src/services/context";
import { listNotifications } from "@/src/services/notifications";

export const GET = handle(operations.listNotifications, async ({ site }) => {
  const { db } = (await services()).database;
  const { items, unread } = await listNotifications(db, site.id);
  return Response.json({ items: items.map(snake), unread });
});
