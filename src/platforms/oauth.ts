import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { log, registerSecrets } from "../log";
import type { PlatformId } from "./limits";
import {
  ReconnectRequiredError,
  readJson,
  send,
  withQuery,
  answerError,
} from "./http";

/** What the caller persists per connected account; `saveTokens` receives a new one after every refresh. */
export type OAuthTokens = {
  accessToken: string;
  /** Null for Instagram, whose long-lived access token refreshes itself. */
  refreshToken: string | null;
  /** Milliseconds since the epoch. */
  expiresAt: number;
  refreshExpiresAt: number | null;
  scope: string | null;
  /** TikTok's open_id, Instagram's user id; null for Google. */
  accountId: string | null;
};

export type OAuthCredentials = {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
};

/** Keep `state` and `codeVerifier` (in the user's session) until the redirect comes back. */
export type AuthorizationRequest = {
  url: string;
  state: string;
  codeVerifier: string | null;
};

export type OAuthProvider = {
  platform: PlatformId;
  /** Refresh when the access token expires within this long. */
  refreshMarginMs: number;
  authorizationRequest(scopes?: string[]): AuthorizationRequest;
  exchangeCode(code: string, codeVerifier: string | null): Promise<OAuthTokens>;
  refresh(tokens: OAuthTokens): Promise<OAuthTokens>;
};

export const randomToken = (bytes = 32) =>
  randomBytes(bytes).toString("base64url");

/** RFC 7636 S256: BASE64URL(SHA-256(verifier)). */
export const s256Challenge = (verifier: string) =>
  createHash("sha256").update(verifier).digest("base64url");

/** Compares the `state` that came back with the one we sent, in constant time. */
export function stateMatches(expected: string, received: string | null) {
  if (!received) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(received);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The consent URL asking for a code, with the client's id, `params`, a fresh `state` and, for a
 * platform that takes PKCE, a new code verifier whose S256 challenge `challenge` computes.
 */
export function consentRequest(
  authUrl: string,
  credentials: OAuthCredentials,
  params: Record<string, string>,
  challenge: ((verifier: string) => string) | null,
  clientIdField: "client_id" | "client_key" = "client_id",
): AuthorizationRequest {
  const state = randomToken();
  const codeVerifier = challenge ? randomToken(48) : null;
  const pkce: Record<string, string> =
    challenge && codeVerifier
      ? {
          code_challenge: challenge(codeVerifier),
          code_challenge_method: "S256",
        }
      : {};
  return {
    url: withQuery(authUrl, {
      [clientIdField]: credentials.clientId,
      redirect_uri: credentials.redirectUri,
      response_type: "code",
      ...params,
      state,
      ...pkce,
    }),
    state,
    codeVerifier,
  };
}

export const FIVE_MINUTES = 5 * 60 * 1000;

/** Returns tokens valid for longer than the provider's margin, refreshing (and saving) when needed. */
export async function ensureFreshTokens(
  provider: OAuthProvider,
  tokens: OAuthTokens,
  saveTokens: (tokens: OAuthTokens) => Promise<void>,
  now = Date.now(),
): Promise<OAuthTokens> {
  if (tokens.expiresAt - now > provider.refreshMarginMs) return tokens;
  log.info({ platform: provider.platform }, "refreshing the access token");
  const fresh = await provider.refresh(tokens);
  await saveTokens(fresh);
  return fresh;
}

/**
 * An access-token getter for the clients: refreshes near expiry, and lets concurrent callers share
 * one refresh (a rotated refresh token may only be used once).
 */
export function accessTokenSource(
  provider: OAuthProvider,
  initial: OAuthTokens,
  saveTokens: (tokens: OAuthTokens) => Promise<void>,
  now: () => number = Date.now,
): () => Promise<string> {
  let current = initial;
  registerSecrets(initial.accessToken, initial.refreshToken);
  let pending: Promise<OAuthTokens> | null = null;
  return async () => {
    pending ??= ensureFreshTokens(provider, current, saveTokens, now())
      .then((tokens) => {
        registerSecrets(tokens.accessToken, tokens.refreshToken);
        return (current = tokens);
      })
      .finally(() => (pending = null));
    return (await pending).accessToken;
  };
}

export const form = (fields: Record<string, string>) => ({
  method: "POST",
  headers: { "content-type": "application/x-www-form-urlencoded" },
  body: new URLSearchParams(fields).toString(),
});

/**
 * The token endpoint's form for a grant, with the client's credentials: the authorization code
 * (and the PKCE verifier when there is one), or a refresh token. TikTok calls the client id
 * `client_key`.
 */
export function grantForm(
  credentials: OAuthCredentials,
  grant:
    { code: string; codeVerifier?: string | null } | { refreshToken: string },
  clientIdField: "client_id" | "client_key" = "client_id",
) {
  return form({
    [clientIdField]: credentials.clientId,
    client_secret: credentials.clientSecret,
    ...("code" in grant
      ? {
          grant_type: "authorization_code",
          code: grant.code,
          redirect_uri: credentials.redirectUri,
          ...(grant.codeVerifier ? { code_verifier: grant.codeVerifier } : {}),
        }
      : { grant_type: "refresh_token", refresh_token: grant.refreshToken }),
  });
}

/** A refused grant means reconnect; anything else (5xx, a bad client id) is the platform's error. */
export async function tokenRequest(
  platform: PlatformId,
  what: string,
  url: string,
  init: RequestInit,
  isRefusedGrant: (status: number, body: unknown) => boolean,
): Promise<unknown> {
  const response = await send(`${platform} ${what}`, url, init);
  const body = await readJson(response);
  if (isRefusedGrant(response.status, body)) {
    throw new ReconnectRequiredError(platform, describeOAuthError(body));
  }
  if (!response.ok) {
    throw answerError(
      platform,
      response,
      `${what} failed: ${describeOAuthError(body)}`,
      { body },
    );
  }
  const tokens = z
    .object({ access_token: z.string(), refresh_token: z.string() })
    .partial()
    .safeParse(body);
  if (tokens.success)
    registerSecrets(tokens.data.access_token, tokens.data.refresh_token);
  return body;
}

const oauthErrorSchema = z.object({
  error: z.union([
    z.string(),
    z.object({ message: z.string(), code: z.number().optional() }),
  ]),
  error_description: z.string().optional(),
});

function describeOAuthError(body: unknown) {
  const parsed = oauthErrorSchema.safeParse(body);
  if (!parsed.success) return JSON.stringify(body);
  const { error, error_description } = parsed.data;
  if (typeof error !== "string") return error.message;
  return error_description ? `${error}: ${error_description}` : error;
}

export const oauthErrorCode = (body: unknown) => {
  const parsed = oauthErrorSchema.safeParse(body);
  return parsed.success && typeof parsed.data.error === "string"
    ? parsed.data.error
    : null;
};
