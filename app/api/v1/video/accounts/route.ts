import { reviewOperations } from "@/src/api/review-operations";
import { handle, snake } from "@/src/api/route";
import { listAccounts } from "@/src/services/review-app";

export const GET = handle(reviewOperations.listAccounts, async ({ site }) =>
  Response.json({ items: (await listAccounts(site.id)).map(snake) }),
);
