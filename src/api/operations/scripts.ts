import { z } from "zod";
import { scriptSchema, videoTypeSchema } from "../../pipeline/script/script";
import {
  id,
  ok,
  priority,
  projectParams,
  queuedSchema,
  timestamp,
  V,
  type Operation,
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

export const scriptOperations = {
  generateScript: {
    method: "POST",
    path: `${V}/scripts/generate/`,
    summary: "Queue a new script for the project",
    tag: "scripts",
    permission: "projects.write",
    body: z.object({
      project_id: id,
      provider: z.enum(["extractive", "openai"]).optional(),
      priority: priority.default("normal"),
    }),
    responses: { 202: ok(queuedSchema, "Queued") },
  },
  editScript: {
    method: "PUT",
    path: `${V}/scripts/{project_id}/`,
    summary: "Save an edited script as the next version",
    tag: "scripts",
    permission: "projects.write",
    params: projectParams,
    body: z.object({ script: scriptSchema }),
    responses: { 201: ok(scriptRowSchema, "The new version") },
  },
} satisfies Record<string, Operation>;
