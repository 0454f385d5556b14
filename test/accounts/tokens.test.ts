import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config";
import { SecretKeyError } from "../../src/db/crypto";
import { schema } from "../../src/db";
import { ReconnectRequiredError } from "../../src/platforms/http";
import type { PlatformId } from "../../src/platforms/limits";
import {
  accountAccess,
  assertSecretKeyReady,
  disconnectAccount,
} from "../../src/services/social-accounts";
import { connect, expireIn, setUpAccountsWorld, storedAccount } from "./setup";

const world = setUpAccountsWorld();

const refreshRequests = (platform: PlatformId) =>
  world[platform].requests.filter((r) =>
    platform === "instagram"
      ? r.path.startsWith("/refresh_access_token")
      : r.path === "/token" || r.path === "/v2/oauth/token/",
  ).length;

describe("using a connected account's tokens", () => {
  it("uses a fresh token as is, and refreshes (and saves) one about to expire", async () => {
    const account = await connect(world, "youtube");
    const before = await storedAccount(world, account.id);
    const refreshes = refreshRequests("youtube");

    const fresh = await accountAccess(
      world.database.db,
      account.id,
      world.config,
    );
    expect(fresh.account).toEqual(account);
    expect(await fresh.accessToken()).toBe(before.accessToken);
    expect(refreshRequests("youtube")).toBe(refreshes);

    await expireIn(world, account.id, 4 * 60_000);
    const access = await accountAccess(
      world.database.db,
      account.id,
      world.config,
    );
    const token = await access.accessToken();
    expect(token).not.toBe(before.accessToken);
    expect(world.youtube.accessTokens.has(token)).toBe(true);
    expect(refreshRequests("youtube")).toBe(refreshes + 1);
    // Saved encrypted, Google's refresh token kept, the expiry pushed out.
    const after = await storedAccount(world, account.id);
    expect(after.accessToken).toBe(token);
    expect(after.refreshToken).toBe(before.refreshToken);
    expect(after.row.tokenExpiresAt!.getTime()).toBeGreaterThan(
      Date.now() + 3500_000,
    );
    expect(after.row.accessTokenEnc).not.toContain(token);
    // The getter keeps its token until the next margin.
    expect(await access.accessToken()).toBe(token);
    expect(refreshRequests("youtube")).toBe(refreshes + 1);
  });

  it("TikTok: saves the rotated refresh token; the old one is dead and the stored one works", async () => {
    const account = await connect(world, "tiktok");
    const original = await storedAccount(world, account.id);

    await expireIn(world, account.id, 60_000);
    const access = await accountAccess(
      world.database.db,
      account.id,
      world.config,
    );
    const token = await access.accessToken();
    const rotated = await storedAccount(world, account.id);
    expect(rotated.accessToken).toBe(token);
    expect(rotated.refreshToken).not.toBe(original.refreshToken);
    expect(world.tiktok.refreshTokens.has(original.refreshToken!)).toBe(false);
    expect(world.tiktok.refreshTokens.has(rotated.refreshToken!)).toBe(true);

    // A later worker starts from what was stored, and can refresh again.
    await expireIn(world, account.id, 60_000);
    const later = await accountAccess(
      world.database.db,
      account.id,
      world.config,
    );
    expect(later.tokens.refreshToken).toBe(rotated.refreshToken);
    const again = await later.accessToken();
    expect(again).not.toBe(token);
    expect((await storedAccount(world, account.id)).row.status).toBe(
      "connected",
    );
  });

  it("two workers refreshing a TikTok account at once spend its refresh token once", async () => {
    const account = await connect(world, "tiktok");
    await expireIn(world, account.id, 60_000);
    const refreshes = refreshRequests("tiktok");
    // Both read the same near-expiry tokens, as two processes would.
    const [a, b] = await Promise.all([
      accountAccess(world.database.db, account.id, world.config),
      accountAccess(world.database.db, account.id, world.config),
    ]);
    const [tokenA, tokenB] = await Promise.all([
      a.accessToken(),
      b.accessToken(),
    ]);
    expect(tokenA).toBe(tokenB);
    expect(refreshRequests("tiktok")).toBe(refreshes + 1);
    const stored = await storedAccount(world, account.id);
    expect(stored.row.status).toBe("connected");
    expect(world.tiktok.refreshTokens.has(stored.refreshToken!)).toBe(true);
  });

  it("Instagram: renews the 60-day token a week ahead", async () => {
    const account = await connect(world, "instagram");
    const before = await storedAccount(world, account.id);
    await expireIn(world, account.id, 6 * 86_400_000);
    const access = await accountAccess(
      world.database.db,
      account.id,
      world.config,
    );
    expect(access.tokens.accountId).toBe(world.instagram.igUserId);
    const token = await access.accessToken();
    expect(token).not.toBe(before.accessToken);
    expect((await storedAccount(world, account.id)).accessToken).toBe(token);
    expect(world.instagram.accessTokens.has(token)).toBe(true);
  });

  it("marks the account reconnect_required when the platform refuses the refresh, then refuses at once", async () => {
    const account = await connect(world, "youtube");
    const { refreshToken } = await storedAccount(world, account.id);
    world.youtube.refreshTokens.delete(refreshToken!); // the user revoked access
    await expireIn(world, account.id, 60_000);
    const access = await accountAccess(
      world.database.db,
      account.id,
      world.config,
    );
    const error = await access.accessToken().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReconnectRequiredError);
    expect((error as Error).message).toMatch(/reconnect the account/);
    expect((await storedAccount(world, account.id)).row.status).toBe(
      "reconnect_required",
    );

    const refreshes = refreshRequests("youtube");
    await expect(
      accountAccess(world.database.db, account.id, world.config),
    ).rejects.toThrow(ReconnectRequiredError);
    expect(refreshRequests("youtube")).toBe(refreshes);
  });

  it("TikTok: a refresh token past its year asks for a reconnect without calling TikTok", async () => {
    const account = await connect(world, "tiktok");
    const { row } = await storedAccount(world, account.id);
    await world.database.db
      .update(schema.socialAccounts)
      .set({
        details: { ...row.details, refreshExpiresAt: Date.now() - 1000 },
        tokenExpiresAt: new Date(Date.now() + 60_000),
      })
      .where(eq(schema.socialAccounts.id, account.id));
    const refreshes = refreshRequests("tiktok");
    const access = await accountAccess(
      world.database.db,
      account.id,
      world.config,
    );
    await expect(access.accessToken()).rejects.toThrow(
      /reconnect the account \(the refresh token expired\)/,
    );
    expect(refreshRequests("tiktok")).toBe(refreshes);
    expect((await storedAccount(world, account.id)).row.status).toBe(
      "reconnect_required",
    );
  });

  it("refuses a disconnected account at once", async () => {
    const account = await connect(world, "instagram");
    await disconnectAccount(world.database.db, world.siteId, account.id);
    await expect(
      accountAccess(world.database.db, account.id, world.config),
    ).rejects.toThrow(/reconnect the account \(the account was disconnected\)/);
  });
});

describe("the start-up key check", () => {
  it("passes without accounts, and fails when stored tokens cannot be read", async () => {
    const { db } = world.database;
    const noKey = loadConfig({
      ...world.env,
      REELWRIGHT_SECRET_KEY: undefined,
    });
    await db.delete(schema.socialAccounts);
    await expect(assertSecretKeyReady(db, noKey)).resolves.toBeUndefined();

    const account = await connect(world, "tiktok");
    await expect(
      assertSecretKeyReady(db, world.config),
    ).resolves.toBeUndefined();
    await expect(assertSecretKeyReady(db, noKey)).rejects.toThrow(
      /social accounts are connected .*REELWRIGHT_SECRET_KEY is not set/,
    );
    const short = loadConfig({
      ...world.env,
      REELWRIGHT_SECRET_KEY: "c2hvcnQ=",
    });
    await expect(assertSecretKeyReady(db, short)).rejects.toThrow(
      /must be 32 bytes/,
    );
    const other = loadConfig({
      ...world.env,
      REELWRIGHT_SECRET_KEY: randomBytes(32).toString("hex"),
    });
    const error = await assertSecretKeyReady(db, other).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SecretKeyError);
    expect((error as Error).message).toMatch(/the key changed/);

    // Once every account is disconnected there is nothing to read.
    await db
      .update(schema.socialAccounts)
      .set({ status: "disconnected" })
      .where(eq(schema.socialAccounts.id, account.id));
    await expect(assertSecretKeyReady(db, noKey)).resolves.toBeUndefined();
  });
});
