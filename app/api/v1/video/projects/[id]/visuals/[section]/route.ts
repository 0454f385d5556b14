import { operations } from "@/src/api/operations";
import { handle } from "@/src/api/route";
import { chooseSectionVisual } from "@/src/services/visuals";

export const PUT = handle(
  operations.chooseVisual,
  async ({ site, params, body }) =>
    Response.json(
      await chooseSectionVisual(
        site.id,
        params.id,
        params.section,
        body.candidate,
      ),
    ),
);
