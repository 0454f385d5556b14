import { fileResponse } from "@/src/api/files";
import { operations } from "@/src/api/operations";
import { handle } from "@/src/api/route";
import { projectMediaFile } from "@/src/services/renders/preview";

export const GET = handle(
  operations.projectMedia,
  async ({ request, site, params }) =>
    fileResponse(
      request,
      await projectMediaFile(site.id, params.id, params.name),
      params.name,
    ),
);
