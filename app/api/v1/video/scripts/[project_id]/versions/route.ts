import { operations } from "@/src/api/operations";
import { handle, snake } from "@/src/api/route";
import { listScriptVersions } from "@/src/services/scripts";

export const GET = handle(
  operations.listScriptVersions,
  async ({ site, params, query }) => {
    const rows = await listScriptVersions(
      site.id,
      params.project_id,
      query.video_type,
    );
    return Response.json({ versions: rows.map(snake) });
  },
);
