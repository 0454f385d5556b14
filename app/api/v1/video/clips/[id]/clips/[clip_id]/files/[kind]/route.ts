import path from "node:path";
import { storedFileResponse } from "@/src/api/files";
import { ApiError } from "@/src/api/http";
import { operations } from "@/src/api/operations";
import { handle } from "@/src/api/route";
import { services } from "@/src/services/context";
import { findClip } from "@/src/services/clips";
import { clipKeys } from "@/src/services/clips/files";

export const GET = handle(
  operations.clipFile,
  async ({ request, site, params }) => {
    const { clip } = await findClip(site.id, params.id, params.clip_id);
    if (!clip.folder)
      throw new ApiError(
        404,
        "not_found",
        `Clip ${clip.id} is not rendered (yet)`,
      );
    const key = clipKeys(clip).file(params.kind);
    const { storage } = await services();
    return storedFileResponse(
      request,
      storage,
      key,
      `clip-${clip.sourceId}-${clip.number}${path.basename(key).slice(`clip-${clip.number}`.length)}`,
    );
  },
);
