import { z } from "zod";
import { ok, resource } from "./shared";

const healthSchema = z.object({
  ok: z.boolean(),
  checks: z
    .record(
      z.string(),
      z.object({ ok: z.boolean(), detail: z.string().optional() }),
    )
    .optional(),
});

export const healthOperations = resource(
  { tag: "service", auth: false },
  {
    health: {
      method: "GET",
      path: "/api/v1/health",
      summary:
        "Whether the service can work: database, job queue, storage, render backend, browser, clips (a speech recogniser). Each check is shown only to an API key or a signed-in admin; anyone else gets {ok}",
      permission: "service.health",
      responses: {
        200: ok(healthSchema),
        503: {
          description:
            "A check failed; the body names it (to a key or an admin)",
          schema: healthSchema,
        },
      },
    },
    openapi: {
      method: "GET",
      path: "/api/v1/openapi.json",
      summary: "This document",
      responses: {
        200: { description: "OpenAPI 3.1", content: "application/json" },
      },
    },
  },
);
