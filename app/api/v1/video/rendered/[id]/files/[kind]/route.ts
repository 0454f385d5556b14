import path from "node:path";
import { storedFileResponse } from "@/src/api/files";
import { ApiError } from "@/src/api/http";
import { operations } from "@/src/api/operations";
import { handle } from "@/src/api/route";
import { renderFileKey } from "@/src/api/views";
import { services } from "@/src/services/context";
import { findRender } from "@/src/services/renders";

export const GET = handle(
  operations.downloadFile,
  async ({ request, site, params }) => {
    const render = await findRender(site.id, params.id);
    const key = renderFileKey(render, params.kind);
    if (!key)
      throw new ApiError(
        404,
        "not_found",
        `Render ${render.id} has no ${params.kind} file (yet)`,
      );
    const { storage } = await services();
    return storedFileResponse(
      request,
      storage,
      key,
      `${render.preset}-${render.id}${path.extname(key)}`,
    );
  },
);
