import type { z } from "zod";
import { log, redactDeep, redactSecrets } from "../log";
import type { PlatformId } from "./limits";

/** A platform answered with an error; `retryable` says whether trying again later can help. */
export class PlatformApiError extends Error {
  constructor(
    readonly platform: PlatformId,
    readonly status: number,
    message: string,
    readonly options: {
      code?: string;
      retryable?: boolean;
      retryAfterMs?: number;
      body?: unknown;
    } = {},
  ) {
    // The message and body are logged and stored as a post's error: no token may ride along.
    super(redactSecrets(`${platform}: ${message}`));
    this.name = "PlatformApiError";
    if (options.body !== undefined)
      this.options = { ...options, body: redactDeep(options.body) };
  }
  get code() {
    return this.options.code;
  }
  get retryable() {
    return this.options.retryable ?? false;
  }
  get retryAfterMs() {
    return this.options.retryAfterMs;
  }
}

/**
 * The daily (or rolling) quota is spent: retrying blindly only burns more of it, so it is retried
 * only when the platform said when (Retry-After).
 */
export class QuotaExceededError extends PlatformApiError {
  constructor(
    platform: PlatformId,
    status: number,
    message: string,
    options: { code?: string; retryAfterMs?: number; body?: unknown } = {},
  ) {
    super(platform, status, message, {
      ...options,
      retryable: options.retryAfterMs !== undefined,
    });
    this.name = "QuotaExceededError";
  }
}

/** The stored grant no longer works: the user has to connect the account again. */
export class ReconnectRequiredError extends Error {
  constructor(
    readonly platform: PlatformId,
    reason: string,
  ) {
    super(redactSecrets(`${platform}: reconnect the account (${reason})`));
    this.name = "ReconnectRequiredError";
  }
}

/** The video (or the account) does not meet the platform's rules; nothing was sent. */
export class PublishRefusedError extends Error {
  constructor(
    readonly platform: PlatformId,
    readonly reasons: string[],
  ) {
    super(`${platform}: refused to publish: ${reasons.join("; ")}`);
    this.name = "PublishRefusedError";
  }
}

/** The connection broke before an answer came: the request may or may not have landed. */
export class NetworkError extends Error {
  constructor(what: string, cause: unknown) {
    super(
      redactSecrets(
        `${what}: ${cause instanceof Error ? cause.message : String(cause)}`,
      ),
      {
        cause,
      },
    );
    this.name = "NetworkError";
  }
}

/** Parses a platform's answer, naming the field that did not match. */
export function parseResponse<S extends z.ZodType>(
  platform: PlatformId,
  what: string,
  schema: S,
  data: unknown,
): z.output<S> {
  const parsed = schema.safeParse(data);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue.path.join(".") || "(body)";
  throw new PlatformApiError(
    platform,
    200,
    `unexpected ${what} response: field ${field}: ${issue.message}`,
    { body: data },
  );
}

export type RetryPolicy = {
  /** Attempts in all, the first included. */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  sleep?: (ms: number) => Promise<void>;
};

export const DEFAULT_RETRY: RetryPolicy = {
  attempts: 6,
  baseDelayMs: 1000,
  maxDelayMs: 60_000,
};

export const sleep = (ms: number) =>
  new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Exponential backoff with jitter; a server's Retry-After wins when it asks for longer. */
export function backoffDelay(
  policy: RetryPolicy,
  attempt: number,
  retryAfterMs?: number,
) {
  const exponential = policy.baseDelayMs * 2 ** attempt;
  const jittered = exponential / 2 + (Math.random() * exponential) / 2;
  return Math.min(policy.maxDelayMs, Math.max(jittered, retryAfterMs ?? 0));
}

export const isRetryable = (error: unknown) =>
  error instanceof NetworkError ||
  (error instanceof PlatformApiError && error.retryable);

/**
 * How long to wait before trying again after `error`, the `failures`-th in a row; null when it
 * cannot help (not retryable, or the attempts are spent).
 */
export function retryDelay(
  policy: RetryPolicy,
  failures: number,
  error: unknown,
): number | null {
  if (!isRetryable(error) || failures >= policy.attempts) return null;
  return backoffDelay(
    policy,
    failures - 1,
    error instanceof PlatformApiError ? error.retryAfterMs : undefined,
  );
}

export const pause = (policy: RetryPolicy, ms: number) =>
  (policy.sleep ?? sleep)(ms);

/** Runs `task` until it succeeds, a non-retryable error comes, or the attempts run out. */
export async function withRetry<T>(
  what: string,
  policy: RetryPolicy,
  task: (attempt: number) => Promise<T>,
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await task(attempt);
    } catch (error) {
      const delay = retryDelay(policy, attempt + 1, error);
      if (delay === null) throw error;
      log.warn(
        { what, attempt, delayMs: Math.round(delay), error: String(error) },
        "retrying after a transient failure",
      );
      await pause(policy, delay);
    }
  }
}

/** A status that trying again later can cure: throttling or the server's own trouble. */
export const isTransientStatus = (status: number) =>
  status === 429 || status >= 500;

/**
 * A platform's error answer: retryable when the status is transient or the platform's own code
 * says it throttles, waiting at least as long as its `Retry-After` asks.
 */
export function answerError(
  platform: PlatformId,
  response: Response,
  message: string,
  answer: { code?: string; throttled?: boolean; body: unknown },
) {
  return new PlatformApiError(platform, response.status, message, {
    code: answer.code,
    retryable: answer.throttled || isTransientStatus(response.status),
    retryAfterMs: retryAfterMs(response),
    body: answer.body,
  });
}

export type PollOptions = { pollIntervalMs?: number; pollTimeoutMs?: number };

/**
 * Asks `check` every `pollIntervalMs` (5 s by default) until it gives a result (or throws a final failure); after
 * `pollTimeoutMs` gives up with a retryable timeout naming the last state it reported.
 */
export async function poll<T>(
  platform: PlatformId,
  what: string,
  options: PollOptions & { defaultTimeoutMs: number },
  check: () => Promise<{ result: T } | { state: string }>,
): Promise<T> {
  const timeoutMs = options.pollTimeoutMs ?? options.defaultTimeoutMs;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const answer = await check();
    if ("result" in answer) return answer.result;
    if (Date.now() > deadline)
      throw new PlatformApiError(
        platform,
        200,
        `${what} still ${answer.state} after ${timeoutMs} ms; run again to keep waiting`,
        { code: "timeout", retryable: true },
      );
    await sleep(options.pollIntervalMs ?? 5000);
  }
}

/** `Retry-After` in seconds or as an HTTP date. */
export function retryAfterMs(response: Response): number | undefined {
  const header = response.headers.get("retry-after");
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return seconds * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/** `base` with `params` as its query string. */
export function withQuery(base: string, params: Record<string, string>) {
  const url = new URL(base);
  url.search = new URLSearchParams(params).toString();
  return url.toString();
}

/** `fetch` whose connection failures become `NetworkError`. */
export async function send(
  what: string,
  url: string,
  init: RequestInit,
): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (error) {
    if (init.signal?.aborted) throw error;
    throw new NetworkError(what, error);
  }
}

/** The body as JSON, or null when it is empty or not JSON. */
export async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return { text };
  }
}
