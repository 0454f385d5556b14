import { z } from "zod";
import { themeSchema, visualSchema } from "../../compositions/schema";
import { SPEED_RANGE, voiceChoiceSchema } from "../../core/narration";
import { PermanentJobError } from "../errors";

/** A project's choices (`video_projects.settings`), checked: the API or a person wrote them. */
export const projectSettingsSchema = z.object({
  /** `{provider, id}`; a bare string is a voice of the configured provider. */
  voice: z
    .union([
      z
        .string()
        .max(100)
        .transform((id) => ({ id })),
      voiceChoiceSchema,
    ])
    .optional(),
  speed: z.number().min(SPEED_RANGE.min).max(SPEED_RANGE.max).optional(),
  /** A music track id, null for none. */
  music: z.string().nullable().optional(),
  theme: themeSchema.partial().optional(),
  /**
   * Visuals chosen in the Visuals step that are not images (generated scenes, clips), by section
   * index; a chosen image is a section asset instead, like an upload.
   */
  visuals: z.record(z.string().regex(/^\d{1,4}$/), visualSchema).optional(),
});
export type ProjectSettings = z.infer<typeof projectSettingsSchema>;

export function parseProjectSettings(value: unknown): ProjectSettings {
  const parsed = projectSettingsSchema.safeParse(value ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new PermanentJobError(
      `The project's settings are not valid: ${issue.path.join(".")} ${issue.message}`,
    );
  }
  return parsed.data;
}
