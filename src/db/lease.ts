import { and, eq, or, sql, type Column } from "drizzle-orm";

/**
 * The condition under which a leased row may be taken: no heartbeat, or one older than the stale
 * time (its worker died or stopped answering).
 */
export const leaseIsStale = (heartbeatAt: Column, staleAfterMs: number) =>
  sql`(${heartbeatAt} is null or ${heartbeatAt} < now() - ${staleAfterMs} * interval '1 millisecond')`;

/**
 * The condition under which a worker may lease row `id`: it waits (`status` is `waiting`), or it
 * is `held` under a stale lease.
 */
export const leaseIsFree = (
  table: { id: Column; status: Column; heartbeatAt: Column },
  id: number,
  states: { waiting: string; held: string },
  staleAfterMs: number,
) =>
  and(
    eq(table.id, id),
    or(
      eq(table.status, states.waiting),
      and(
        eq(table.status, states.held),
        leaseIsStale(table.heartbeatAt, staleAfterMs),
      ),
    ),
  );
