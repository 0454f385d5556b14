import { operations } from "@/src/api/operations";
import { handle, snake } from "@/src/api/route";
import { saveEditedScript } from "@/src/services/scripts";

export const PUT = handle(
  operations.editScript,
  async ({ site, params, body }) => {
    const row = await saveEditedScript(site.id, params.project_id, body.script);
    return Response.json(snake(row), { status: 201 });
  },
);
