import { z } from "zod";
import type { PlatformId } from "./limits";
import type { Endpoints } from "./endpoints";
import {
  PlatformApiError,
  parseResponse,
  readJson,
  send,
  withRetry,
  type RetryPolicy,
} from "./http";
import { graphJson } from "./instagram/upload";
import { tiktokError } from "./tiktok/upload";
import { youtubeJson } from "./youtube/upload";

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

const channelListSchema = z.object({
  items: z
    .array(
      z.object({ id: z.string(), snippet: z.object({ title: z.string() }) }),
    )
    .optional(),
});

async function youtubeIdentity(
  accessToken: string,
  endpoints: Endpoints["youtube"],
): Promise<AccountIdentity> {
  const url = new URL(`${endpoints.apiBaseUrl}/youtube/v3/channels`);
  url.search = new URLSearchParams({
    part: "snippet",
    mine: "true",
  }).toString();
  const { items } = await youtubeJson(
    "channel lookup",
    url.toString(),
    { method: "GET", accessToken },
    channelListSchema,
  );
  const channel = items?.[0];
  // A Google account can exist without a channel; uploads would fail later with a vaguer error.
  if (!channel)
    throw new PlatformApiError(
      "youtube",
      200,
      "this Google account has no YouTube channel: create one on youtube.com, then connect again",
      { code: "no_channel" },
    );
  return {
    platform: "youtube",
    externalId: channel.id,
    displayName: channel.snippet.title,
    username: null,
  };
}

// Graph ids exceed 2^53, so only the string form is exact.
const instagramMeSchema = z.object({
  user_id: z.string(),
  username: z.string(),
});

async function instagramIdentity(
  accessToken: string,
  endpoints: Endpoints["instagram"],
): Promise<AccountIdentity> {
  // The code exchange's user_id is app-scoped; /me's user_id is the account the Graph calls take.
  const me = await graphJson(
    "account lookup",
    endpoints,
    accessToken,
    "GET",
    "me",
    { fields: "user_id,username" },
    instagramMeSchema,
  );
  return {
    platform: "instagram",
    externalId: me.user_id,
    displayName: me.username,
    username: me.username,
  };
}

const tiktokUserSchema = z.object({
  data: z.object({
    user: z.object({ open_id: z.string(), display_name: z.string() }),
  }),
});

async function tiktokIdentity(
  accessToken: string,
  endpoints: Endpoints["tiktok"],
): Promise<AccountIdentity> {
  const url = `${endpoints.apiBaseUrl}/v2/user/info/?fields=open_id,display_name`;
  const response = await send("tiktok user info", url, {
    method: "GET",
    headers: { authorization: `Bearer ${accessToken}` },
  });
  const body = await readJson(response);
  const error = tiktokError("user info", response, body);
  if (error) throw error;
  const { user } = parseResponse(
    "tiktok",
    "user info",
    tiktokUserSchema,
    body,
  ).data;
  return {
    platform: "tiktok",
    externalId: user.open_id,
    displayName: user.display_name,
    username: null,
  };
}

/** Looks up the account an access token belongs to, retrying transient failures briefly. */
export function fetchIdentity(
  platform: PlatformId,
  accessToken: string,
  endpoints: Endpoints,
  retry: RetryPolicy = IDENTITY_RETRY,
): Promise<AccountIdentity> {
  return withRetry(`${platform} identity`, retry, () => {
    switch (platform) {
      case "youtube":
        return youtubeIdentity(accessToken, endpoints.youtube);
      case "instagram":
        return instagramIdentity(accessToken, endpoints.instagram);
      case "tiktok":
        return tiktokIdentity(accessToken, endpoints.tiktok);
    }
  });
}
