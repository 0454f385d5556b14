import { z } from "zod";
import {
  PREVIEW_MAX_CHARS,
  SPEED_RANGE,
  VOICE_PROVIDER_IDS,
} from "../../core/narration";
import {
  items,
  ok,
  projectParams,
  queuedSchema,
  timestamp,
  V,
  resource,
  projectJobBody,
} from "./shared";

export const voiceoverSchema = z.object({
  id: z.number(),
  script_id: z.number(),
  provider: z.string(),
  voice: z.string(),
  speed: z.number(),
  duration_ms: z.number(),
  approved_at: timestamp.nullable(),
  created_at: timestamp,
});

export const voiceSchema = z.object({
  id: z.string(),
  label: z.string(),
  language: z.string(),
  gender: z.enum(["female", "male", "neutral"]),
});

export const voiceoverOperations = resource(
  { tag: "voiceover" },
  {
    generateVoiceover: {
      method: "POST",
      path: `${V}/voiceover/generate/`,
      summary: "Queue the narration of the project's latest script",
      permission: "projects.write",
      body: projectJobBody.extend({
        voice_id: z.string().min(1).max(100).optional(),
        /** Kept in the project's settings with the voice; by default VOICE_PROVIDER. */
        voice_provider: z.enum(VOICE_PROVIDER_IDS).optional(),
        speed: z.number().min(SPEED_RANGE.min).max(SPEED_RANGE.max).optional(),
      }),
      responses: { 202: ok(queuedSchema, "Queued") },
    },
    previewVoice: {
      method: "POST",
      path: `${V}/voiceover/preview/`,
      summary: "Speak a short text with a voice; answers with the audio",
      permission: "projects.read",
      body: z.object({
        text: z.string().trim().min(1).max(PREVIEW_MAX_CHARS),
        voice_id: z.string().min(1).max(100).optional(),
        speed: z.number().min(SPEED_RANGE.min).max(SPEED_RANGE.max).optional(),
      }),
      responses: {
        200: { description: "The audio", content: "audio/wav" },
      },
    },
    listVoices: {
      method: "GET",
      path: `${V}/voiceover/voices/`,
      summary: "The narration voices",
      permission: "projects.read",
      responses: { 200: ok(items(voiceSchema)) },
    },
    approveVoiceover: {
      method: "POST",
      path: `${V}/voiceover/{project_id}/approve/`,
      summary: "Approve the project's latest narration",
      permission: "projects.write",
      params: projectParams,
      responses: {
        200: ok(
          z.object({ id: z.number(), approved_at: timestamp.nullable() }),
          "Approved",
        ),
      },
    },
  },
);
