import { operations } from "@/src/api/operations";
import { handle, snake } from "@/src/api/route";
import { auditEntries } from "@/src/services/audit";
import { services } from "@/src/services/context";

export const GET = handle(operations.listAudit, async ({ site, query }) => {
  const { items, total } = await auditEntries(
    (await services()).database.db,
    site.id,
    {
      action: query.action,
      actor: query.actor,
      targetType: query.target_type,
      since: query.since ? new Date(query.since) : undefined,
      until: query.until ? new Date(query.until) : undefined,
      page: query.page,
      perPage: query.per_page,
    },
  );
  return Response.json({
    items: items.map(snake),
    page: query.page,
    per_page: query.per_page,
    total,
  });
});
