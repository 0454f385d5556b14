import { z } from "zod";
import { idText, items, ok, V, type Operation } from "./shared";

/** The cost ledger summed per project, operation, provider and unit. */
export const costRowSchema = z.object({
  project_id: z.number().nullable(),
  title: z.string().nullable(),
  operation: z.string(),
  provider: z.string(),
  units: z.number(),
  unit: z.string(),
  cost_usd: z.number(),
});

export const costOperations = {
  costs: {
    method: "GET",
    path: `${V}/costs/`,
    summary: "The cost ledger summed per project and operation",
    tag: "analytics",
    permission: "analytics.read",
    query: z.object({ project_id: idText.optional() }),
    responses: { 200: ok(items(costRowSchema)) },
  },
} satisfies Record<string, Operation>;
