import { z } from "zod";
import type { Operation } from "./operations";

/**
 * Operations the review app added to the API (served by src/services/voiceover.ts,
 * cost-ledger.ts and assets.ts). Kept apart from the main table; the same `handle()` checks the
 * caller, the role and the inputs.
 */

const id = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const V = "/api/v1/video";

export const reviewOperations = {
  listVoices: {
    method: "GET",
    path: `${V}/voiceover/voices/`,
    summary: "The narration voices",
    tag: "voiceover",
    responses: { 200: { description: "OK" } },
  },
  approveVoiceover: {
    method: "POST",
    path: `${V}/voiceover/{project_id}/approve/`,
    summary: "Approve the project's latest narration",
    tag: "voiceover",
    params: z.object({ project_id: id }),
    responses: { 200: { description: "Approved" } },
  },
  costs: {
    method: "GET",
    path: `${V}/costs/`,
    summary: "The cost ledger summed per project and operation",
    tag: "analytics",
    query: z.object({ project_id: id.optional() }),
    responses: { 200: { description: "OK" } },
  },
  assetFile: {
    method: "GET",
    path: `${V}/assets/{project_id}/files/{asset_id}`,
    summary: "An asset's image; honours Range",
    tag: "assets",
    params: z.object({ project_id: id, asset_id: id }),
    responses: { 200: { description: "The file" } },
  },
} satisfies Record<string, Operation>;
