import { operations } from "@/src/api/operations";
import { handle } from "@/src/api/route";
import { accountView } from "@/src/api/views";
import { services } from "@/src/services/context";
import { notFound } from "@/src/services/errors";
import { disconnectAccount } from "@/src/services/social-accounts";

export const DELETE = handle(
  operations.disconnectAccount,
  async ({ site, params }) => {
    const { db } = (await services()).database;
    const account = await disconnectAccount(db, site.id, params.id);
    if (!account) throw notFound("social account", params.id);
    return Response.json(accountView(account));
  },
);
