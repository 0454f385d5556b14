import { z } from "zod";
import {
  themeSchema,
  transitionSchema,
  visualSchema,
} from "../../compositions/schema";
import { SPEED_RANGE, voiceChoiceSchema } from "../../core/narration";
import { RENDER_QUALITY_IDS } from "../../core/render-quality";
import { PermanentJobError } from "../errors";

/** A section by its index (0 is the hook), as a settings key. */
const sectionKey = z
  .string()
  .max(4)
  .regex(/^\d{1,4}$/, "must be a section index");

/** More sections than any script has (at most 200 points, plus hook, intro and call to action). */
const MAX_SECTION_ENTRIES = 256;

const speed = z.number().min(SPEED_RANGE.min).max(SPEED_RANGE.max);

/** A track of public/music and its level (MUSIC_DEFAULTS.volume when unset). */
const musicSchema = z.strictObject({
  track: z.string().trim().min(1).max(100),
  volume: z.number().min(0).max(1).optional(),
});

/**
 * What a project may choose, as `PATCH /projects/{id}/` takes it: every part optional, so that a
 * change names only what it changes. Each piece is the props schema's own.
 */
export const projectSettingsPatchSchema = z.strictObject({
  /** The narrator: a provider, one of its voices, and the pace. */
  voice: voiceChoiceSchema.extend({ speed: speed.optional() }).optional(),
  /** null: no music. */
  music: musicSchema.partial().nullable().optional(),
  theme: themeSchema.partial().strict().optional(),
  /** The default transition between sections (the theme's `transition`). */
  transition: transitionSchema.optional(),
  /** The transition into a section, by section index. */
  section_transitions: z
    .record(sectionKey, transitionSchema)
    .refine(
      (transitions) => Object.keys(transitions).length <= MAX_SECTION_ENTRIES,
      `at most ${MAX_SECTION_ENTRIES} sections`,
    )
    .meta({ maxProperties: MAX_SECTION_ENTRIES })
    .optional(),
  /** false: no captions drawn on the video. */
  captions: z.boolean().optional(),
  /** Stock and generated visuals only, never the content's own images or AI images. */
  faceless: z.boolean().optional(),
  /** The quality a render asks for when the request names none. */
  quality: z.enum(RENDER_QUALITY_IDS).optional(),
});
export type ProjectSettingsPatch = z.infer<typeof projectSettingsPatchSchema>;

/**
 * Settings written before voice, speed and music became objects: `voice` a bare voice id,
 * `speed` beside it, `music` a bare track id. Read as the current shape.
 */
export function migrateLegacy(value: unknown) {
  if (!value || typeof value !== "object" || Array.isArray(value)) return value;
  const { speed: oldSpeed, ...settings } = value as Record<string, unknown>;
  const voice =
    typeof settings.voice === "string"
      ? { id: settings.voice }
      : (settings.voice as Record<string, unknown> | undefined);
  if (voice !== undefined || oldSpeed !== undefined)
    settings.voice = {
      ...voice,
      ...(oldSpeed !== undefined && voice?.speed === undefined
        ? { speed: oldSpeed }
        : {}),
    };
  if (typeof settings.music === "string")
    settings.music = { track: settings.music };
  return settings;
}

/**
 * A project's choices (`video_projects.settings`), checked: the API or a person wrote them. Keys
 * it does not know (a YouTube audience) are kept in the row but not read here.
 */
export const projectSettingsSchema = z.preprocess(
  migrateLegacy,
  z.object({
    ...projectSettingsPatchSchema.shape,
    music: musicSchema.nullable().optional(),
    theme: themeSchema.partial().optional(),
    /**
     * Visuals chosen in the Visuals step that are not images (generated scenes, clips), by
     * section index; a chosen image is a section asset instead, like an upload.
     */
    visuals: z.record(sectionKey, visualSchema).optional(),
  }),
);
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

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * The stored settings with a change applied, object by object (null replaces, undefined leaves
 * alone). A voice of another provider drops the old provider's voice id unless it names one.
 */
export function applySettingsPatch(
  stored: unknown,
  patch: ProjectSettingsPatch,
): Record<string, unknown> {
  const current = (migrateLegacy(stored ?? {}) ?? {}) as Record<
    string,
    unknown
  >;
  const voice = current.voice as Record<string, unknown> | undefined;
  if (
    patch.voice?.provider &&
    patch.voice.id === undefined &&
    voice?.provider !== patch.voice.provider
  )
    current.voice = { ...voice, id: undefined };
  return mergeSettings(current, patch);
}

function mergeSettings(
  stored: Record<string, unknown>,
  patch: Record<string, unknown>,
): Record<string, unknown> {
  const merged = { ...stored };
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    merged[key] =
      isRecord(value) && isRecord(stored[key])
        ? mergeSettings(stored[key], value)
        : value;
  }
  return merged;
}
