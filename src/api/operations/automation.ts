import { MAX_PUBLISHING_TIMES } from "../../core/intake";
import { MAX_ARTICLE_BYTES } from "../../core/uploads";
import { z } from "zod";
import { PRESET_IDS } from "../../compositions/presets";
import { errorBodySchema, id, ok, resource } from "./shared";

const timeOfDay = z
  .string()
  .max(5)
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, "must be a time of day, HH:MM");

export const automationSchema = z.object({
  auto_publish: z.boolean(),
  auto_publish_account_ids: z.array(z.number()).nullable(),
  auto_publish_times: z.array(z.string()),
  feed_url: z.string().nullable(),
  intake_presets: z.array(z.enum(PRESET_IDS)).nullable(),
  content_hook_enabled: z.boolean(),
  content_hook_secret: z.string().optional().meta({
    description: "The hook's new signing secret: in this answer only",
  }),
});

const automationBody = z.object({
  auto_publish: z.boolean().optional(),
  auto_publish_account_ids: z.array(id).min(1).max(50).nullable().optional(),
  auto_publish_times: z
    .array(timeOfDay)
    .max(MAX_PUBLISHING_TIMES)
    .nullable()
    .optional(),
  feed_url: z
    .url({ protocol: /^https?$/ })
    .max(2000)
    .nullable()
    .optional(),
  intake_presets: z
    .array(z.enum(PRESET_IDS))
    .min(1)
    .max(PRESET_IDS.length)
    .nullable()
    .optional(),
  content_hook: z.enum(["rotate", "off"]).optional(),
});

export const contentHookBody = z.object({
  event: z.literal("content.published"),
  timestamp: z.number().int().meta({ description: "Unix seconds" }),
  site: z.string().max(100).meta({ description: "The site's slug or id" }),
  data: z.object({
    id: z.string().max(500),
    title: z.string().max(300),
    html: z.string().max(MAX_ARTICLE_BYTES),
  }),
});

export const automationOperations = resource(
  { tag: "automation" },
  {
    getAutomation: {
      method: "GET",
      path: "/api/v1/site/automation/",
      summary:
        "What the site does by itself: auto-publish (off by default) and its times, the feed, the content hook",
      permission: "site.manage",
      responses: { 200: ok(automationSchema) },
    },
    updateAutomation: {
      method: "PUT",
      path: "/api/v1/site/automation/",
      summary:
        "Change the site's automation (a field null: back to its default; `content_hook: rotate` answers a new secret once)",
      permission: "site.manage",
      body: automationBody,
      responses: { 200: ok(automationSchema) },
    },
    contentPublished: {
      method: "POST",
      path: "/api/v1/hooks/content-published/",
      summary:
        "A site's CMS says an article was published: a project starts and stops at the approval gate. Signed: `X-Reelwright-Signature: sha256=<HMAC-SHA256 of the body under the site's hook secret>`; `timestamp` within 5 minutes",
      auth: false,
      otherBodies: { "application/json": contentHookBody },
      responses: {
        202: {
          description: "Started (project_id), or already seen (null)",
          schema: z.object({ project_id: z.number().nullable() }),
        },
        400: { description: "A field is wrong", schema: errorBodySchema },
        401: {
          description: "Not signed by the site, or outside the replay window",
          schema: errorBodySchema,
        },
      },
    },
  },
);
