import { count, desc, type SQL } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import type { Db } from ".";

type Dated = PgTable & { createdAt: PgColumn; id: PgColumn };

/** One page of a table's rows that match, newest first, and how many match in all. */
export async function newestPage<T extends Dated>(
  db: Db,
  table: T,
  where: SQL | undefined,
  { page, perPage }: { page: number; perPage: number },
): Promise<{ items: T["$inferSelect"][]; total: number }> {
  const [items, [{ total }]] = await Promise.all([
    db
      .select()
      .from(table as PgTable)
      .where(where)
      .orderBy(desc(table.createdAt), desc(table.id))
      .limit(perPage)
      .offset((page - 1) * perPage),
    db
      .select({ total: count() })
      .from(table as PgTable)
      .where(where),
  ]);
  return { items: items as T["$inferSelect"][], total };
}
