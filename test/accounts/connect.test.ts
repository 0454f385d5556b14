import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config";
import { SecretKeyError } from "../../src/db/crypto";
import { schema } from "../../src/db";
import { PlatformNotConfiguredError } from "../../src/platforms/credentials";
import { s256Challenge } from "../../src/platforms/oauth";
import { tiktokS256Challenge } from "../../src/platforms/tiktok/oauth";
import type { PlatformId } from "../../src/platforms/limits";
import {
  AccountConnectionError,
  beginConnection,
  completeConnection,
  disconnectAccount,
  listAccounts,
} from "../../src/services/social-accounts";
import { json } from "../fakes/http";
import { connect, consent, storedAccount, setUpAccountsWorld } from "./setup";

const world = setUpAccountsWorld();

const tokenRequests = (platform: PlatformId) =>
  world[platform].requests.filter((r) =>
    /^\/(token|v2\/oauth\/token\/|oauth\/access_token)(\?|$)/.test(r.path),
  ).length;

async function stateRow(url: string) {
  const state = new URL(url).searchParams.get("state")!;
  const [row] = await world.database.db
    .select()
    .from(schema.oauthStates)
    .where(eq(schema.oauthStates.state, state));
  return row;
}

/** The row as Postgres renders it: every column, as text. */
async function rowText(accountId: number) {
  const { rows } = await world.database.pool.query(
    "select row_to_json(s)::text as text from social_accounts s where id = $1",
    [accountId],
  );
  return rows[0].text as string;
}

const refusal = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AccountConnectionError);
  return error as AccountConnectionError;
};

describe("connecting an account", () => {
  it("YouTube: PKCE S256, the channel as identity, tokens stored encrypted", async () => {
    const { db } = world.database;
    const { url } = await beginConnection(
      db,
      { siteId: world.siteId, platform: "youtube" },
      world.config,
    );
    const params = new URL(url).searchParams;
    const pending = await stateRow(url);
    expect(pending).toMatchObject({
      siteId: world.siteId,
      platform: "youtube",
      redirectUri: "https://app.example/api/v1/accounts/callback/youtube",
    });
    expect(params.get("redirect_uri")).toBe(pending.redirectUri);
    expect(params.get("client_id")).toBe("yt-client");
    expect(params.get("code_challenge")).toBe(
      s256Challenge(pending.codeVerifier!),
    );
    const expiresIn = pending.expiresAt.getTime() - Date.now();
    expect(expiresIn).toBeGreaterThan(9 * 60_000);
    expect(expiresIn).toBeLessThanOrEqual(10 * 60_000);

    // The callback as a route hands it over: the path's platform and the whole query string.
    const { code, state } = consent(world, "youtube", url);
    const callback = new URLSearchParams({
      state,
      code,
      scope: "https://www.googleapis.com/auth/youtube.upload",
      authuser: "0",
      prompt: "consent",
    });
    const account = await completeConnection(
      db,
      { platform: "youtube", ...Object.fromEntries(callback) },
      world.config,
    );
    expect(account).toMatchObject({
      siteId: world.siteId,
      platform: "youtube",
      externalId: "UCfakechannel0000000001",
      displayName: "Reelwright Channel",
      status: "connected",
      audited: null,
    });
    expect(await stateRow(url)).toBeUndefined();

    const stored = await storedAccount(world, account.id);
    expect(world.youtube.accessTokens.has(stored.accessToken)).toBe(true);
    expect(world.youtube.refreshTokens.has(stored.refreshToken!)).toBe(true);
    const text = await rowText(account.id);
    expect(text).not.toContain(stored.accessToken);
    expect(text).not.toContain(stored.refreshToken);
    expect(JSON.stringify(account)).not.toContain(stored.accessToken);
    expect(stored.row.tokenExpiresAt!.getTime()).toBeGreaterThan(
      Date.now() + 3500_000,
    );
    // The code exchange sent the verifier that was stored with the state.
    const exchange = world.youtube.requests.findLast(
      (r) => r.path === "/token",
    );
    expect(
      new URLSearchParams(exchange!.body.toString()).get("code_verifier"),
    ).toBe(pending.codeVerifier);
  });

  it("TikTok: TikTok's hex PKCE, open_id and display name, the audited flag", async () => {
    const { db } = world.database;
    const { url } = await beginConnection(
      db,
      { siteId: world.siteId, platform: "tiktok" },
      world.config,
    );
    const pending = await stateRow(url);
    expect(new URL(url).searchParams.get("code_challenge")).toBe(
      tiktokS256Challenge(pending.codeVerifier!),
    );
    const account = await completeConnection(
      db,
      consent(world, "tiktok", url),
      world.config,
    );
    expect(account).toMatchObject({
      platform: "tiktok",
      externalId: "open-id-1",
      displayName: "Reelwright on TikTok",
      audited: false,
      scopes: [
        "user.info.basic",
        "video.publish",
        "video.upload",
        "video.list",
      ],
    });
    const stored = await storedAccount(world, account.id);
    expect(world.tiktok.accessTokens.has(stored.accessToken)).toBe(true);
    expect(world.tiktok.refreshTokens.has(stored.refreshToken!)).toBe(true);
    const text = await rowText(account.id);
    expect(text).not.toContain(stored.accessToken);
    expect(text).not.toContain(stored.refreshToken);
    expect(stored.row.details.refreshExpiresAt).toBeGreaterThan(
      Date.now() + 364 * 86_400_000,
    );
  });

  it("Instagram: no PKCE, the professional account id from /me (not the app-scoped one)", async () => {
    const { db } = world.database;
    const { url } = await beginConnection(
      db,
      { siteId: world.siteId, platform: "instagram" },
      world.config,
    );
    expect(new URL(url).searchParams.has("code_challenge")).toBe(false);
    expect((await stateRow(url)).codeVerifier).toBeNull();
    const account = await completeConnection(
      db,
      consent(world, "instagram", url),
      world.config,
    );
    expect(account).toMatchObject({
      platform: "instagram",
      externalId: world.instagram.igUserId,
      displayName: "reelwright",
    });
    const stored = await storedAccount(world, account.id);
    expect(stored.accessToken).toMatch(/^IGQlong/);
    expect(world.instagram.accessTokens.has(stored.accessToken)).toBe(true);
    expect(stored.refreshToken).toBeNull();
    expect(await rowText(account.id)).not.toContain(stored.accessToken);
    expect(stored.row.details).toMatchObject({ username: "reelwright" });
  });

  it("refuses a replayed, forged, expired or other-platform state before any code exchange", async () => {
    const { db } = world.database;
    const begin = (platform: PlatformId) =>
      beginConnection(db, { siteId: world.siteId, platform }, world.config);

    // Replay: the same callback twice.
    const first = consent(world, "youtube", (await begin("youtube")).url);
    await completeConnection(db, first, world.config);
    const exchanges = tokenRequests("youtube");
    const tiktokExchanges = tokenRequests("tiktok");
    const replay = await refusal(completeConnection(db, first, world.config));
    expect(replay.reason).toBe("unknown_state");
    expect(replay.message).toMatch(/already used/);

    // Two copies of one callback racing: exactly one connects.
    const raced = consent(world, "youtube", (await begin("youtube")).url);
    const outcomes = await Promise.allSettled([
      completeConnection(db, raced, world.config),
      completeConnection(db, raced, world.config),
    ]);
    expect(outcomes.map((o) => o.status).sort()).toEqual([
      "fulfilled",
      "rejected",
    ]);
    const exchangesAfterRace = tokenRequests("youtube");
    expect(exchangesAfterRace).toBe(exchanges + 1);

    // Forged: a state this app never issued.
    const forged = await refusal(
      completeConnection(
        db,
        { ...first, state: "forged-state-value" },
        world.config,
      ),
    );
    expect(forged.reason).toBe("unknown_state");

    // Missing state altogether.
    expect(
      (
        await refusal(
          completeConnection(
            db,
            { platform: "youtube", code: first.code },
            world.config,
          ),
        )
      ).reason,
    ).toBe("unknown_state");

    // Expired: the consent took more than ten minutes.
    const { url } = await begin("youtube");
    await db
      .update(schema.oauthStates)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(
        eq(schema.oauthStates.state, new URL(url).searchParams.get("state")!),
      );
    const expired = await refusal(
      completeConnection(db, consent(world, "youtube", url), world.config),
    );
    expect(expired.reason).toBe("expired_state");
    expect(expired.siteId).toBe(world.siteId);

    // Other platform: a YouTube state brought to the TikTok callback, and it is spent.
    const youtubeCallback = consent(
      world,
      "youtube",
      (await begin("youtube")).url,
    );
    const crossed = await refusal(
      completeConnection(
        db,
        { ...youtubeCallback, platform: "tiktok" },
        world.config,
      ),
    );
    expect(crossed.reason).toBe("wrong_platform");
    expect(
      (await refusal(completeConnection(db, youtubeCallback, world.config)))
        .reason,
    ).toBe("unknown_state");

    expect(tokenRequests("youtube")).toBe(exchangesAfterRace);
    expect(tokenRequests("tiktok")).toBe(tiktokExchanges);
  });

  it("sends the stored PKCE verifier, which the fakes check", async () => {
    const { db } = world.database;
    for (const platform of ["youtube", "tiktok"] as const) {
      const { url } = await beginConnection(
        db,
        { siteId: world.siteId, platform },
        world.config,
      );
      const state = new URL(url).searchParams.get("state")!;
      // Someone who saw the code but not the verifier cannot use it.
      await db
        .update(schema.oauthStates)
        .set({ codeVerifier: "a".repeat(64) })
        .where(eq(schema.oauthStates.state, state));
      const refused = await refusal(
        completeConnection(db, consent(world, platform, url), world.config),
      );
      expect(refused.reason).toBe("code_refused");
    }
  });

  it("turns a denied consent into a clear error and spends the state", async () => {
    const { db } = world.database;
    const { url } = await beginConnection(
      db,
      { siteId: world.siteId, platform: "tiktok" },
      world.config,
    );
    const state = new URL(url).searchParams.get("state")!;
    const denied = await refusal(
      completeConnection(
        db,
        {
          platform: "tiktok",
          state,
          error: "access_denied",
          error_description: "The user denied the request",
        },
        world.config,
      ),
    );
    expect(denied.reason).toBe("denied");
    expect(denied.siteId).toBe(world.siteId);
    expect(denied.message).toContain("access_denied");
    expect(await stateRow(url)).toBeUndefined();

    const malformed = await refusal(
      completeConnection(
        db,
        { platform: "myspace", state, code: "x" },
        world.config,
      ),
    );
    expect(malformed.reason).toBe("invalid_callback");
  });

  it("retries a transient identity failure, and explains a Google account without a channel", async () => {
    world.tiktok.apiFaults.push(
      json(503, {
        data: {},
        error: { code: "internal_error", message: "try again", log_id: "x" },
      }),
    );
    expect((await connect(world, "tiktok")).status).toBe("connected");
    expect(world.tiktok.apiFaults).toHaveLength(0);

    const channel = world.youtube.channel;
    world.youtube.channel = null;
    try {
      const accounts = (await listAccounts(world.database.db, world.siteId))
        .length;
      const error = await refusal(connect(world, "youtube"));
      expect(error.reason).toBe("platform_error");
      expect(error.siteId).toBe(world.siteId);
      expect(error.message).toMatch(/has no YouTube channel/);
      expect(await listAccounts(world.database.db, world.siteId)).toHaveLength(
        accounts,
      );
    } finally {
      world.youtube.channel = channel;
    }
  });

  it("reconnecting the same account updates its row", async () => {
    const first = await connect(world, "tiktok");
    const before = await storedAccount(world, first.id);
    await world.database.db
      .update(schema.socialAccounts)
      .set({ status: "reconnect_required" })
      .where(eq(schema.socialAccounts.id, first.id));
    const again = await connect(world, "tiktok");
    expect(again.id).toBe(first.id);
    expect(again.status).toBe("connected");
    const after = await storedAccount(world, first.id);
    expect(after.accessToken).not.toBe(before.accessToken);
    expect(after.refreshToken).not.toBe(before.refreshToken);
  });

  it("names the missing variables for an unconfigured platform, and the missing key", async () => {
    const { db } = world.database;
    const error = await beginConnection(
      db,
      { siteId: world.siteId, platform: "tiktok" },
      loadConfig({
        ...world.env,
        TIKTOK_CLIENT_KEY: "",
        TIKTOK_CLIENT_SECRET: undefined,
      }),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PlatformNotConfiguredError);
    expect((error as Error).message).toBe(
      "tiktok is not configured: set TIKTOK_CLIENT_KEY and TIKTOK_CLIENT_SECRET (the tiktok app's credentials)",
    );

    await expect(
      beginConnection(
        db,
        { siteId: world.siteId, platform: "youtube" },
        loadConfig({ ...world.env, REELWRIGHT_SECRET_KEY: undefined }),
      ),
    ).rejects.toThrow(SecretKeyError);
  });

  it("lists a site's accounts without secrets, and disconnects one", async () => {
    const { db } = world.database;
    const account = await connect(world, "instagram");
    const stored = await storedAccount(world, account.id);
    const listed = await listAccounts(db, world.siteId);
    expect(listed.map((a) => a.platform).sort()).toEqual(
      expect.arrayContaining(["instagram", "tiktok", "youtube"]),
    );
    expect(JSON.stringify(listed)).not.toContain(stored.accessToken);
    expect(listed.find((a) => a.id === account.id)).toEqual(account);

    expect(
      await disconnectAccount(db, world.siteId + 1, account.id),
    ).toBeNull();
    const gone = await disconnectAccount(db, world.siteId, account.id);
    expect(gone?.status).toBe("disconnected");
    const after = await storedAccount(world, account.id).catch(() => null);
    expect(after).toBeNull(); // nothing left to decrypt
    const [row] = await db
      .select()
      .from(schema.socialAccounts)
      .where(eq(schema.socialAccounts.id, account.id));
    expect(row).toMatchObject({ accessTokenEnc: "", refreshTokenEnc: null });
  });
});
