import { z } from "zod";
import { videoPropsSchema } from "../../compositions/schema";
import { voiceChoiceSchema } from "../../core/narration";
import { PROJECT_STATUSES } from "../../core/statuses";
import { MAX_ARTICLE_BYTES } from "../../core/uploads";
import { videoTypeSchema } from "../../pipeline/script/script";
import { projectSettingsPatchSchema } from "../../services/projects/settings";
import { assetSchema } from "./assets";
import { renderSchema } from "./renders";
import { scriptRowSchema } from "./scripts";
import {
  id,
  idParams,
  storedFileAnswers,
  idText,
  ok,
  page,
  preset,
  priority,
  timestamp,
  V,
  resource,
  presetList,
} from "./shared";
import { voiceoverSchema } from "./voiceover";

export const projectSchema = z.object({
  id: z.number(),
  site_id: z.number(),
  content_id: z.number().nullable(),
  title: z.string(),
  project_type: videoTypeSchema.nullable(),
  target_presets: z.array(preset),
  status: z.enum(PROJECT_STATUSES),
  settings: z.record(z.string(), z.unknown()),
  progress: z
    .object({
      stage: z.string(),
      percent: z.number(),
      etaMs: z.number().optional(),
    })
    .nullable(),
  error: z.string().nullable(),
  /** What the pipeline did instead of what was asked (a cloud voice that fell back). */
  warning: z.string().nullable(),
  created_at: timestamp,
  updated_at: timestamp,
});

export const projectDetailSchema = z.object({
  project: projectSchema,
  script: scriptRowSchema.nullable(),
  voiceover: voiceoverSchema.nullable(),
  assets: z.array(assetSchema),
  renders: z.array(renderSchema),
});

/** A media-store file name as props name it (`media/<hash>.<ext>`, without the prefix). */
const MEDIA_NAME = /^[0-9a-f]{32}\.(jpg|jpeg|png|webp|wav|mp3|mp4|webm)$/;

export const previewAnswerSchema = z.object({
  preset,
  script_id: z.number(),
  script_version: z.number(),
  /** false: no narration yet; the props carry an estimated silent one. */
  narrated: z.boolean(),
  /** The pace the narration was read at (a change of speed needs a new voiceover). */
  narration_speed: z.number(),
  /** Why a render of these props would be refused (a length outside the preset's range). */
  problem: z.string().nullable(),
  props: videoPropsSchema,
});

export const PROJECT_BODY_LIMIT = MAX_ARTICLE_BYTES + 64 * 1024;

const createProjectBody = z
  .object({
    content_id: id.optional(),
    content: z
      .object({
        /**
         * "topic": `body` is the topic; needs SCRIPT_PROVIDER=openai (else 422 on content.format).
         * "story": a plain story, told in beats (one section each). "storyboard": the JSON
         * `{title, scenes: [{text, visual?: {prompt|image|query}, duration_ms?, transition?}]}`,
         * one section per scene.
         */
        format: z.enum([
          "markdown",
          "html",
          "json",
          "topic",
          "story",
          "storyboard",
        ]),
        // The article's own limit (2 MB of UTF-8) is checked by the service: a 422 invalid_content.
        body: z.string().min(1, "is empty").max(PROJECT_BODY_LIMIT),
        title: z.string().trim().min(1).max(300).optional(),
      })
      .optional(),
    title: z.string().trim().min(1).max(300).optional(),
    project_type: videoTypeSchema.optional(),
    target_platforms: presetList,
    /** The narration's voice: `{provider, id}`; by default the offline voice of the language. */
    settings: z.object({ voice: voiceChoiceSchema.optional() }).optional(),
    /** A faceless video: stock and generated visuals only, never the content's own or AI images. */
    faceless: z.boolean().optional(),
    /** false: no captions drawn on the video (the caption files are still written). */
    captions: z.boolean().optional(),
    /** false: a draft only, nothing is queued. */
    start: z.boolean().default(true),
    priority: priority.default("normal"),
  })
  .refine((b) => (b.content_id === undefined) !== (b.content === undefined), {
    message: "give either content_id or content, not both",
    path: ["content_id"],
  });

const listProjectsQuery = z.object({
  status: z.enum(PROJECT_STATUSES).optional(),
  project_type: videoTypeSchema.optional(),
  q: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .optional()
    .meta({ description: "Words in the title" }),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  per_page: z.coerce.number().int().min(1).max(100).default(20),
});

export const projectOperations = resource(
  { tag: "projects" },
  {
    createProject: {
      method: "POST",
      path: `${V}/projects/`,
      summary:
        "Create a project from stored or new content; queues the whole pipeline unless start is false",
      permission: "projects.write",
      body: createProjectBody,
      bodyLimit: PROJECT_BODY_LIMIT,
      responses: {
        201: ok(
          z.object({ project: projectSchema, job_id: z.string().nullable() }),
          "Created",
        ),
      },
    },
    listProjects: {
      method: "GET",
      path: `${V}/projects/`,
      summary: "The site's projects, newest first",
      permission: "projects.read",
      query: listProjectsQuery,
      responses: { 200: ok(page(projectSchema)) },
    },
    getProject: {
      method: "GET",
      path: `${V}/projects/{id}/`,
      summary:
        "A project with its latest script, voiceover, assets and renders",
      permission: "projects.read",
      params: idParams,
      responses: { 200: ok(projectDetailSchema) },
    },
    updateProject: {
      method: "PATCH",
      path: `${V}/projects/{id}/`,
      summary:
        "Change the project's settings (voice, music, theme, transitions, captions, quality); what is given is merged into what is stored",
      permission: "projects.write",
      params: idParams,
      body: z.strictObject({ settings: projectSettingsPatchSchema }),
      // A bad colour is refused like a render would refuse it: 422, naming the field.
      invalidBodyStatus: 422,
      responses: { 200: ok(z.object({ project: projectSchema })) },
    },
    previewProps: {
      method: "GET",
      path: `${V}/projects/{id}/preview-props/`,
      summary:
        "The props a render of the preset would get now (same builder, script, narration, visuals and settings), with file references as same-origin URL paths",
      permission: "projects.read",
      params: idParams,
      query: z.object({
        preset: preset.optional().meta({
          description: "One of the project's presets; its first by default",
        }),
      }),
      responses: {
        200: ok(previewAnswerSchema),
      },
    },
    projectMedia: {
      method: "GET",
      path: `${V}/projects/{id}/media/{name}`,
      summary:
        "A media file (scaled image, narration) the project's preview props point at; honours Range",
      permission: "projects.read",
      params: z.object({
        id: idText,
        name: z
          .string()
          .max(40)
          .regex(
            MEDIA_NAME,
            "must be a media file name from the preview props",
          ),
      }),
      responses: storedFileAnswers("The file"),
    },
    deleteProject: {
      method: "DELETE",
      path: `${V}/projects/{id}/`,
      summary:
        "Delete a project, its rows and files; cancels its queued and running jobs",
      permission: "projects.write",
      params: idParams,
      responses: { 204: { description: "Deleted" } },
    },
  },
);
