import { z } from "zod";
import { idParams, ok, timestamp, V, type Operation } from "./shared";

export const moderationOverrideSchema = z.object({
  id: z.number(),
  rendered_video_id: z.number(),
  checkpoint: z.enum(["approve", "publish"]),
  categories: z.array(z.string()),
  actor: z.string(),
  reason: z.string(),
  created_at: timestamp,
});

export const moderationOperations = {
  overrideModeration: {
    method: "POST",
    path: `${V}/rendered/{id}/moderation-override/`,
    summary:
      "An admin lets a render flagged by moderation be approved or published, saying why",
    tag: "renders",
    permission: "moderation.override",
    apiKeys: false,
    params: idParams,
    body: z.object({
      checkpoint: z.enum(["approve", "publish"]),
      categories: z
        .array(z.string().trim().min(1).max(50))
        .min(1, "name the flagged categories you override")
        .max(20),
      reason: z.string().trim().min(3).max(2000),
    }),
    bodyLimit: 8 * 1024,
    responses: { 201: ok(moderationOverrideSchema, "Recorded") },
  },
} satisfies Record<string, Operation>;
