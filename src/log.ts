import pino from "pino";

/** Field names whose values are secrets wherever they appear in a logged object. */
const SECRET_KEYS = [
  "authorization",
  "cookie",
  "set-cookie",
  "access_token",
  "accessToken",
  "refresh_token",
  "refreshToken",
  "id_token",
  "code",
  "code_verifier",
  "codeVerifier",
  "client_secret",
  "clientSecret",
  "password",
  "key",
  "apiKey",
  "api_key",
  "secret",
  "token",
];

/** pino's `redact` paths: each secret field at the top, one level down, and in headers. */
export const REDACT_PATHS = SECRET_KEYS.flatMap((key) => {
  const field = `[${JSON.stringify(key)}]`;
  return [field, `*${field}`, `*.headers${field}`];
});

const REDACTED = "[REDACTED]";

/** Exact secret values this process holds (account tokens, client secrets): never printed. */
const knownSecrets = new Set<string>();
const MAX_KNOWN_SECRETS = 10_000;

/**
 * Marks values as secrets, so `redactSecrets` removes them from any text (an error body a platform
 * echoes a token in, a URL with a token in its query). Values under 8 characters are ignored: they
 * would blot out ordinary words.
 */
export function registerSecrets(...values: Array<string | null | undefined>) {
  for (const value of values) {
    if (!value || value.length < 8) continue;
    if (knownSecrets.size >= MAX_KNOWN_SECRETS)
      knownSecrets.delete(knownSecrets.values().next().value!);
    knownSecrets.add(value);
  }
}

// Each pattern is linear: a literal anchor, then one character class; no nested quantifiers.
const AUTH_SCHEME = /\b(Bearer|OAuth|Basic)\s+[\w.~+/=-]+/gi;
const SECRET_PAIR =
  /\b(access_token|refresh_token|id_token|client_secret|code_verifier|password|api_key|apikey|secret|token|signature|authorization|cookie)(["']?\s?[:=]\s?["']?)[^\s"'&,;}]+/gi;
const QUERY_CODE = /([?&](?:code|key|sig)=)[^\s"'&#]+/gi;
/** Token shapes of Google (ya29., 1//), TikTok (act., rft.) and Meta (EAA…, IG…). */
const TOKEN_SHAPE =
  /\b(?:ya29\.|1\/\/|act\.|rft\.|EAA|IGQ|IGAA)[\w.~+/=-]{8,}/g;

/** `text` with every token, code and secret it carries replaced by [REDACTED]. */
export function redactSecrets(text: string): string {
  let out = text
    .replace(AUTH_SCHEME, `$1 ${REDACTED}`)
    .replace(SECRET_PAIR, `$1$2${REDACTED}`)
    .replace(QUERY_CODE, `$1${REDACTED}`)
    .replace(TOKEN_SHAPE, REDACTED);
  for (const secret of knownSecrets)
    if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  return out;
}

/** A copy of `value` with every string in it passed through `redactSecrets`. */
export function redactDeep(value: unknown, depth = 0): unknown {
  if (typeof value === "string") return redactSecrets(value);
  if (depth > 8 || value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, depth + 1));
  if (value instanceof Error) return redactDeep(serializeError(value), depth);
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k, redactDeep(v, depth + 1)]),
  );
}

const serializeError = (error: Error) =>
  pino.stdSerializers.err(error) as unknown as Record<string, unknown>;

/**
 * The one logger. Structured JSON to stderr by default (stdout stays free for command output);
 * LOG_LEVEL picks the level, LOG_PRETTY=1 makes it human-readable. Secrets never reach a line:
 * known secret fields are redacted by path, and every string (error messages and bodies included)
 * is scrubbed of tokens by `redactSecrets`.
 */
export function createLogger(
  destination: pino.DestinationStream,
  level = process.env.LOG_LEVEL ?? "info",
) {
  return pino(
    {
      level,
      base: undefined,
      redact: { paths: REDACT_PATHS, censor: REDACTED },
      serializers: { err: (error: Error) => redactDeep(error) },
      formatters: {
        log: (object) => redactDeep(object) as Record<string, unknown>,
      },
      hooks: {
        logMethod(args, method) {
          method.apply(
            this,
            args.map((arg) =>
              typeof arg === "string" ? redactSecrets(arg) : arg,
            ) as Parameters<typeof method>,
          );
        },
      },
    },
    destination,
  );
}

export const log = createLogger(
  process.env.LOG_PRETTY === "1"
    ? pino.transport({ target: "pino-pretty", options: { destination: 2 } })
    : pino.destination(2),
);

export type Logger = typeof log;
