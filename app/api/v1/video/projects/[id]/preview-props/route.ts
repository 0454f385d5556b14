import { operations } from "@/src/api/operations";
import { handle, snake } from "@/src/api/route";
import { previewProps } from "@/src/services/renders/preview";

export const GET = handle(
  operations.previewProps,
  async ({ request, site, params, query }) =>
    Response.json(
      snake(
        await previewProps(site.id, params.id, {
          preset: query.preset,
          origin: new URL(request.url).origin,
        }),
      ),
    ),
);
