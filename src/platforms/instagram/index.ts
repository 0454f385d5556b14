import type { PlatformAdapter } from "../adapter";
import { captionFor } from "../caption";
import { endpointsFromConfig } from "../endpoints";
import { PLATFORMS } from "../limits";
import { instagramIdentity } from "./identity";
import { instagramOAuth } from "./oauth";
import { fetchInstagramEngagement } from "./stats";
import { publishToInstagram } from "./upload";

export const instagram: PlatformAdapter = {
  id: "instagram",
  credentialVariables: ["INSTAGRAM_APP_ID", "INSTAGRAM_APP_SECRET"],
  oauth: (credentials, endpoints, now) =>
    instagramOAuth(credentials, endpoints.instagram, now),
  identity: (accessToken, endpoints) =>
    instagramIdentity(accessToken, endpoints.instagram),
  async publish(request) {
    const result = await publishToInstagram({
      file: request.file,
      igUserId: request.account.externalId,
      caption: captionFor(request.description, request.tags, {
        maxChars: PLATFORMS.instagram.caption.max,
        hashtagsMax: PLATFORMS.instagram.hashtagsMax,
      }),
      accessToken: request.accessToken,
      state: request.state as never,
      saveState: request.saveState,
      endpoints: endpointsFromConfig(request.config).instagram,
      signal: request.signal,
    });
    return {
      platformVideoId: result.mediaId,
      url: result.permalink,
      note: null,
    };
  },
  engagement: (videoId, { endpoints, ...options }) =>
    fetchInstagramEngagement(videoId, {
      ...options,
      endpoints: endpoints.instagram,
    }),
};
