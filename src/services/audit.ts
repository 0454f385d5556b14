import { and, eq, gte, lt, type SQL } from "drizzle-orm";
import type { AuditAction } from "../core/audit";
import { schema, type Db } from "../db";
import { newestPage } from "../db/page";
import { services } from "./context";

/** Who acted: a signed-in user (by email) or an API key (by name). */
export type Actor = { userId: number | null; name: string };

/** Writes one audit entry; every publishing, approval, override and settings change calls it. */
export async function recordAudit(
  siteId: number,
  actor: Actor,
  entry: {
    action: AuditAction;
    targetType: string;
    targetId?: number | string | null;
    details?: Record<string, unknown>;
  },
) {
  const { db } = (await services()).database;
  await db.insert(schema.auditLog).values({
    siteId,
    userId: actor.userId,
    actor: actor.name,
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId == null ? null : String(entry.targetId),
    details: entry.details ?? {},
  });
}

export type AuditFilter = {
  action?: AuditAction;
  actor?: string;
  targetType?: string;
  since?: Date;
  until?: Date;
  page: number;
  perPage: number;
};

/** The site's audit entries, newest first, one page of them and how many match. */
export async function auditEntries(
  db: Db,
  siteId: number,
  filter: AuditFilter,
) {
  const a = schema.auditLog;
  const where: SQL | undefined = and(
    eq(a.siteId, siteId),
    filter.action ? eq(a.action, filter.action) : undefined,
    filter.actor ? eq(a.actor, filter.actor) : undefined,
    filter.targetType ? eq(a.targetType, filter.targetType) : undefined,
    filter.since ? gte(a.createdAt, filter.since) : undefined,
    filter.until ? lt(a.createdAt, filter.until) : undefined,
  );
  return newestPage(db, a, where, filter);
}
