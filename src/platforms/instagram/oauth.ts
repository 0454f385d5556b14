import { z } from "zod";
import type { Endpoints } from "../endpoints";
import { parseResponse, ReconnectRequiredError, withQuery } from "../http";
import {
  consentRequest,
  grantForm,
  oauthErrorCode,
  tokenRequest,
  type OAuthCredentials,
  type OAuthProvider,
  type OAuthTokens,
} from "../oauth";

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
    authorizationRequest: (scopes = INSTAGRAM_SCOPES) =>
      consentRequest(
        endpoints.authUrl,
        credentials,
        { scope: scopes.join(",") },
        null,
      ),
    async exchangeCode(code) {
      const short = parseResponse(
        "instagram",
        "code exchange",
        instagramShortTokenSchema,
        await tokenRequest(
          "instagram",
          "code exchange",
          `${endpoints.oauthBaseUrl}/oauth/access_token`,
          grantForm(credentials, { code }),
          refused,
        ),
      );
      const body = await tokenRequest(
        "instagram",
        "long-lived token",
        withQuery(`${endpoints.graphBaseUrl}/access_token`, {
          grant_type: "ig_exchange_token",
          client_secret: credentials.clientSecret,
          access_token: short.access_token,
        }),
        { method: "GET" },
        refused,
      );
      return longLived(body, String(short.user_id));
    },
    async refresh(tokens) {
      if (tokens.expiresAt <= now())
        throw new ReconnectRequiredError("instagram", "the token expired");
      const body = await tokenRequest(
        "instagram",
        "refresh",
        withQuery(`${endpoints.graphBaseUrl}/refresh_access_token`, {
          grant_type: "ig_refresh_token",
          access_token: tokens.accessToken,
        }),
        { method: "GET" },
        refused,
      );
      return longLived(body, tokens.accountId);
    },
  };
}
