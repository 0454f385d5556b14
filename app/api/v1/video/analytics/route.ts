import { operations } from "@/src/api/operations";
import { handle } from "@/src/api/route";
import { siteAnalytics } from "@/src/services/analytics";

export const GET = handle(operations.analytics, async ({ site }) =>
  Response.json(await siteAnalytics(site.id)),
);
