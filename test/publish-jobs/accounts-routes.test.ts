import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as account from "../../app/api/v1/accounts/[id]/route";
import * as callback from "../../app/api/v1/accounts/callback/[platform]/route";
import * as connect from "../../app/api/v1/accounts/connect/route";
import * as accounts from "../../app/api/v1/accounts/route";
import * as openapi from "../../app/api/v1/openapi.json/route";
import { FakeYouTube } from "../fakes/youtube-server";
import { createApiHarness, type ApiHarness } from "../api/harness";

let api: ApiHarness;
let youtube: FakeYouTube;

beforeAll(async () => {
  api = await createApiHarness();
  youtube = await new FakeYouTube().start();
  // The routes read the process's configuration, as in the app.
  vi.stubEnv("REELWRIGHT_SECRET_KEY", randomBytes(32).toString("base64"));
  vi.stubEnv("REELWRIGHT_PUBLIC_URL", "https://app.example");
  vi.stubEnv("YOUTUBE_CLIENT_ID", "yt-client");
  vi.stubEnv("YOUTUBE_CLIENT_SECRET", "yt-secret");
  vi.stubEnv("YOUTUBE_OAUTH_BASE_URL", youtube.url);
  vi.stubEnv("YOUTUBE_API_BASE_URL", youtube.url);
  vi.stubEnv("TIKTOK_CLIENT_KEY", "");
  vi.stubEnv("TIKTOK_CLIENT_SECRET", "");
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await youtube?.stop();
  await api?.close();
});

/** The browser's trip: consent on the fake, then the platform's redirect to the callback. */
async function consentAndReturn(url: string, state?: string) {
  const params = new URL(url).searchParams;
  const code = youtube.grantCode(params.get("code_challenge")!);
  return api.call(callback.GET, {
    key: null,
    path: `/api/v1/accounts/callback/youtube?code=${code}&state=${state ?? params.get("state")}`,
    params: { platform: "youtube" },
  });
}

describe("the accounts routes", () => {
  it("connect → consent → callback connects the account, and it is listed without tokens", async () => {
    const started = await api.call(connect.POST, {
      json: { platform: "youtube" },
    });
    expect(started.status).toBe(200);
    expect(started.data.url).toMatch(/^https?:\/\//);

    const back = await consentAndReturn(started.data.url);
    expect(back.status).toBe(303);
    expect(back.response.headers.get("location")).toBe(
      "https://app.example/accounts?connected=youtube",
    );

    const listed = await api.call(accounts.GET);
    expect(listed.status).toBe(200);
    expect(listed.data.items).toHaveLength(1);
    expect(listed.data.items[0]).toMatchObject({
      platform: "youtube",
      status: "connected",
      site_id: api.site.id,
    });
    const text = JSON.stringify(listed.data);
    expect(text).not.toMatch(/token_enc|access_token|refresh_token/);
    expect(text).not.toContain("test-access-token");
  });

  it("redirects a forged or replayed state back to the app with the reason", async () => {
    const started = await api.call(connect.POST, {
      json: { platform: "youtube" },
    });
    const back = await consentAndReturn(started.data.url, "forged");
    expect(back.status).toBe(303);
    const location = back.response.headers.get("location")!;
    expect(location).toBe("https://app.example/accounts?error=unknown_state");
  });

  it("says which set-up is missing for a platform without app credentials", async () => {
    const { status, data } = await api.call(connect.POST, {
      json: { platform: "tiktok" },
    });
    expect(status).toBe(422);
    expect(data.error.code).toBe("not_configured");
    expect(data.error.message).toMatch(/TIKTOK_CLIENT_KEY/);
  });

  it("needs the site's key, and another site's account is a 404", async () => {
    expect((await api.call(accounts.GET, { key: null })).status).toBe(401);
    const [mine] = (await api.call(accounts.GET)).data.items;
    const theirs = await api.call(account.DELETE, {
      method: "DELETE",
      key: api.otherKey,
      params: { id: String(mine.id) },
    });
    expect(theirs.status).toBe(404);
    expect(
      (await api.call(accounts.GET, { key: api.otherKey })).data.items,
    ).toEqual([]);

    const gone = await api.call(account.DELETE, {
      method: "DELETE",
      params: { id: String(mine.id) },
    });
    expect(gone.status).toBe(200);
    expect(gone.data.status).toBe("disconnected");
  });

  it("documents the routes in the OpenAPI document", async () => {
    const { data } = await api.call(openapi.GET, { key: null });
    expect(data.paths["/api/v1/accounts/"].get.operationId).toBe(
      "listAccounts",
    );
    expect(data.paths["/api/v1/accounts/connect/"].post).toBeDefined();
    expect(
      data.paths["/api/v1/accounts/callback/{platform}"].get.security,
    ).toEqual([]);
    expect(data.paths["/api/v1/accounts/{id}/"].delete).toBeDefined();
  });
});
