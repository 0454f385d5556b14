import { openApiDocument } from "@/src/api/openapi";
import { operations } from "@/src/api/operations";
import { handle } from "@/src/api/route";

/** The operations do not change while the process runs: the document is made once. */
let built: ReturnType<typeof openApiDocument> | undefined;

export const GET = handle(operations.openapi, async () =>
  Response.json((built ??= openApiDocument())),
);
