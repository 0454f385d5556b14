import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { log, registerSecrets } from "../log";
import type { PlatformId } from "./limits";
import type { Endpoints } from "./endpoints";
import {
  PlatformApiError,
  ReconnectRequiredError,
  isTransientStatus,
  parseResponse,
  readJson,
  retryAfterMs,
  send,
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

const randomToken = (bytes = 32) => randomBytes(bytes).toString("base64url");

/** RFC 7636 S256: BASE64URL(SHA-256(verifier)). */
export const s256Challenge = (verifier: string) =>
  createHash("sha256").update(verifier).digest("base64url");

/** TikTok's S256 departs from RFC 7636: its Login Kit docs hex-encode the SHA-256. */
export const tiktokS256Challenge = (verifier: string) =>
  createHash("sha256").update(verifier).digest("hex");

/** Compares the `state` that came back with the one we sent, in constant time. */
export function stateMatches(expected: string, received: string | null) {
  if (!received) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(received);
  return a.length === b.length && timingSafeEqual(a, b);
}

const FIVE_MINUTES = 5 * 60 * 1000;

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

const form = (fields: Record<string, string>) => ({
  method: "POST",
  headers: { "content-type": "application/x-www-form-urlencoded" },
  body: new URLSearchParams(fields).toString(),
});

/** A refused grant means reconnect; anything else (5xx, a bad client id) is the platform's error. */
async function tokenRequest(
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
    throw new PlatformApiError(
      platform,
      response.status,
      `${what} failed: ${describeOAuthError(body)}`,
      {
        retryable: isTransientStatus(response.status),
        retryAfterMs: retryAfterMs(response),
        body,
      },
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

const oauthErrorCode = (body: unknown) => {
  const parsed = oauthErrorSchema.safeParse(body);
  return parsed.success && typeof parsed.data.error === "string"
    ? parsed.data.error
    : null;
};

const googleTokenSchema = z.object({
  access_token: z.string(),
  expires_in: z.number(),
  refresh_token: z.string().optional(),
  scope: z.string().optional(),
});

export const YOUTUBE_SCOPES = [
  "https://www.googleapis.com/auth/youtube.upload",
  "https://www.googleapis.com/auth/youtube.force-ssl",
  "https://www.googleapis.com/auth/yt-analytics.readonly",
];

/** Google OAuth 2.0 for YouTube: PKCE S256, offline access for a refresh token. */
export function youtubeOAuth(
  credentials: OAuthCredentials,
  endpoints: Endpoints["youtube"],
  now: () => number = Date.now,
): OAuthProvider {
  const tokenUrl = `${endpoints.oauthBaseUrl}/token`;
  const refused = (status: number, body: unknown) =>
    status === 400 && oauthErrorCode(body) === "invalid_grant";
  const toTokens = (body: unknown, previous?: OAuthTokens): OAuthTokens => {
    const t = parseResponse("youtube", "token", googleTokenSchema, body);
    const refreshToken = t.refresh_token ?? previous?.refreshToken;
    if (!refreshToken) {
      throw new ReconnectRequiredError(
        "youtube",
        "Google returned no refresh token",
      );
    }
    return {
      accessToken: t.access_token,
      refreshToken,
      expiresAt: now() + t.expires_in * 1000,
      refreshExpiresAt: null,
      scope: t.scope ?? previous?.scope ?? null,
      accountId: null,
    };
  };
  return {
    platform: "youtube",
    refreshMarginMs: FIVE_MINUTES,
    authorizationRequest(scopes = YOUTUBE_SCOPES) {
      const state = randomToken();
      const codeVerifier = randomToken(48);
      const url = new URL(endpoints.authUrl);
      url.search = new URLSearchParams({
        client_id: credentials.clientId,
        redirect_uri: credentials.redirectUri,
        response_type: "code",
        scope: scopes.join(" "),
        access_type: "offline",
        // Without consent Google omits the refresh token on a second connection.
        prompt: "consent",
        include_granted_scopes: "true",
        state,
        code_challenge: s256Challenge(codeVerifier),
        code_challenge_method: "S256",
      }).toString();
      return { url: url.toString(), state, codeVerifier };
    },
    async exchangeCode(code, codeVerifier) {
      const body = await tokenRequest(
        "youtube",
        "code exchange",
        tokenUrl,
        form({
          grant_type: "authorization_code",
          code,
          client_id: credentials.clientId,
          client_secret: credentials.clientSecret,
          redirect_uri: credentials.redirectUri,
          ...(codeVerifier ? { code_verifier: codeVerifier } : {}),
        }),
        refused,
      );
      return toTokens(body);
    },
    async refresh(tokens) {
      if (!tokens.refreshToken)
        throw new ReconnectRequiredError("youtube", "no refresh token");
      const body = await tokenRequest(
        "youtube",
        "refresh",
        tokenUrl,
        form({
          grant_type: "refresh_token",
          refresh_token: tokens.refreshToken,
          client_id: credentials.clientId,
          client_secret: credentials.clientSecret,
        }),
        refused,
      );
      return toTokens(body, tokens);
    },
  };
}

const tiktokTokenSchema = z.object({
  access_token: z.string(),
  expires_in: z.number(),
  open_id: z.string(),
  refresh_token: z.string(),
  refresh_expires_in: z.number(),
  scope: z.string(),
});

export const TIKTOK_SCOPES = [
  "user.info.basic",
  "video.publish",
  "video.upload",
  "video.list",
];

/**
 * TikTok Login Kit. Its refresh rotates the refresh token: the old one stops working, so the
 * result (always carrying the new one) must be saved before anything else happens.
 */
export function tiktokOAuth(
  credentials: OAuthCredentials,
  endpoints: Endpoints["tiktok"],
  now: () => number = Date.now,
): OAuthProvider {
  const tokenUrl = `${endpoints.apiBaseUrl}/v2/oauth/token/`;
  // TikTok answers some refusals with 200 and an `error` field, so the status alone is not enough.
  const refused = (_status: number, body: unknown) => {
    const code = oauthErrorCode(body);
    return code !== null && code !== "";
  };
  const toTokens = (body: unknown): OAuthTokens => {
    const t = parseResponse("tiktok", "token", tiktokTokenSchema, body);
    return {
      accessToken: t.access_token,
      refreshToken: t.refresh_token,
      expiresAt: now() + t.expires_in * 1000,
      refreshExpiresAt: now() + t.refresh_expires_in * 1000,
      scope: t.scope,
      accountId: t.open_id,
    };
  };
  return {
    platform: "tiktok",
    refreshMarginMs: FIVE_MINUTES,
    authorizationRequest(scopes = TIKTOK_SCOPES) {
      const state = randomToken();
      const codeVerifier = randomToken(48);
      const url = new URL(endpoints.authUrl);
      url.search = new URLSearchParams({
        client_key: credentials.clientId,
        redirect_uri: credentials.redirectUri,
        response_type: "code",
        scope: scopes.join(","),
        state,
        code_challenge: tiktokS256Challenge(codeVerifier),
        code_challenge_method: "S256",
      }).toString();
      return { url: url.toString(), state, codeVerifier };
    },
    async exchangeCode(code, codeVerifier) {
      const body = await tokenRequest(
        "tiktok",
        "code exchange",
        tokenUrl,
        form({
          client_key: credentials.clientId,
          client_secret: credentials.clientSecret,
          code,
          grant_type: "authorization_code",
          redirect_uri: credentials.redirectUri,
          ...(codeVerifier ? { code_verifier: codeVerifier } : {}),
        }),
        refused,
      );
      return toTokens(body);
    },
    async refresh(tokens) {
      if (!tokens.refreshToken)
        throw new ReconnectRequiredError("tiktok", "no refresh token");
      if (tokens.refreshExpiresAt !== null && tokens.refreshExpiresAt <= now())
        throw new ReconnectRequiredError("tiktok", "the refresh token expired");
      const body = await tokenRequest(
        "tiktok",
        "refresh",
        tokenUrl,
        form({
          client_key: credentials.clientId,
          client_secret: credentials.clientSecret,
          grant_type: "refresh_token",
          refresh_token: tokens.refreshToken,
        }),
        refused,
      );
      return toTokens(body);
    },
  };
}

const instagramShortTokenSchema = z.union([
  z.object({
    access_token: z.string(),
    user_id: z.union([z.string(), z.number()]),
  }),
  z
    .object({
      data: z
        .array(
          z.object({
            access_token: z.string(),
            user_id: z.union([z.string(), z.number()]),
          }),
        )
        .min(1),
    })
    .transform((b) => b.data[0]),
]);
const instagramLongTokenSchema = z.object({
  access_token: z.string(),
  expires_in: z.number(),
});

export const INSTAGRAM_SCOPES = [
  "instagram_business_basic",
  "instagram_business_content_publish",
  "instagram_business_manage_insights",
];

/**
 * Instagram API with Instagram Login. No PKCE; the code buys a one-hour token that is traded for
 * a 60-day one, which is itself refreshed (there is no separate refresh token).
 */
export function instagramOAuth(
  credentials: OAuthCredentials,
  endpoints: Endpoints["instagram"],
  now: () => number = Date.now,
): OAuthProvider {
  // Graph answers a dead token with 400 and OAuthException code 190.
  const refused = (status: number, body: unknown) =>
    status === 400 &&
    (oauthErrorCode(body) === "invalid_grant" ||
      z.object({ error: z.object({ code: z.literal(190) }) }).safeParse(body)
        .success);
  const longLived = (body: unknown, accountId: string | null): OAuthTokens => {
    const t = parseResponse(
      "instagram",
      "long-lived token",
      instagramLongTokenSchema,
      body,
    );
    return {
      accessToken: t.access_token,
      refreshToken: null,
      expiresAt: now() + t.expires_in * 1000,
      refreshExpiresAt: null,
      scope: null,
      accountId,
    };
  };
  return {
    platform: "instagram",
    // Long-lived tokens last 60 days and may be refreshed once a day old: renew a week ahead.
    refreshMarginMs: 7 * 24 * 60 * 60 * 1000,
    authorizationRequest(scopes = INSTAGRAM_SCOPES) {
      const state = randomToken();
      const url = new URL(endpoints.authUrl);
      url.search = new URLSearchParams({
        client_id: credentials.clientId,
        redirect_uri: credentials.redirectUri,
        response_type: "code",
        scope: scopes.join(","),
        state,
      }).toString();
      return { url: url.toString(), state, codeVerifier: null };
    },
    async exchangeCode(code) {
      const short = parseResponse(
        "instagram",
        "code exchange",
        instagramShortTokenSchema,
        await tokenRequest(
          "instagram",
          "code exchange",
          `${endpoints.oauthBaseUrl}/oauth/access_token`,
          form({
            client_id: credentials.clientId,
            client_secret: credentials.clientSecret,
            grant_type: "authorization_code",
            redirect_uri: credentials.redirectUri,
            code,
          }),
          refused,
        ),
      );
      const url = new URL(`${endpoints.graphBaseUrl}/access_token`);
      url.search = new URLSearchParams({
        grant_type: "ig_exchange_token",
        client_secret: credentials.clientSecret,
        access_token: short.access_token,
      }).toString();
      const body = await tokenRequest(
        "instagram",
        "long-lived token",
        url.toString(),
        { method: "GET" },
        refused,
      );
      return longLived(body, String(short.user_id));
    },
    async refresh(tokens) {
      if (tokens.expiresAt <= now())
        throw new ReconnectRequiredError("instagram", "the token expired");
      const url = new URL(`${endpoints.graphBaseUrl}/refresh_access_token`);
      url.search = new URLSearchParams({
        grant_type: "ig_refresh_token",
        access_token: tokens.accessToken,
      }).toString();
      const body = await tokenRequest(
        "instagram",
        "refresh",
        url.toString(),
        { method: "GET" },
        refused,
      );
      return longLived(body, tokens.accountId);
    },
  };
}
