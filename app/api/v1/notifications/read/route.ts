import { operations } from "@/src/api/operations";
import { handle, snake } from "@/src/api/route";
import { services } from "@/src/services/context";
import { markNotificationsRead } from "@/src/services/notifications";

export const POST = handle(
  operations.readNotifications,
  async ({ site, body }) => {
    const { db } = (await services()).database;
    const { items, unread } = await markNotificationsRead(
      db,
      site.id,
      body.ids,
    );
    return Response.json({ items: items.map(snake), unread });
  },
);
