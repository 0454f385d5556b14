import { z } from "zod";
import type { Endpoints } from "../endpoints";
import { PlatformApiError, withQuery } from "../http";
import { youtubeJson } from "./upload";
import type { AccountIdentity } from "../identity";

const channelListSchema = z.object({
  items: z
    .array(
      z.object({ id: z.string(), snippet: z.object({ title: z.string() }) }),
    )
    .optional(),
});

export async function youtubeIdentity(
  accessToken: string,
  endpoints: Endpoints["youtube"],
): Promise<AccountIdentity> {
  const { items } = await youtubeJson(
    "channel lookup",
    withQuery(`${endpoints.apiBaseUrl}/youtube/v3/channels`, {
      part: "snippet",
      mine: "true",
    }),
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
