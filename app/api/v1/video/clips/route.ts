import {
  ApiError,
  mediaType,
  parseJsonBytes,
  parseWith,
  queryObject,
  readBody,
  unsupportedMediaType,
  writeBodyTo,
} from "@/src/api/http";
import {
  CLIP_UPLOAD_TYPES,
  clipUploadQuery,
  clipUrlBody,
  MAX_CLIP_SOURCE_BYTES,
  operations,
} from "@/src/api/operations";
import { handle } from "@/src/api/route";
import { clipSourceView } from "@/src/api/views";
import { createClipSource, listClipSources } from "@/src/services/clips";

export const GET = handle(
  operations.listClipSources,
  async ({ site, query }) => {
    const sources = await listClipSources(site.id, query.limit);
    return Response.json({
      items: sources.map(({ source, clips }) => clipSourceView(source, clips)),
    });
  },
);

/** JSON naming a URL the job fetches, or the video itself as the body, streamed to storage. */
export const POST = handle(
  operations.createClips,
  async ({ request, site }) => {
    const type = mediaType(request);
    let request_;
    if (type === "application/json") {
      const body = parseJsonBytes(
        await readBody(request, 64 * 1024),
        clipUrlBody,
      );
      request_ = { ...body, origin: { url: body.source_url } };
    } else if (CLIP_UPLOAD_TYPES.includes(type)) {
      const query = parseWith(clipUploadQuery, queryObject(request), "query");
      if (!request.body)
        throw new ApiError(
          400,
          "validation_failed",
          "body: attach the video",
          "body",
        );
      request_ = {
        ...query,
        origin: {
          fileName: query.file_name,
          write: (file: string) =>
            writeBodyTo(request, MAX_CLIP_SOURCE_BYTES, file),
        },
      };
    } else
      throw unsupportedMediaType(["application/json", ...CLIP_UPLOAD_TYPES]);
    const { source, jobId } = await createClipSource(site.id, {
      origin: request_.origin,
      preset: request_.preset,
      count: request_.count,
      minMs: request_.min * 1000,
      maxMs: request_.max * 1000,
      scale: request_.scale,
    });
    return Response.json(
      { source: clipSourceView(source, []), job_id: jobId },
      { status: 202 },
    );
  },
);
