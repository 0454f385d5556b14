import { and, eq } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import type { Db } from "../db";
import { notFound } from "./errors";

/**
 * The row of `table` with this id whose `owner` column holds `ownerId` (its site or its project):
 * another owner's row is "not found" too, as `what`.
 */
export async function findOwned<T extends PgTable & { id: PgColumn }>(
  db: Db,
  table: T,
  id: number,
  [owner, ownerId]: [PgColumn, number],
  what: string,
): Promise<T["$inferSelect"]> {
  const [row] = await db
    .select()
    .from(table as PgTable)
    .where(and(eq(table.id, id), eq(owner, ownerId)));
  if (!row) throw notFound(what, id);
  return row as T["$inferSelect"];
}
