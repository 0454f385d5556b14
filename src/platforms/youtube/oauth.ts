import { z } from "zod";
import type { Endpoints } from "../endpoints";
import { parseResponse, ReconnectRequiredError } from "../http";
import {
  consentRequest,
  FIVE_MINUTES,
  grantForm,
  oauthErrorCode,
  s256Challenge,
  tokenRequest,
  type OAuthCredentials,
  type OAuthProvider,
  type OAuthTokens,
} from "../oauth";

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
    authorizationRequest: (scopes = YOUTUBE_SCOPES) =>
      consentRequest(
        endpoints.authUrl,
        credentials,
        {
          scope: scopes.join(" "),
          access_type: "offline",
          // Without consent Google omits the refresh token on a second connection.
          prompt: "consent",
          include_granted_scopes: "true",
        },
        s256Challenge,
      ),
    async exchangeCode(code, codeVerifier) {
      const body = await tokenRequest(
        "youtube",
        "code exchange",
        tokenUrl,
        grantForm(credentials, { code, codeVerifier }),
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
        grantForm(credentials, { refreshToken: tokens.refreshToken }),
        refused,
      );
      return toTokens(body, tokens);
    },
  };
}
