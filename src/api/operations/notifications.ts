import { z } from "zod";
import { id, ok, resource, timestamp } from "./shared";

export const notificationSchema = z.object({
  id: z.number(),
  created_at: timestamp,
  read_at: timestamp.nullable(),
  kind: z.string(),
  title: z.string(),
  body: z.string(),
  link: z.string().nullable(),
});

export const notificationListSchema = z.object({
  items: z.array(notificationSchema),
  unread: z.number(),
});

const N = "/api/v1/notifications";
export const notificationOperations = resource(
  {
    tag: "notifications",
    permission: "notifications.read",
    responses: { 200: ok(notificationListSchema) },
  },
  {
    listNotifications: {
      method: "GET",
      path: `${N}/`,
      summary:
        "What the site's admins are told (posts that keep failing, ...): the newest 100 and the unread count",
    },
    readNotifications: {
      method: "POST",
      path: `${N}/read/`,
      summary: "Mark notifications read: the given ids, or all of them",
      body: z.object({ ids: z.array(id).min(1).max(100).optional() }),
    },
  },
);
