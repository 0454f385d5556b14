import { createHash } from "node:crypto";
import { z } from "zod";
import type { Endpoints } from "../endpoints";
import { parseResponse, ReconnectRequiredError } from "../http";
import {
  consentRequest,
  FIVE_MINUTES,
  grantForm,
  oauthErrorCode,
  tokenRequest,
  type OAuthCredentials,
  type OAuthProvider,
  type OAuthTokens,
} from "../oauth";

/** TikTok's S256 departs from RFC 7636: its Login Kit docs hex-encode the SHA-256. */
export const tiktokS256Challenge = (verifier: string) =>
  createHash("sha256").update(verifier).digest("hex");

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
    authorizationRequest: (scopes = TIKTOK_SCOPES) =>
      consentRequest(
        endpoints.authUrl,
        credentials,
        { scope: scopes.join(",") },
        tiktokS256Challenge,
        "client_key",
      ),
    async exchangeCode(code, codeVerifier) {
      const body = await tokenRequest(
        "tiktok",
        "code exchange",
        tokenUrl,
        grantForm(credentials, { code, codeVerifier }, "client_key"),
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
        grantForm(
          credentials,
          { refreshToken: tokens.refreshToken },
          "client_key",
        ),
        refused,
      );
      return toTokens(body);
    },
  };
}
