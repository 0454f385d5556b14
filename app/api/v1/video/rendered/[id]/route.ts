import { operations } from "@/src/api/operations";
import { handle } from "@/src/api/route";
import { renderView } from "@/src/api/views";
import { listRenders } from "@/src/services/renders";

/** The folder is `[id]` (Next.js allows one name per level); the id is the project's. */
export const GET = handle(operations.listRendered, async ({ site, params }) => {
  const renders = await listRenders(site.id, params.project_id);
  return Response.json({ items: renders.map(renderView) });
});
