import { and, desc, eq, isNull, lt, ne } from "drizzle-orm";
import { z } from "zod";
import type { Config } from "../config";
import {
  decryptSecret,
  encryptSecret,
  parseSecretKey,
  SecretKeyError,
} from "../db/crypto";
import type { Db } from "../db";
import { hashToken, userForSession } from "../auth/sessions";
import {
  apiKeys,
  oauthStates,
  platformEnum,
  socialAccounts,
  type SocialAccount,
} from "../db/schema";
import { log } from "../log";
import type { PlatformId } from "../platforms/limits";
import {
  accessTokenSource,
  endpointsFromConfig,
  ensureFreshTokens,
  fetchIdentity,
  NetworkError,
  oauthProviderFor,
  PlatformApiError,
  ReconnectRequiredError,
  redirectUriFor,
  type OAuthProvider,
  type OAuthTokens,
} from "../platforms";

/** How long a user has to get through the platform's consent screen. */
export const OAUTH_STATE_TTL_MS = 10 * 60 * 1000;

export type ConnectionFailure =
  | "invalid_callback"
  | "unknown_state"
  | "expired_state"
  | "wrong_platform"
  /** The callback came without the session that started the flow, or its API key was revoked. */
  | "session_mismatch"
  | "denied"
  | "code_refused"
  /** The platform failed (or has no channel for the account) after the state was spent. */
  | "platform_error";

/** The callback cannot be turned into a connected account; `message` is fit to show the user. */
export class AccountConnectionError extends Error {
  constructor(
    readonly reason: ConnectionFailure,
    message: string,
    /** The site the attempt was for, when the state told us: where to send the user back. */
    readonly siteId: number | null = null,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = "AccountConnectionError";
  }
}

/** What the app may show about an account: never a token. */
export type AccountSummary = {
  id: number;
  siteId: number;
  platform: PlatformId;
  externalId: string;
  displayName: string;
  status: SocialAccount["status"];
  tokenExpiresAt: Date | null;
  scopes: string[];
  /** TikTok: whether the app was audited when connected (unaudited apps post SELF_ONLY); null elsewhere. */
  audited: boolean | null;
  connectedAt: Date;
  updatedAt: Date;
};

/** Non-secret facts kept in `details`; unknown keys are kept as they are. */
const detailsSchema = z.looseObject({
  audited: z.boolean().optional(),
  username: z.string().optional(),
  /** TikTok's refresh token dies after a year: past this, only a reconnect helps. */
  refreshExpiresAt: z.number().nullable().optional(),
});

function summarize(row: SocialAccount): AccountSummary {
  const details = detailsSchema.parse(row.details);
  return {
    id: row.id,
    siteId: row.siteId,
    platform: row.platform,
    externalId: row.externalId,
    displayName: row.displayName,
    status: row.status,
    tokenExpiresAt: row.tokenExpiresAt,
    scopes: row.scopes,
    audited: row.platform === "tiktok" ? (details.audited ?? false) : null,
    connectedAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

const splitScopes = (scope: string | null) =>
  scope ? scope.split(/[\s,]+/).filter(Boolean) : [];

/** The columns that hold a token set, encrypted. */
function tokenColumns(tokens: OAuthTokens, key: Buffer) {
  return {
    accessTokenEnc: encryptSecret(tokens.accessToken, key),
    refreshTokenEnc: tokens.refreshToken
      ? encryptSecret(tokens.refreshToken, key)
      : null,
    tokenExpiresAt: new Date(tokens.expiresAt),
    scopes: splitScopes(tokens.scope),
  };
}

function storedTokens(row: SocialAccount, key: Buffer): OAuthTokens {
  const details = detailsSchema.parse(row.details);
  return {
    accessToken: decryptSecret(row.accessTokenEnc, key),
    refreshToken: row.refreshTokenEnc
      ? decryptSecret(row.refreshTokenEnc, key)
      : null,
    // No known expiry: treat it as due, so the first use refreshes.
    expiresAt: row.tokenExpiresAt?.getTime() ?? 0,
    refreshExpiresAt: details.refreshExpiresAt ?? null,
    scope: row.scopes.length ? row.scopes.join(" ") : null,
    accountId: row.platform === "youtube" ? null : row.externalId,
  };
}

const platformSchema = z.enum(platformEnum.enumValues);

/**
 * Starts connecting an account: remembers the state and PKCE verifier, and returns the platform's
 * consent URL to redirect the user to. Fails before the user leaves when the platform's app
 * credentials or the encryption key are missing.
 */
export async function beginConnection(
  db: Db,
  input: {
    siteId: number;
    platform: PlatformId;
    /**
     * Who started it: a session's token hash (only a callback carrying that session may finish
     * it) or an API key's id (refused once the key is revoked). Without either, unbound.
     */
    startedBy?: { sessionHash: string } | { apiKeyId: number };
  },
  config: Config,
): Promise<{ url: string }> {
  const { platform } = input;
  parseSecretKey(config.REELWRIGHT_SECRET_KEY);
  const redirectUri = redirectUriFor(platform, config);
  const request = oauthProviderFor(
    platform,
    config,
    redirectUri,
  ).authorizationRequest();
  await db.delete(oauthStates).where(lt(oauthStates.expiresAt, new Date()));
  await db.insert(oauthStates).values({
    state: request.state,
    siteId: input.siteId,
    platform,
    codeVerifier: request.codeVerifier,
    redirectUri,
    expiresAt: new Date(Date.now() + OAUTH_STATE_TTL_MS),
    ...input.startedBy,
  });
  return { url: request.url };
}

/** The callback's platform (from the path) and query string; other parameters are ignored. */
export const callbackQuerySchema = z.object({
  platform: z.string().pipe(platformSchema),
  state: z.string().max(512).nullish(),
  code: z.string().max(4096).nullish(),
  error: z.string().max(512).nullish(),
  error_description: z.string().max(2048).nullish(),
});
export type CallbackQuery = z.input<typeof callbackQuerySchema>;

/**
 * Finishes a connection from the platform's redirect: spends the state (once, unexpired, same
 * platform), trades the code with the stored PKCE verifier, looks up who the account is and stores
 * it with its tokens encrypted. Reconnecting an account already stored updates it.
 */
export async function completeConnection(
  db: Db,
  input: CallbackQuery,
  config: Config,
  /** The session token the callback's browser sent, if any. */
  sessionToken?: string,
): Promise<AccountSummary> {
  const parsed = callbackQuerySchema.safeParse(input);
  if (!parsed.success)
    throw new AccountConnectionError(
      "invalid_callback",
      `The sign-in callback is malformed: ${parsed.error.issues[0].path.join(".")}: ${parsed.error.issues[0].message}`,
    );
  const query = parsed.data;
  const key = parseSecretKey(config.REELWRIGHT_SECRET_KEY);
  // Whatever comes next, a state is good for one callback only.
  const [pending] = query.state
    ? await db
        .delete(oauthStates)
        .where(eq(oauthStates.state, query.state))
        .returning()
    : [];
  if (query.error)
    throw new AccountConnectionError(
      "denied",
      `${query.platform} did not grant access (${query.error}${query.error_description ? `: ${query.error_description}` : ""}). Connect again to retry.`,
      pending?.siteId ?? null,
    );
  if (!pending)
    throw new AccountConnectionError(
      "unknown_state",
      "This sign-in link is unknown or was already used: start connecting the account again.",
    );
  if (pending.platform !== query.platform)
    throw new AccountConnectionError(
      "wrong_platform",
      `This sign-in was started for ${pending.platform}, not ${query.platform}: start again.`,
      pending.siteId,
    );
  if (!(await sameStarter(db, pending, sessionToken)))
    throw new AccountConnectionError(
      "session_mismatch",
      "This sign-in was started by someone else or in another browser: start connecting the account again from the app.",
      pending.siteId,
    );
  if (pending.expiresAt.getTime() <= Date.now())
    throw new AccountConnectionError(
      "expired_state",
      `The sign-in took longer than ${OAUTH_STATE_TTL_MS / 60_000} minutes and expired: start connecting the account again.`,
      pending.siteId,
    );
  if (!query.code)
    throw new AccountConnectionError(
      "invalid_callback",
      `${query.platform} sent no authorization code.`,
      pending.siteId,
    );

  const provider = oauthProviderFor(
    query.platform,
    config,
    pending.redirectUri,
  );
  const failed = (error: unknown): never => {
    log.warn(
      // Not the error object: a platform error carries the response body, maybe with tokens.
      {
        platform: query.platform,
        siteId: pending.siteId,
        error: error instanceof Error ? error.message : String(error),
      },
      "connecting an account failed",
    );
    if (error instanceof ReconnectRequiredError)
      throw new AccountConnectionError(
        "code_refused",
        `${query.platform} refused the authorization code: start connecting the account again.`,
        pending.siteId,
        { cause: error },
      );
    if (error instanceof PlatformApiError || error instanceof NetworkError)
      throw new AccountConnectionError(
        "platform_error",
        `Could not finish connecting the ${query.platform} account: ${error.message}`,
        pending.siteId,
        { cause: error },
      );
    throw error;
  };
  const tokens = await provider
    .exchangeCode(query.code, pending.codeVerifier)
    .catch(failed);
  const identity = await fetchIdentity(
    query.platform,
    tokens.accessToken,
    endpointsFromConfig(config),
  ).catch(failed);
  const details = {
    ...(query.platform === "tiktok"
      ? {
          audited: config.TIKTOK_APP_AUDITED,
          refreshExpiresAt: tokens.refreshExpiresAt,
        }
      : {}),
    ...(identity.username ? { username: identity.username } : {}),
  };
  const columns = {
    ...tokenColumns(tokens, key),
    displayName: identity.displayName,
    status: "connected" as const,
    details,
  };
  const [row] = await db
    .insert(socialAccounts)
    .values({
      siteId: pending.siteId,
      platform: query.platform,
      externalId: identity.externalId,
      ...columns,
    })
    .onConflictDoUpdate({
      target: [
        socialAccounts.siteId,
        socialAccounts.platform,
        socialAccounts.externalId,
      ],
      set: { ...columns, updatedAt: new Date() },
    })
    .returning();
  log.info(
    { accountId: row.id, siteId: row.siteId, platform: row.platform },
    "social account connected",
  );
  return summarize(row);
}

/**
 * Whether the callback comes from whoever started the flow: the same session, or, for a flow
 * started with an API key, a key still live and no session of another site.
 */
async function sameStarter(
  db: Db,
  pending: typeof oauthStates.$inferSelect,
  sessionToken: string | undefined,
) {
  if (pending.sessionHash)
    return (
      sessionToken !== undefined &&
      hashToken(sessionToken) === pending.sessionHash
    );
  if (pending.apiKeyId) {
    const [key] = await db
      .select({ id: apiKeys.id })
      .from(apiKeys)
      .where(and(eq(apiKeys.id, pending.apiKeyId), isNull(apiKeys.revokedAt)));
    if (!key) return false;
    const user = await userForSession(db, sessionToken);
    return !user || user.siteId === pending.siteId;
  }
  return true;
}

/** The accounts of a site, any status, without secrets. */
export async function listAccounts(
  db: Db,
  siteId: number,
): Promise<AccountSummary[]> {
  const rows = await db
    .select()
    .from(socialAccounts)
    .where(eq(socialAccounts.siteId, siteId))
    .orderBy(socialAccounts.platform, socialAccounts.id);
  return rows.map(summarize);
}

/**
 * Disconnects an account of the site and forgets its tokens. The row stays: its posts'
 * history hangs off it, and connecting the same account again revives it.
 */
export async function disconnectAccount(
  db: Db,
  siteId: number,
  accountId: number,
): Promise<AccountSummary | null> {
  const [row] = await db
    .update(socialAccounts)
    .set({
      status: "disconnected",
      accessTokenEnc: "",
      refreshTokenEnc: null,
      tokenExpiresAt: null,
    })
    .where(
      and(eq(socialAccounts.id, accountId), eq(socialAccounts.siteId, siteId)),
    )
    .returning();
  if (row)
    log.info(
      { accountId, siteId, platform: row.platform },
      "social account disconnected",
    );
  return row ? summarize(row) : null;
}

export type AccountAccess = {
  account: AccountSummary;
  /** For the publishers and engagement clients: refreshes near expiry and saves what it gets. */
  accessToken: () => Promise<string>;
  /** The tokens as stored when access was opened. */
  tokens: OAuthTokens;
};

const reconnectReason = (status: SocialAccount["status"]) =>
  status === "disconnected"
    ? "the account was disconnected"
    : "an earlier token refresh was refused";

/**
 * Access to a connected account's tokens. A refresh runs under a lock on the account's row and
 * starts from the tokens stored there, since another worker may have just rotated TikTok's refresh
 * token; every new token set is saved encrypted. A refused refresh marks the account
 * `reconnect_required` and raises `ReconnectRequiredError`, as does an account already marked.
 */
export async function accountAccess(
  db: Db,
  accountId: number,
  config: Config,
): Promise<AccountAccess> {
  const [row] = await db
    .select()
    .from(socialAccounts)
    .where(eq(socialAccounts.id, accountId));
  if (!row) throw new Error(`social account ${accountId} does not exist`);
  if (row.status !== "connected")
    throw new ReconnectRequiredError(row.platform, reconnectReason(row.status));
  const key = parseSecretKey(config.REELWRIGHT_SECRET_KEY);
  const provider = oauthProviderFor(row.platform, config);

  const tokens = storedTokens(row, key);
  const lockedProvider: OAuthProvider = {
    ...provider,
    refresh: () =>
      db.transaction(async (tx) => {
        const [locked] = await tx
          .select()
          .from(socialAccounts)
          .where(eq(socialAccounts.id, accountId))
          .for("update");
        if (!locked || locked.status !== "connected")
          throw new ReconnectRequiredError(
            row.platform,
            reconnectReason(locked?.status ?? "disconnected"),
          );
        return ensureFreshTokens(
          provider,
          storedTokens(locked, key),
          async (fresh) => {
            await tx
              .update(socialAccounts)
              .set({
                ...tokenColumns(fresh, key),
                details: {
                  ...locked.details,
                  refreshExpiresAt: fresh.refreshExpiresAt,
                },
              })
              .where(eq(socialAccounts.id, accountId));
          },
        );
      }),
  };
  // Saving happens inside the locked refresh above.
  const source = accessTokenSource(lockedProvider, tokens, async () => {});
  return {
    account: summarize(row),
    tokens,
    accessToken: async () => {
      try {
        return await source();
      } catch (error) {
        if (error instanceof ReconnectRequiredError) {
          await db
            .update(socialAccounts)
            .set({ status: "reconnect_required" })
            .where(
              and(
                eq(socialAccounts.id, accountId),
                eq(socialAccounts.status, "connected"),
              ),
            );
          log.warn(
            { accountId, platform: row.platform, error: error.message },
            "social account needs reconnecting",
          );
        }
        throw error;
      }
    },
  };
}

/**
 * The start-up check for REELWRIGHT_SECRET_KEY, for the app and the worker to call before serving:
 * with accounts holding tokens, the key must be present, valid, and the one they were sealed with.
 */
export async function assertSecretKeyReady(db: Db, config: Config) {
  const [sample] = await db
    .select({ accessTokenEnc: socialAccounts.accessTokenEnc })
    .from(socialAccounts)
    .where(ne(socialAccounts.status, "disconnected"))
    .orderBy(desc(socialAccounts.updatedAt))
    .limit(1);
  if (!sample) return;
  try {
    decryptSecret(
      sample.accessTokenEnc,
      parseSecretKey(config.REELWRIGHT_SECRET_KEY),
    );
  } catch (error) {
    if (!(error instanceof SecretKeyError)) throw error;
    throw new SecretKeyError(
      `Cannot start: social accounts are connected but their tokens cannot be read. ${error.message}`,
      { cause: error },
    );
  }
}
