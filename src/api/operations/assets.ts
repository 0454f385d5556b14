import { z } from "zod";
import { ASSET_SOURCES, ASSET_TYPES } from "../../core/statuses";
import { MAX_IMAGE_BYTES } from "../../core/uploads";
import {
  idText,
  items,
  ok,
  projectParams,
  timestamp,
  V,
  storedFileAnswers,
  resource,
} from "./shared";

const focusSchema = z.object({
  x: z.number().min(0).max(1),
  y: z.number().min(0).max(1),
});

export const assetSchema = z.object({
  id: z.number(),
  project_id: z.number(),
  asset_type: z.enum(ASSET_TYPES),
  source: z.enum(ASSET_SOURCES),
  file_path: z.string(),
  file_url: z.string(),
  alt: z.string(),
  width: z.number().nullable(),
  height: z.number().nullable(),
  section_index: z.number().nullable(),
  focus: focusSchema.nullable(),
  order: z.number(),
  created_at: timestamp,
});

export const ASSET_UPLOAD_LIMIT = MAX_IMAGE_BYTES + 64 * 1024;
export const JSON_ASSET_LIMIT = 64 * 1024;

export const assetJsonBody = z.object({
  section_index: z.number().int().min(0).max(1000),
  image_url: z.url({ protocol: /^https?$/ }).max(2048),
  alt: z.string().max(500).optional(),
  focus: focusSchema.optional(),
});

/** The multipart form of an asset upload: `file` plus the same fields as text. */
export const assetMultipartBody = z.object({
  section_index: z.coerce.number().int().min(0).max(1000),
  alt: z.string().max(500).optional(),
  focus_x: z.coerce.number().min(0).max(1).optional(),
  focus_y: z.coerce.number().min(0).max(1).optional(),
});

export const assetOperations = resource(
  { tag: "assets" },
  {
    listAssets: {
      method: "GET",
      path: `${V}/assets/{project_id}/`,
      summary: "The project's assets",
      permission: "projects.read",
      params: projectParams,
      responses: { 200: ok(items(assetSchema)) },
    },
    addAsset: {
      method: "POST",
      path: `${V}/assets/{project_id}/`,
      summary:
        "Add or replace a section's image (JSON with an image URL, or a multipart upload of `file`)",
      permission: "visuals.write",
      params: projectParams,
      otherBodies: {
        "application/json": assetJsonBody,
        "multipart/form-data": assetMultipartBody.extend({
          file: z.string().max(MAX_IMAGE_BYTES).meta({ format: "binary" }),
        }),
      },
      responses: { 201: ok(assetSchema, "Stored") },
    },
    assetFile: {
      method: "GET",
      path: `${V}/assets/{project_id}/files/{asset_id}`,
      summary:
        "An asset's image; honours Range (with S3 storage, a redirect to the object store)",
      permission: "projects.read",
      params: z.object({ project_id: idText, asset_id: idText }),
      responses: storedFileAnswers("The file"),
    },
  },
);
