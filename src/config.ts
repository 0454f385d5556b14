import path from "node:path";
import { z } from "zod";
import { RENDER_BACKENDS } from "./core/render-backends";
import { registerSecrets } from "./log";
import { allowedHostsSchema } from "./net/fetch-guard";

const envSchema = z.object({
  /** Where caches, the media store and the render bundle live. */
  REELWRIGHT_HOME: z.string().default(".reelwright"),
  SCRIPT_PROVIDER: z.enum(["extractive", "openai"]).default("extractive"),
  /** `festival` means the offline voice of the narration's language (Festival or eSpeak NG). */
  VOICE_PROVIDER: z
    .enum(["festival", "espeak", "openai", "elevenlabs"])
    .default("festival"),
  OPENAI_API_KEY: z.string().optional(),
  OPENAI_BASE_URL: z.url().optional(),
  OPENAI_SCRIPT_MODEL: z.string().default("gpt-4o-mini"),
  OPENAI_TTS_MODEL: z.string().default("gpt-4o-mini-tts"),
  OPENAI_IMAGE_MODEL: z.string().default("gpt-image-1"),
  /** Where section visuals come from, in order; a source without its key is skipped. */
  VISUAL_SOURCES: z
    .string()
    .default("article,stock,ai,generated")
    .transform((v) =>
      v
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean),
    )
    .pipe(
      z
        .array(z.enum(["article", "stock", "ai", "generated"]))
        .min(1)
        .refine(
          (a) => new Set(a).size === a.length,
          "a source is listed twice",
        ),
    ),
  PEXELS_API_KEY: z.string().optional(),
  PEXELS_API_BASE_URL: z.url().default("https://api.pexels.com"),
  PIXABAY_API_KEY: z.string().optional(),
  PIXABAY_API_BASE_URL: z.url().default("https://pixabay.com"),
  ELEVENLABS_API_KEY: z.string().optional(),
  ELEVENLABS_BASE_URL: z.url().default("https://api.elevenlabs.io"),
  ELEVENLABS_MODEL: z.string().default("eleven_multilingual_v2"),
  /** Clips: who transcribes the source, and who picks its moments. */
  TRANSCRIBE_PROVIDER: z
    .enum(["pocketsphinx", "openai"])
    .default("pocketsphinx"),
  MOMENTS_PROVIDER: z.enum(["heuristic", "openai"]).default("heuristic"),
  OPENAI_TRANSCRIBE_MODEL: z.string().default("whisper-1"),
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
  /**
   * Where a worker renders a video: `local` in its own browsers, `fleet` as frame-range pieces
   * any worker on any machine takes (`render-piece` jobs), `lambda` on Remotion Lambda.
   */
  RENDER_BACKEND: z.enum(RENDER_BACKENDS).default("local"),
  /** With `fleet`, the length of a piece; the last may be shorter. */
  RENDER_PIECE_SECONDS: z.coerce.number().min(3).max(600).default(10),
  /** The service's files (renders, captions, uploads); `storage` under REELWRIGHT_HOME if unset. */
  REELWRIGHT_STORAGE_DIR: z.string().optional(),
  /** `s3://BUCKET/PREFIX`: the service's files go to that bucket instead of REELWRIGHT_STORAGE_DIR. */
  REELWRIGHT_STORAGE: z
    .string()
    .max(1024)
    .regex(
      /^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/[^\0]*)?$/,
      "must be s3://BUCKET/PREFIX (a lowercase bucket name, then an optional key prefix)",
    )
    .transform((url) => {
      const [bucket, ...prefix] = url.slice("s3://".length).split("/");
      return { bucket, prefix: prefix.filter(Boolean).join("/") };
    })
    .refine(
      ({ prefix }) => !prefix.split("/").some((p) => p === "." || p === ".."),
      "the key prefix may not hold . or .. segments",
    )
    .optional(),
  /** The AWS SDK's own variables for the bucket; unset credentials use the SDK's provider chain. */
  AWS_REGION: z.string().max(64).default("us-east-1"),
  AWS_ENDPOINT_URL_S3: z.url().optional(),
  AWS_ACCESS_KEY_ID: z.string().max(256).optional(),
  AWS_SECRET_ACCESS_KEY: z.string().max(256).optional(),
  AWS_SESSION_TOKEN: z.string().max(4096).optional(),
  /** `1` for servers that need `https://host/BUCKET/key` addressing (MinIO). */
  S3_FORCE_PATH_STYLE: z.stringbool().default(false),
  /** 32 bytes (base64 or hex) that encrypt the social accounts' tokens at rest. */
  REELWRIGHT_SECRET_KEY: z.string().optional(),
  /** Publishing endpoints: real defaults, overridden to point at local fakes in tests. */
  GOOGLE_AUTH_URL: z
    .url()
    .default("https://accounts.google.com/o/oauth2/v2/auth"),
  YOUTUBE_OAUTH_BASE_URL: z.url().default("https://oauth2.googleapis.com"),
  YOUTUBE_API_BASE_URL: z.url().default("https://www.googleapis.com"),
  YOUTUBE_ANALYTICS_BASE_URL: z
    .url()
    .default("https://youtubeanalytics.googleapis.com"),
  INSTAGRAM_AUTH_URL: z
    .url()
    .default("https://www.instagram.com/oauth/authorize"),
  INSTAGRAM_OAUTH_BASE_URL: z.url().default("https://api.instagram.com"),
  INSTAGRAM_GRAPH_BASE_URL: z.url().default("https://graph.instagram.com"),
  INSTAGRAM_UPLOAD_BASE_URL: z.url().default("https://rupload.facebook.com"),
  INSTAGRAM_GRAPH_VERSION: z
    .string()
    .regex(/^v\d+\.\d+$/)
    .default("v23.0"),
  TIKTOK_AUTH_URL: z.url().default("https://www.tiktok.com/v2/auth/authorize/"),
  TIKTOK_API_BASE_URL: z.url().default("https://open.tiktokapis.com"),
  /** OAuth apps, one pair per platform; a platform without its pair cannot be connected. */
  YOUTUBE_CLIENT_ID: z.string().optional(),
  YOUTUBE_CLIENT_SECRET: z.string().optional(),
  TIKTOK_CLIENT_KEY: z.string().optional(),
  TIKTOK_CLIENT_SECRET: z.string().optional(),
  INSTAGRAM_APP_ID: z.string().optional(),
  INSTAGRAM_APP_SECRET: z.string().optional(),
  /** Where users reach the app; the OAuth redirect URIs hang off it. */
  REELWRIGHT_PUBLIC_URL: z.url().default("http://localhost:3000"),
  /** Until TikTok audits the app, every post must be SELF_ONLY. */
  TIKTOK_APP_AUDITED: z.stringbool().default(false),
  /**
   * Hosts (`host[:port]`, comma-separated) that user-supplied URLs may reach although they resolve
   * to loopback or private addresses: intranet image servers, local fakes in tests.
   */
  REELWRIGHT_ALLOW_PRIVATE_FETCH_HOSTS: allowedHostsSchema,
  /** The bearer token Prometheus scrapes GET /api/v1/metrics with; unset, that answers 404. */
  METRICS_TOKEN: z.string().min(16).max(200).optional(),
  /**
   * The waits before a failed post is tried again, one per retry (seed 001: 1 h, 4 h, 24 h);
   * after the last retry fails the post waits for a person (`needs_review`).
   */
  PUBLISH_RETRY_DELAYS_SECONDS: z
    .string()
    .default("3600,14400,86400")
    .transform((v) => v.split(",").map((s) => Number(s.trim())))
    .pipe(
      z
        .array(
          z
            .number()
            .int()
            .min(1)
            .max(7 * 86400),
        )
        .min(1)
        .max(10),
    ),
});
export type Config = z.infer<typeof envSchema> & {
  homeDir: string;
  cacheDir: string;
  mediaDir: string;
  dataDir: string;
  storageDir: string;
};

/** Reads and validates the environment; a bad variable fails with its name. */
export function loadConfig(
  env: Record<string, string | undefined> = process.env,
): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(
      `Invalid environment variable ${issue.path.join(".")}: ${issue.message}`,
    );
  }
  const homeDir = path.resolve(parsed.data.REELWRIGHT_HOME);
  registerSecrets(
    parsed.data.OPENAI_API_KEY,
    parsed.data.REELWRIGHT_SECRET_KEY,
    parsed.data.YOUTUBE_CLIENT_SECRET,
    parsed.data.TIKTOK_CLIENT_SECRET,
    parsed.data.INSTAGRAM_APP_SECRET,
    parsed.data.METRICS_TOKEN,
    parsed.data.AWS_SECRET_ACCESS_KEY,
    parsed.data.AWS_SESSION_TOKEN,
  );
  return {
    ...parsed.data,
    homeDir,
    cacheDir: path.join(homeDir, "cache"),
    mediaDir: path.join(homeDir, "media"),
    dataDir: path.resolve(parsed.data.REELWRIGHT_DATA_DIR),
    storageDir: parsed.data.REELWRIGHT_STORAGE_DIR
      ? path.resolve(parsed.data.REELWRIGHT_STORAGE_DIR)
      : path.join(homeDir, "storage"),
  };
}
