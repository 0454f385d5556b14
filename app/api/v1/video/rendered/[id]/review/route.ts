import { operations } from "@/src/api/operations";
import { handle } from "@/src/api/route";
import { renderView } from "@/src/api/views";
import { reviewRender } from "@/src/services/renders";

export const POST = handle(
  operations.reviewRendered,
  async ({ site, params, body }) =>
    Response.json(renderView(await reviewRender(site.id, params.id, body))),
);
