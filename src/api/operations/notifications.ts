import { z } from "zod";
import { id, timestamp, type Operation } from "./shared";

export const notificationSchema = z.object({
  id: z.number(),
  kind: z.string(),
  title: z.string(),
  body: z.string(),
  link: z.string().nullable(),
  read_at: timestamp.nullable(),
  created_at: timestamp,
});

export const notificationListSchema = z.object({
  items: z.array(notificationSchema),
  unread: z.number(),
});

const N = "/api/v1/notifications";

export const notificationOperations = {
  listNotifications: {
    method: "GET",
    path: `${N}/`,
    summary:
      "What the site's admins are told (posts that keep failing, ...): the newest 100 and the unread count",
    tag: "notifications",
    permission: "notifications.read",
    responses: { 200: { description: "OK", schema: notificationListSchema } },
  },
  readNotifications: {
    method: "POST",
    path: `${N}/read/`,
    summary: "Mark notifications read: the given ids, or all of them",
    tag: "notifications",
    permission: "notifications.read",
    body: z.object({ ids: z.array(id).min(1).max(100).optional() }),
    responses: { 200: { description: "OK", schema: notificationListSchema } },
  },
} satisfies Record<string, Operation>;
