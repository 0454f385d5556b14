/**
 * Remotion Lambda: the function, the site and how renders are spread over functions
 * (`reelwright lambda deploy`, RENDER_BACKEND=lambda, `--backend lambda`). Change a value and
 * deploy again; a function is named after its memory, disk and timeout, so a changed function is
 * a new one.
 */
export const LAMBDA_FUNCTION = {
  /**
   * us-east-1: Remotion's default region, among the cheapest for Lambda and S3, and nothing ties
   * our renders to a place (each render uploads its media to the site's bucket in this region).
   */
  region: "us-east-1",
  /**
   * Lambda gives CPU in proportion to memory (one vCPU per 1769 MB): 3009 MB is about 1.7 vCPUs,
   * enough for Chromium to capture a 1080x1920 frame while x264 encodes the last one.
   */
  memorySizeInMb: 3009,
  /**
   * The main function joins every piece of the output: the longest preset (YouTube, 15 min) at
   * the 12 Mbit/s cap is about 1.4 GB, twice that while joining, plus Chromium.
   */
  diskSizeInMb: 4096,
  /** Lambda's maximum: the main function waits for the pieces and then joins them. */
  timeoutInSeconds: 900,
} as const;

export const LAMBDA_SITE = {
  /** Sites are named `reelwright-<version of the compositions>`, so a worker renders its own code. */
  namePrefix: "reelwright-",
} as const;

export const LAMBDA_RENDER = {
  /**
   * New AWS accounts may run only 10 functions at once; more would queue (or fail with
   * TooManyRequests). Raise it once AWS has raised the account's concurrency quota.
   */
  maxFunctions: 10,
  /** Each function starts Chromium and loads the page (2–3 s): give each at least 4 s of video. */
  minSecondsPerFunction: 4,
  /** Retries per piece that Remotion makes before the render fails. */
  maxRetries: 2,
  /** How often getRenderProgress is asked. */
  pollMs: 2000,
} as const;
