import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  PlatformApiError,
  ReconnectRequiredError,
} from "../../src/platforms/http";
import { instagramOAuth } from "../../src/platforms/instagram/oauth";
import {
  accessTokenSource,
  ensureFreshTokens,
  s256Challenge,
  stateMatches,
  type OAuthTokens,
} from "../../src/platforms/oauth";
import {
  tiktokOAuth,
  tiktokS256Challenge,
} from "../../src/platforms/tiktok/oauth";
import { youtubeOAuth } from "../../src/platforms/youtube/oauth";
import { FakeHttpServer, json } from "../fakes/http";
import { FakeInstagram } from "../fakes/instagram-server";
import { FakeTikTok } from "../fakes/tiktok-server";
import { FakeYouTube } from "../fakes/youtube-server";

const credentials = {
  clientId: "client-id",
  clientSecret: "client-secret",
  redirectUri: "https://app.example/callback",
};
let youtube: FakeYouTube;
let tiktok: FakeTikTok;
let instagram: FakeInstagram;

beforeAll(async () => {
  youtube = await new FakeYouTube().start();
  tiktok = await new FakeTikTok().start();
  instagram = await new FakeInstagram().start();
});
afterAll(async () => {
  await youtube.stop();
  await tiktok.stop();
  await instagram.stop();
});

const googleProvider = () =>
  youtubeOAuth(credentials, {
    authUrl: "https://accounts.google.com/o/oauth2/v2/auth",
    oauthBaseUrl: youtube.url,
    apiBaseUrl: youtube.url,
    analyticsBaseUrl: youtube.url,
  });
const tiktokProvider = (now?: () => number) =>
  tiktokOAuth(
    credentials,
    {
      authUrl: "https://www.tiktok.com/v2/auth/authorize/",
      apiBaseUrl: tiktok.url,
    },
    now,
  );

describe("OAuth", () => {
  it("builds Google's consent URL with state and an S256 challenge, and exchanges the code", async () => {
    const provider = googleProvider();
    const request = provider.authorizationRequest();
    const url = new URL(request.url);
    expect(url.origin + url.pathname).toBe(
      "https://accounts.google.com/o/oauth2/v2/auth",
    );
    expect(url.searchParams.get("state")).toBe(request.state);
    expect(url.searchParams.get("code_challenge_method")).toBe("S256");
    expect(url.searchParams.get("code_challenge")).toBe(
      s256Challenge(request.codeVerifier!),
    );
    expect(url.searchParams.get("access_type")).toBe("offline");
    expect(stateMatches(request.state, url.searchParams.get("state"))).toBe(
      true,
    );
    expect(stateMatches(request.state, "forged")).toBe(false);

    const code = youtube.grantCode(url.searchParams.get("code_challenge")!);
    const tokens = await provider.exchangeCode(code, request.codeVerifier);
    expect(youtube.accessTokens.has(tokens.accessToken)).toBe(true);
    expect(youtube.refreshTokens.has(tokens.refreshToken!)).toBe(true);
    expect(tokens.expiresAt).toBeGreaterThan(Date.now() + 3500_000);

    // The wrong verifier is refused.
    const other = youtube.grantCode(url.searchParams.get("code_challenge")!);
    await expect(provider.exchangeCode(other, "wrong")).rejects.toBeInstanceOf(
      ReconnectRequiredError,
    );
  });

  it("refreshes only within five minutes of expiry, keeping Google's refresh token", async () => {
    const provider = googleProvider();
    const saved: OAuthTokens[] = [];
    const tokens: OAuthTokens = {
      accessToken: "test-access-token",
      refreshToken: "test-refresh-token",
      expiresAt: Date.now() + 10 * 60_000,
      refreshExpiresAt: null,
      scope: null,
      accountId: null,
    };
    const save = async (t: OAuthTokens) => void saved.push(t);
    expect(await ensureFreshTokens(provider, tokens, save)).toBe(tokens);
    expect(saved).toHaveLength(0);

    const soon = { ...tokens, expiresAt: Date.now() + 4 * 60_000 };
    const fresh = await ensureFreshTokens(provider, soon, save);
    expect(fresh.accessToken).not.toBe(tokens.accessToken);
    expect(fresh.refreshToken).toBe("test-refresh-token");
    expect(saved).toEqual([fresh]);
  });

  it("raises ReconnectRequiredError when Google refuses the refresh", async () => {
    const provider = googleProvider();
    await expect(
      provider.refresh({
        accessToken: "x",
        refreshToken: "revoked",
        expiresAt: 0,
        refreshExpiresAt: null,
        scope: null,
        accountId: null,
      }),
    ).rejects.toBeInstanceOf(ReconnectRequiredError);
  });

  it("treats a throttled token endpoint as worth retrying, after its Retry-After", async () => {
    const throttled = await new FakeHttpServer(() =>
      json(429, { error: "rate_limited" }, { "retry-after": "3" }),
    ).start();
    try {
      const provider = youtubeOAuth(credentials, {
        authUrl: "https://accounts.google.com/o/oauth2/v2/auth",
        oauthBaseUrl: throttled.url,
        apiBaseUrl: throttled.url,
        analyticsBaseUrl: throttled.url,
      });
      const error = await provider
        .refresh({
          accessToken: "x",
          refreshToken: "test-refresh-token",
          expiresAt: 0,
          refreshExpiresAt: null,
          scope: null,
          accountId: null,
        })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PlatformApiError);
      expect(error).toMatchObject({ retryable: true, retryAfterMs: 3000 });
    } finally {
      await throttled.stop();
    }
  });

  it("stores TikTok's rotated refresh token on every refresh; the old one is dead", async () => {
    let clock = Date.now();
    const provider = tiktokProvider(() => clock);
    const request = provider.authorizationRequest();
    const url = new URL(request.url);
    expect(url.searchParams.get("client_key")).toBe("client-id");
    expect(url.searchParams.get("code_challenge")).toBe(
      tiktokS256Challenge(request.codeVerifier!),
    );
    expect(url.searchParams.get("code_challenge")).toMatch(/^[0-9a-f]{64}$/);
    expect(url.searchParams.get("scope")).toBe(
      "user.info.basic,video.publish,video.upload,video.list",
    );
    const first = await provider.exchangeCode(
      tiktok.grantCode(url.searchParams.get("code_challenge")!),
      request.codeVerifier,
    );
    expect(first.accountId).toBe("open-id-1");

    const saved: OAuthTokens[] = [];
    const token = accessTokenSource(
      provider,
      first,
      async (t) => void saved.push(t),
      () => clock,
    );
    expect(await token()).toBe(first.accessToken);
    clock += 86_400_000 - 60_000; // a minute before expiry
    // Two callers at once share one refresh: a second would spend the rotated token.
    const [a, b] = await Promise.all([token(), token()]);
    expect(a).toBe(b);
    expect(saved).toHaveLength(1);
    expect(saved[0].refreshToken).not.toBe(first.refreshToken);
    expect(tiktok.refreshTokens.has(first.refreshToken!)).toBe(false);
    expect(tiktok.accessTokens.has(a)).toBe(true);

    clock += 86_400_000;
    await token();
    expect(saved).toHaveLength(2);
    expect(saved[1].refreshToken).not.toBe(saved[0].refreshToken);

    // Replaying a spent refresh token is refused: reconnect.
    await expect(provider.refresh(saved[0])).rejects.toBeInstanceOf(
      ReconnectRequiredError,
    );
  });

  it("trades Instagram's code for a 60-day token and renews it a week before expiry", async () => {
    let clock = Date.now();
    const provider = instagramOAuth(
      credentials,
      {
        authUrl: "https://www.instagram.com/oauth/authorize",
        oauthBaseUrl: instagram.url,
        graphBaseUrl: instagram.url,
        uploadBaseUrl: instagram.url,
        graphVersion: instagram.version,
      },
      () => clock,
    );
    const request = provider.authorizationRequest();
    expect(request.codeVerifier).toBeNull();
    const url = new URL(request.url);
    expect(url.searchParams.get("state")).toBe(request.state);
    expect(url.searchParams.get("scope")).toContain(
      "instagram_business_content_publish",
    );

    const tokens = await provider.exchangeCode(instagram.grantCode(), null);
    expect(tokens.accessToken).toMatch(/^IGQlong/);
    expect(tokens.accountId).toMatch(/^\d+$/);
    expect(tokens.expiresAt).toBe(clock + 5_184_000_000);

    const saved: OAuthTokens[] = [];
    const save = async (t: OAuthTokens) => void saved.push(t);
    clock = tokens.expiresAt - 8 * 86_400_000;
    expect(await ensureFreshTokens(provider, tokens, save, clock)).toBe(tokens);
    clock = tokens.expiresAt - 6 * 86_400_000;
    const renewed = await ensureFreshTokens(provider, tokens, save, clock);
    expect(renewed.accessToken).not.toBe(tokens.accessToken);
    expect(saved).toEqual([renewed]);
    expect(instagram.accessTokens.has(renewed.accessToken)).toBe(true);

    await expect(
      provider.refresh({ ...tokens, accessToken: "revoked" }),
    ).rejects.toBeInstanceOf(ReconnectRequiredError);
  });
});
