import { timingSafeEqual } from "node:crypto";
import { errorResponse } from "@/src/api/http";
import { loadConfig } from "@/src/config";
import { operations } from "@/src/api/operations";
import { handle } from "@/src/api/route";
import { services } from "@/src/services/context";
import { scrapeMetrics } from "@/src/services/metrics";

export const dynamic = "force-dynamic";

const sameToken = (given: string, token: string) =>
  given.length === token.length &&
  timingSafeEqual(Buffer.from(given), Buffer.from(token));

/** Scraped with its own bearer token, METRICS_TOKEN; with none set the endpoint does not exist. */
export const GET = handle(operations.metrics, async ({ request }) => {
  const token = loadConfig().METRICS_TOKEN;
  if (!token) return errorResponse(404, "not_found", "Not found");
  const given = /^Bearer (.+)$/.exec(
    request.headers.get("authorization") ?? "",
  )?.[1];
  if (!given || !sameToken(given, token))
    return errorResponse(
      401,
      "unauthorized",
      "A valid METRICS_TOKEN bearer token is needed",
    );
  const { body, contentType } = await scrapeMetrics(
    (await services()).database.db,
  );
  return new Response(body, {
    headers: { "content-type": contentType, "cache-control": "no-store" },
  });
});
