import type PgBoss from "pg-boss";
import { z } from "zod";
import { themeSchema } from "../compositions/schema";
import type { Config } from "../config";
import type { Database } from "../db";
import type { StageTools } from "../pipeline/stages";
import { SPEED_RANGE, voiceChoiceSchema } from "../pipeline/voice";
import type { Storage } from "../storage";
import type { JobPayload, QueueName } from "./queues";
import type { Renderer } from "./renderer";

/** How often a worker reports, and when a silent one counts as gone. */
export type Timing = {
  /** Progress is written to the rows at most this often. */
  progressIntervalMs: number;
  /** A render's row is touched at least this often while it runs. */
  heartbeatMs: number;
  /** A rendering row untouched this long belongs to a worker that died. */
  staleAfterMs: number;
};

/** What every handler gets besides its payload. */
export type JobContext = {
  database: Database;
  boss: PgBoss;
  storage: Storage;
  config: Config;
  tools: StageTools;
  renderer: Renderer;
  workerId: string;
  timing: Timing;
  /** Aborted when the worker is asked to stop: a long job gives its work back. */
  shutdown: AbortSignal;
};

export type JobHandler<Q extends QueueName> = (
  payload: JobPayload<Q>,
  job: PgBoss.JobWithMetadata<unknown>,
  context: JobContext,
) => Promise<unknown>;

/** A failure that another attempt cannot fix (bad input, a video too short for its preset). */
export class PermanentJobError extends Error {}

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

/** `sites.settings` as far as the jobs read them. */
export const siteSettingsSchema = z
  .object({ autoPublish: z.boolean().default(false) })
  .loose();
