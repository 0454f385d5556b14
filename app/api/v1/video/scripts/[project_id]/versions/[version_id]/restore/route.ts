import { operations } from "@/src/api/operations";
import { handle, snake } from "@/src/api/route";
import { restoreScriptVersion } from "@/src/services/scripts";

export const POST = handle(
  operations.restoreScriptVersion,
  async ({ site, params }) => {
    const row = await restoreScriptVersion(
      site.id,
      params.project_id,
      params.version_id,
    );
    return Response.json(snake(row), { status: 201 });
  },
);
