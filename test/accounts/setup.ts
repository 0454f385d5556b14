import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll } from "vitest";
import { loadConfig, type Config } from "../../src/config";
import { decryptSecret, parseSecretKey } from "../../src/db/crypto";
import { schema } from "../../src/db";
import type { PlatformId } from "../../src/platforms/limits";
import {
  beginConnection,
  completeConnection,
} from "../../src/services/social-accounts";
import { FakeInstagram } from "../fakes/instagram-server";
import { FakeTikTok } from "../fakes/tiktok-server";
import { FakeYouTube } from "../fakes/youtube-server";
import { createTestDatabase } from "../helpers/database";

export type AccountsWorld = {
  database: Awaited<ReturnType<typeof createTestDatabase>>;
  youtube: FakeYouTube;
  tiktok: FakeTikTok;
  instagram: FakeInstagram;
  config: Config;
  env: Record<string, string>;
  siteId: number;
};

/** A migrated database with one site, the three fake platforms, and a config pointing at them. */
export function setUpAccountsWorld(): AccountsWorld {
  const world = {} as AccountsWorld;
  beforeAll(async () => {
    world.database = await createTestDatabase();
    world.youtube = await new FakeYouTube().start();
    world.tiktok = await new FakeTikTok().start();
    world.instagram = await new FakeInstagram().start();
    world.env = {
      REELWRIGHT_SECRET_KEY: randomBytes(32).toString("base64"),
      REELWRIGHT_PUBLIC_URL: "https://app.example/",
      YOUTUBE_CLIENT_ID: "yt-client",
      YOUTUBE_CLIENT_SECRET: "yt-secret",
      TIKTOK_CLIENT_KEY: "tt-client",
      TIKTOK_CLIENT_SECRET: "tt-secret",
      INSTAGRAM_APP_ID: "ig-app",
      INSTAGRAM_APP_SECRET: "ig-secret",
      YOUTUBE_OAUTH_BASE_URL: world.youtube.url,
      YOUTUBE_API_BASE_URL: world.youtube.url,
      INSTAGRAM_OAUTH_BASE_URL: world.instagram.url,
      INSTAGRAM_GRAPH_BASE_URL: world.instagram.url,
      INSTAGRAM_GRAPH_VERSION: world.instagram.version,
      TIKTOK_API_BASE_URL: world.tiktok.url,
    };
    world.config = loadConfig(world.env);
    const [site] = await world.database.db
      .insert(schema.sites)
      .values({ name: "Site", slug: `site-${randomBytes(4).toString("hex")}` })
      .returning();
    world.siteId = site.id;
  });
  afterAll(async () => {
    await world.youtube?.stop();
    await world.tiktok?.stop();
    await world.instagram?.stop();
    await world.database?.drop();
  });
  return world;
}

/**
 * What the user's browser brings back after consenting on the platform's page: the fake issues a
 * code bound to the URL's PKCE challenge (if any), and the state is echoed.
 */
export function consent(
  world: AccountsWorld,
  platform: PlatformId,
  url: string,
) {
  const params = new URL(url).searchParams;
  const challenge = params.get("code_challenge");
  const code =
    platform === "instagram"
      ? world.instagram.grantCode()
      : world[platform].grantCode(challenge!);
  return { platform, code, state: params.get("state")! };
}

/** Begin, consent, complete: a freshly connected account. */
export async function connect(world: AccountsWorld, platform: PlatformId) {
  const { db } = world.database;
  const { url } = await beginConnection(
    db,
    { siteId: world.siteId, platform },
    world.config,
  );
  return completeConnection(db, consent(world, platform, url), world.config);
}

/** The account's row as stored, and its tokens decrypted. */
export async function storedAccount(world: AccountsWorld, accountId: number) {
  const [row] = await world.database.db
    .select()
    .from(schema.socialAccounts)
    .where(eq(schema.socialAccounts.id, accountId));
  const key = parseSecretKey(world.config.REELWRIGHT_SECRET_KEY);
  return {
    row,
    accessToken: decryptSecret(row.accessTokenEnc, key),
    refreshToken: row.refreshTokenEnc
      ? decryptSecret(row.refreshTokenEnc, key)
      : null,
  };
}

/** Moves the stored access token's expiry, as if time had passed. */
export async function expireIn(
  world: AccountsWorld,
  accountId: number,
  ms: number,
) {
  await world.database.db
    .update(schema.socialAccounts)
    .set({ tokenExpiresAt: new Date(Date.now() + ms) })
    .where(eq(schema.socialAccounts.id, accountId));
}
