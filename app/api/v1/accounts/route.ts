import { operations } from "@/src/api/operations";
import { handle } from "@/src/api/route";
import { accountView } from "@/src/api/views";
import { services } from "@/src/services/context";
import { listAccounts } from "@/src/services/social-accounts";

export const GET = handle(operations.listAccounts, async ({ site }) => {
  const { db } = (await services()).database;
  const accounts = await listAccounts(db, site.id);
  return Response.json({ items: accounts.map(accountView) });
});
