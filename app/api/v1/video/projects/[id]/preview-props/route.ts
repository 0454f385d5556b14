import { operations } from "@/src/api/operations";
import { handle, snake } from "@/src/api/route";
import { previewProps } from "@/src/services/renders/preview";

/**
 * The origin the browser asked at (a proxy's forwarded host, else the Host header): Next's own
 * request URL names the host it listens as (`localhost`), which the page's CSP would treat as
 * another origin than 127.0.0.1. A caller who lies here only breaks its own preview.
 */
function browserOrigin(request: Request) {
  const url = new URL(request.url);
  const host =
    request.headers.get("x-forwarded-host") ?? request.headers.get("host");
  const proto =
    request.headers.get("x-forwarded-proto") ?? url.protocol.slice(0, -1);
  return host ? `${proto}://${host}` : url.origin;
}

export const GET = handle(
  operations.previewProps,
  async ({ request, site, params, query }) =>
    Response.json(
      snake(
        await previewProps(site.id, params.id, {
          preset: query.preset,
          origin: browserOrigin(request),
        }),
      ),
    ),
);
