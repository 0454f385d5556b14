import { operations } from "@/src/api/operations";
import { handle } from "@/src/api/route";
import { listSectionVisuals } from "@/src/services/visuals";

export const GET = handle(
  operations.listVisuals,
  async ({ site, params, query }) =>
    Response.json({
      sections: await listSectionVisuals(
        site.id,
        params.id,
        query.refresh === "true",
      ),
    }),
);
