import { and, eq, or, sql, type Column } from "drizzle-orm";

/**
 * The condition under which a leased row may be taken: no heartbeat, or one older than the stale
 * time (its worker died or stopped answering).
 */
export const leaseIsStale = (heartbeatAt: Column, staleAfterMs: number) =>
  sql`(${heartbeatAt} is null or ${heartbeatAt} < now() - ${staleAfterMs} * interval '1 millisecond')`;

/**
 * The condition under which a worker may take a leased row: it waits (`queued`), or it is being
 * worked on (`working`) by a worker gone quiet.
 */
export const isClaimable = (
  row: { status: Column; heartbeatAt: Column },
  working: string,
  staleAfterMs: number,
) =>
  or(
    eq(row.status, "queued"),
    and(eq(row.status, working), leaseIsStale(row.heartbeatAt, staleAfterMs)),
  );
