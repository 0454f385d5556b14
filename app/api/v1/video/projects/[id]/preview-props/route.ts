import { operations } from "@/src/api/operations";
import { handle, snake } from "@/src/api/route";
import { previewProps } from "@/src/services/renders/preview";

export const GET = handle(
  operations.previewProps,
  async ({ site, params, query }) =>
    Response.json(snake(await previewProps(site.id, params.id, query.preset))),
);
