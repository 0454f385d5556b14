import {
  ApiError,
  mediaType,
  parseJsonBytes,
  parseWith,
  readBody,
  unsupportedMediaType,
} from "@/src/api/http";
import {
  ASSET_UPLOAD_LIMIT,
  assetJsonBody,
  assetMultipartBody,
  JSON_ASSET_LIMIT,
  operations,
} from "@/src/api/operations";
import { handle, snake } from "@/src/api/route";
import { fetchImage, listAssets, setSectionImage } from "@/src/services/assets";

export const GET = handle(operations.listAssets, async ({ site, params }) => {
  const assets = await listAssets(site.id, params.project_id);
  return Response.json({ items: assets.map(snake) });
});

/** JSON naming an image URL, or a multipart upload of `file`; both end in the same checks. */
async function readImage(request: Request) {
  const type = mediaType(request);
  if (type === "application/json") {
    const body = parseJsonBytes(
      await readBody(request, JSON_ASSET_LIMIT),
      assetJsonBody,
    );
    return {
      bytes: await fetchImage(body.image_url),
      sectionIndex: body.section_index,
      alt: body.alt,
      focus: body.focus,
      sourceUrl: body.image_url,
      field: "image_url",
    };
  }
  if (type === "multipart/form-data") {
    const bytes = await readBody(request, ASSET_UPLOAD_LIMIT);
    const form = await new Response(new Uint8Array(bytes), {
      headers: { "content-type": request.headers.get("content-type")! },
    })
      .formData()
      .catch(() => {
        throw new ApiError(
          400,
          "malformed_body",
          "The multipart body cannot be read",
        );
      });
    const fields = parseWith(
      assetMultipartBody,
      Object.fromEntries(
        [...form.entries()].filter(([, value]) => typeof value === "string"),
      ),
      "body",
    );
    const file = form.get("file");
    if (!(file instanceof Blob))
      throw new ApiError(
        400,
        "validation_failed",
        "file: attach the image",
        "file",
      );
    const hasFocus =
      fields.focus_x !== undefined || fields.focus_y !== undefined;
    return {
      bytes: Buffer.from(await file.arrayBuffer()),
      sectionIndex: fields.section_index,
      alt: fields.alt,
      focus: hasFocus
        ? { x: fields.focus_x ?? 0.5, y: fields.focus_y ?? 0.5 }
        : undefined,
      field: "file",
    };
  }
  throw unsupportedMediaType(["application/json", "multipart/form-data"]);
}

export const POST = handle(
  operations.addAsset,
  async ({ request, site, params }) => {
    const image = await readImage(request);
    const asset = await setSectionImage(site.id, params.project_id, image);
    return Response.json(snake(asset), { status: 201 });
  },
);
