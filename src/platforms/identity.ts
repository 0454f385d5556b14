import type { PlatformId } from "./limits";
import type { Endpoints } from "./endpoints";
import { withRetry, type RetryPolicy } from "./http";
import { platformAdapter } from "./registry";

/** Who granted the tokens: the platform's id of the account and the name to show for it. */
export type AccountIdentity = {
  platform: PlatformId;
  /** YouTube channel id, Instagram professional account id (the publisher's igUserId), TikTok open_id. */
  externalId: string;
  displayName: string;
  /** The Instagram @username; null elsewhere. */
  username: string | null;
};

/** A user is waiting on the redirect: a few quick tries, not the publishers' minute of backoff. */
export const IDENTITY_RETRY: RetryPolicy = {
  attempts: 3,
  baseDelayMs: 500,
  maxDelayMs: 4000,
};

/** Looks up the account an access token belongs to, retrying transient failures briefly. */
export function fetchIdentity(
  platform: PlatformId,
  accessToken: string,
  endpoints: Endpoints,
  retry: RetryPolicy = IDENTITY_RETRY,
): Promise<AccountIdentity> {
  return withRetry(`${platform} identity`, retry, () =>
    platformAdapter(platform).identity(accessToken, endpoints),
  );
}
