import path from "node:path";
import { storedFileResponse } from "@/src/api/files";
import { operations } from "@/src/api/operations";
import { handle } from "@/src/api/route";
import { services } from "@/src/services/context";
import { assetFile } from "@/src/services/assets";

export const GET = handle(
  operations.assetFile,
  async ({ request, site, params }) => {
    const asset = await assetFile(site.id, params.project_id, params.asset_id);
    const { storage } = await services();
    return storedFileResponse(
      request,
      storage,
      asset.filePath,
      `asset-${asset.id}${path.extname(asset.filePath)}`,
    );
  },
);
