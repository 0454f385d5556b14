import { openApiDocument } from "@/src/api/openapi";
import { operations } from "@/src/api/operations";
import { handle } from "@/src/api/route";

export const GET = handle(operations.openapi, async () =>
  Response.json(openApiDocument()),
);
