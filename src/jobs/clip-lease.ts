import { and, eq, isNull, or, sql } from "drizzle-orm";
import { clips, clipSources } from "../db/schema";
import { leaseIsStale } from "../db/lease";
import type { ClipWork } from "../services/clips/work";
import type { JobContext } from "./context";
import { Lease } from "./lease";

/** The two tables whose rows the clip jobs lease; they share the lease columns. */
type LeasedTable = typeof clipSources | typeof clips;
type Values = Record<string, unknown>;

/**
 * A worker's hold on a clip source (while it is transcribed or its moments selected) or on one
 * clip (while it is reframed and rendered): claimed from its waiting status, or from its working
 * status once the worker holding it goes quiet; the progress goes out with the heartbeat. A write
 * that finds the row no longer this worker's (deleted, taken over) aborts `lost`. The claiming job
 * is noted on the row (`job_id`): the recovery sweep fails it when the heartbeat stops.
 */
export class ClipLease extends Lease implements ClipWork {
  private latest: Values = {};

  private constructor(
    context: JobContext,
    private readonly table: LeasedTable,
    readonly id: number,
    private readonly working: string,
  ) {
    super(context, { [table === clips ? "clipId" : "clipSourceId"]: id });
  }

  static async claim(
    context: JobContext,
    table: LeasedTable,
    id: number,
    statuses: { waiting: string; working: string; jobId: string },
  ): Promise<ClipLease | null> {
    // One table at a time: both have these columns, Drizzle cannot type the union.
    const t = table as typeof clips;
    const [row] = await context.database.db
      .update(t)
      .set({
        status: statuses.working as never,
        error: null,
        workerId: context.workerId,
        heartbeatAt: sql`now()`,
        attempts: sql`${t.attempts} + 1`,
        jobId: statuses.jobId,
      })
      .where(
        and(
          eq(t.id, id),
          or(
            and(eq(t.status, statuses.waiting as never), isNull(t.workerId)),
            and(
              eq(t.status, statuses.working as never),
              leaseIsStale(t.heartbeatAt, context.timing.staleAfterMs),
            ),
          ),
        ),
      )
      .returning({ id: t.id });
    return row
      ? new ClipLease(context, table, id, statuses.working).start()
      : null;
  }

  report(values: Values) {
    this.latest = { ...this.latest, ...values };
    if (Date.now() - this.lastWrite >= this.context.timing.progressIntervalMs)
      void this.heartbeat();
  }

  protected heartbeat() {
    const values = { ...this.latest };
    return this.write(async () => {
      const t = this.table as typeof clips;
      const held = await this.context.database.db
        .update(t)
        .set({ ...values, heartbeatAt: sql`now()` })
        .where(this.ours())
        .returning({ id: t.id });
      return held.length > 0;
    });
  }

  ours() {
    const t = this.table as typeof clips;
    return and(
      eq(t.id, this.id),
      eq(t.workerId, this.context.workerId),
      eq(t.status, this.working as never),
    )!;
  }
}
