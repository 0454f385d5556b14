import { actorOf } from "@/src/api/auth";
import { operations } from "@/src/api/operations";
import { handle } from "@/src/api/route";
import { recordAudit } from "@/src/services/audit";
import { budgetView, setBudget } from "@/src/services/budgets";
import { services } from "@/src/services/context";

export const GET = handle(operations.getBudgets, async ({ site }) =>
  Response.json(await budgetView((await services()).database.db, site.id)),
);

export const PUT = handle(
  operations.putBudgets,
  async ({ site, caller, body }) => {
    const { db } = (await services()).database;
    await setBudget(db, site.id, {
      dailyUsd: body.daily_usd,
      monthlyUsd: body.monthly_usd,
      perVideoUsd: body.per_video_usd,
    });
    await recordAudit(site.id, actorOf(caller!), {
      action: "budget.update",
      targetType: "site",
      targetId: site.id,
      details: body,
    });
    return Response.json(await budgetView(db, site.id));
  },
);
