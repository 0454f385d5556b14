import path from "node:path";
import { z } from "zod";

const envSchema = z.object({
  /** Where caches, the media store and the render bundle live. */
  REELWRIGHT_HOME: z.string().default(".reelwright"),
  SCRIPT_PROVIDER: z.enum(["extractive", "openai"]).default("extractive"),
  VOICE_PROVIDER: z.enum(["festival", "openai"]).default("festival"),
  OPENAI_API_KEY: z.string().optional(),
  OPENAI_BASE_URL: z.url().optional(),
  OPENAI_SCRIPT_MODEL: z.string().default("gpt-4o-mini"),
  OPENAI_TTS_MODEL: z.string().default("gpt-4o-mini-tts"),
  REMOTION_BROWSER_EXECUTABLE: z.string().optional(),
  /** Days a cached stage output stays valid. */
  CACHE_TTL_DAYS: z.coerce.number().positive().default(30),
  /** Any Postgres; unset, the embedded one under REELWRIGHT_DATA_DIR is used. */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgres:// URL")
    .optional(),
  /** Where the embedded Postgres keeps its data. */
  REELWRIGHT_DATA_DIR: z.string().default("data"),
  /** 32 bytes (base64 or hex) that encrypt the social accounts' tokens at rest. */
  REELWRIGHT_SECRET_KEY: z.string().optional(),
});
export type Config = z.infer<typeof envSchema> & {
  homeDir: string;
  cacheDir: string;
  mediaDir: string;
  dataDir: string;
};

/** Reads and validates the environment; a bad variable fails with its name. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(
      `Invalid environment variable ${issue.path.join(".")}: ${issue.message}`,
    );
  }
  const homeDir = path.resolve(parsed.data.REELWRIGHT_HOME);
  return {
    ...parsed.data,
    homeDir,
    cacheDir: path.join(homeDir, "cache"),
    mediaDir: path.join(homeDir, "media"),
    dataDir: path.resolve(parsed.data.REELWRIGHT_DATA_DIR),
  };
}
