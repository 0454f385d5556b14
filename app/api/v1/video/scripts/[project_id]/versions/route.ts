import { operations } from "@/src/api/operations";
import { handle, snake } from "@/src/api/route";
import { listScriptVersions } from "@/src/services/scripts";

export const GET = handle(operations.listScriptVersions, async (input) => {
  const { project_id: projectId } = input.params;
  const rows = await listScriptVersions(
    input.site.id,
    projectId,
    input.query.video_type,
  );
  return Response.json({ versions: rows.map(snake) });
});
