import { definePlatform, uploadBasics, type PublishRequest } from "../adapter";
import { captionFor } from "../caption";
import { PLATFORMS } from "../limits";
import { tiktokIdentity } from "./identity";
import { tiktokOAuth } from "./oauth";
import { fetchTikTokEngagement } from "./stats";
import { publishToTikTok, type TikTokPrivacyLevel } from "./upload";

/** TikTok has no "unlisted": the nearest is friends only. */
const TIKTOK_PRIVACY: Record<PublishRequest["privacy"], TikTokPrivacyLevel> = {
  public: "PUBLIC_TO_EVERYONE",
  unlisted: "MUTUAL_FOLLOW_FRIENDS",
  private: "SELF_ONLY",
};

export const tiktok = definePlatform("tiktok", {
  credentialVariables: ["TIKTOK_CLIENT_KEY", "TIKTOK_CLIENT_SECRET"],
  oauth: tiktokOAuth,
  identity: tiktokIdentity,
  async publish(request) {
    const result = await publishToTikTok({
      ...uploadBasics("tiktok", request),
      title: captionFor(request.description || request.title, request.tags, {
        maxChars: PLATFORMS.tiktok.title.max,
        hashtagsMax: PLATFORMS.tiktok.hashtagsMax,
      }),
      privacyLevel: TIKTOK_PRIVACY[request.privacy],
      appAudited: request.config.TIKTOK_APP_AUDITED,
      onProgress: request.onProgress,
    });
    const postId = result.postIds[0];
    const { username } = request.account;
    return {
      platformVideoId: postId ?? null,
      url:
        postId && username
          ? `https://www.tiktok.com/@${username}/video/${postId}`
          : null,
      note: result.restrictedToPrivate
        ? "Posted as private (only you can see it): TikTok allows public posts only from audited apps."
        : null,
    };
  },
  engagement: fetchTikTokEngagement,
});
