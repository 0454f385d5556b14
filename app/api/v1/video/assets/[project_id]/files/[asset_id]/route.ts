import path from "node:path";
import { fileResponse } from "@/src/api/files";
import { reviewOperations } from "@/src/api/review-operations";
import { handle } from "@/src/api/route";
import { services } from "@/src/services/context";
import { assetFile } from "@/src/services/assets";

export const GET = handle(
  reviewOperations.assetFile,
  async ({ request, site, params }) => {
    const asset = await assetFile(site.id, params.project_id, params.asset_id);
    const { storage } = await services();
    return fileResponse(
      request,
      storage.resolve(asset.filePath),
      `asset-${asset.id}${path.extname(asset.filePath)}`,
    );
  },
);
