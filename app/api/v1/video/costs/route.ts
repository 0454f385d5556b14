import { operations } from "@/src/api/operations";
import { handle, snake } from "@/src/api/route";
import { costs } from "@/src/services/cost-ledger";

export const GET = handle(operations.costs, async ({ site, query }) =>
  Response.json({ items: (await costs(site.id, query.project_id)).map(snake) }),
);
