import { z } from "zod";
import { SECTION_KINDS } from "../../compositions/schema";
import { scriptSchema, videoTypeSchema } from "../../pipeline/script/script";
import {
  idText,
  ok,
  projectParams,
  queuedSchema,
  timestamp,
  V,
  resource,
  projectJobBody,
} from "./shared";

export const scriptRowSchema = z.object({
  id: z.number(),
  project_id: z.number(),
  video_type: videoTypeSchema,
  version: z.number(),
  script: scriptSchema,
  script_text: z.string(),
  total_estimated_duration_sec: z.number(),
  provider: z.string(),
  created_at: timestamp,
});

const versionRef = scriptRowSchema.pick({
  id: true,
  video_type: true,
  version: true,
});

export const scriptComparisonSchema = z.object({
  from: versionRef,
  to: versionRef,
  title_changed: z.boolean(),
  sections: z.array(
    z.object({
      index: z.number(),
      kind: z.enum(SECTION_KINDS),
      changed: z.boolean(),
      /** The words of `from` and `to` in order: kept, added in `to`, or removed from `from`. */
      changes: z.array(
        z.object({
          op: z.enum(["equal", "added", "removed"]),
          text: z.string(),
        }),
      ),
    }),
  ),
});

export const scriptOperations = resource(
  { tag: "scripts" },
  {
    generateScript: {
      method: "POST",
      path: `${V}/scripts/generate/`,
      summary: "Queue a new script for the project",
      permission: "projects.write",
      body: projectJobBody.extend({
        provider: z.enum(["extractive", "openai"]).optional(),
      }),
      responses: { 202: ok(queuedSchema, "Queued") },
    },
    editScript: {
      method: "PUT",
      path: `${V}/scripts/{project_id}/`,
      summary: "Save an edited script as the next version",
      permission: "projects.write",
      params: projectParams,
      body: z.object({ script: scriptSchema }),
      responses: { 201: ok(scriptRowSchema, "The new version") },
    },
    listScriptVersions: {
      method: "GET",
      path: `${V}/scripts/{project_id}/versions/`,
      summary:
        "The project's script versions (every type, or one), newest first, at most 100",
      permission: "projects.read",
      params: projectParams,
      query: z.object({ video_type: videoTypeSchema.optional() }),
      responses: { 200: ok(z.object({ versions: z.array(scriptRowSchema) })) },
    },
    compareScriptVersions: {
      method: "GET",
      path: `${V}/scripts/{project_id}/compare/`,
      summary:
        "What changed from one script version to another, section by section, word by word",
      permission: "projects.read",
      params: projectParams,
      query: z.object({ from: idText, to: idText }),
      responses: { 200: ok(scriptComparisonSchema) },
    },
    restoreScriptVersion: {
      method: "POST",
      path: `${V}/scripts/{project_id}/versions/{version_id}/restore/`,
      summary:
        "Make an earlier version the newest again: saved as the next version of its type",
      permission: "projects.write",
      params: projectParams.extend({ version_id: idText }),
      responses: { 201: ok(scriptRowSchema, "The new version") },
    },
  },
);
