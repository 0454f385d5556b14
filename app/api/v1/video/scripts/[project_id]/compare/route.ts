import { operations } from "@/src/api/operations";
import { handle, snake } from "@/src/api/route";
import { compareScriptVersions } from "@/src/services/scripts";

export const GET = handle(
  operations.compareScriptVersions,
  async ({ site, params, query }) => {
    const { from, to, titleChanged, sections } = await compareScriptVersions(
      site.id,
      params.project_id,
      query.from,
      query.to,
    );
    return Response.json({
      from: snake(from),
      to: snake(to),
      title_changed: titleChanged,
      sections,
    });
  },
);
