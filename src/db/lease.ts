import { sql, type Column } from "drizzle-orm";

/**
 * The condition under which a leased row may be taken: no heartbeat, or one older than the stale
 * time (its worker died or stopped answering).
 */
export const leaseIsStale = (heartbeatAt: Column, staleAfterMs: number) =>
  sql`(${heartbeatAt} is null or ${heartbeatAt} < now() - ${staleAfterMs} * interval '1 millisecond')`;
