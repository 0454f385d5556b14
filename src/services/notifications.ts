import { and, count, desc, eq, inArray, isNull } from "drizzle-orm";
import type PgBoss from "pg-boss";
import { z } from "zod";
import { schema, type Db } from "../db";
import { sendJob } from "../jobs/queues";
import { log } from "../log";

const { notifications } = schema;

/** Newest first, at most this many in a list. */
const LIST_LIMIT = 100;

export const notificationSchema = z.object({
  kind: z
    .string()
    .regex(/^[a-z][a-z0-9_.]{0,63}$/, "must be a lowercase dotted name"),
  title: z.string().min(1).max(200),
  body: z.string().max(2000),
  /** An app path, never a full URL: a notification cannot send anyone elsewhere. */
  link: z
    .string()
    .max(500)
    .regex(/^\/(?!\/)[^\s\\]*$/, "must be a path inside the app")
    .nullish(),
});

export type NotificationInput = z.input<typeof notificationSchema>;

/**
 * Tells the site's admins: an in-app notification (the bell in the app shell,
 * `GET /api/v1/notifications/`) and the `notification` event on the site's webhook. The webhook
 * goes through the `webhook` queue (retried there); `options.boss` is the caller's queue client,
 * this process's own by default.
 */
export async function notifyAdmins(
  db: Db,
  siteId: number,
  input: NotificationInput,
  options: { boss?: PgBoss } = {},
) {
  const notice = notificationSchema.parse(input);
  const [row] = await db
    .insert(notifications)
    .values({ siteId, ...notice, link: notice.link ?? null })
    .returning();
  await sendJob(
    "webhook",
    {
      siteId,
      event: "notification",
      data: {
        id: row.id,
        kind: row.kind,
        title: row.title,
        body: row.body,
        link: row.link,
      },
    },
    { boss: options.boss },
  );
  log.info({ siteId, kind: row.kind, id: row.id }, "admins notified");
  return row;
}

/** The site's newest notifications and how many are unread. */
export async function listNotifications(db: Db, siteId: number) {
  const items = await db
    .select()
    .from(notifications)
    .where(eq(notifications.siteId, siteId))
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(LIST_LIMIT);
  const [{ unread }] = await db
    .select({ unread: count() })
    .from(notifications)
    .where(and(eq(notifications.siteId, siteId), isNull(notifications.readAt)));
  return { items, unread };
}

/** Marks the given notifications of the site read (all of them when `ids` is absent). */
export async function markNotificationsRead(
  db: Db,
  siteId: number,
  ids?: number[],
) {
  await db
    .update(notifications)
    .set({ readAt: new Date() })
    .where(
      and(
        eq(notifications.siteId, siteId),
        isNull(notifications.readAt),
        ids ? inArray(notifications.id, ids) : undefined,
      ),
    );
  return listNotifications(db, siteId);
}
