import { z } from "zod";
import { ok, V, resource } from "./shared";

const limit = z
  .number()
  .min(0)
  .max(1_000_000)
  .nullable()
  .meta({ description: "Dollars of provider cost; null for no limit" });

export const budgetLimitsSchema = z.object({
  daily_usd: limit,
  monthly_usd: limit,
  per_video_usd: limit,
});

export const budgetSchema = budgetLimitsSchema.extend({
  spent_today_usd: z.number(),
  spent_this_month_usd: z.number(),
  alert_thresholds: z.array(z.number()),
});

export const budgetOperations = resource(
  { tag: "analytics", path: `${V}/budgets/` },
  {
    getBudgets: {
      method: "GET",
      summary:
        "The site's daily, monthly and per-video limits, with this day's and month's spend",
      permission: "analytics.read",
      responses: { 200: ok(budgetSchema) },
    },
    putBudgets: {
      method: "PUT",
      summary:
        "Set the site's limits; over a limit, paid providers are skipped for the offline ones",
      permission: "budgets.manage",
      body: budgetLimitsSchema,
      bodyLimit: 1024,
      responses: { 200: ok(budgetSchema) },
    },
  },
);
