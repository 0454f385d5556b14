import { definePlatform, uploadBasics } from "../adapter";
import { captionFor } from "../caption";
import { PLATFORMS } from "../limits";
import { instagramIdentity } from "./identity";
import { instagramOAuth } from "./oauth";
import { fetchInstagramEngagement } from "./stats";
import { publishToInstagram } from "./upload";

export const instagram = definePlatform("instagram", {
  credentialVariables: ["INSTAGRAM_APP_ID", "INSTAGRAM_APP_SECRET"],
  oauth: instagramOAuth,
  identity: instagramIdentity,
  async publish(request) {
    const result = await publishToInstagram({
      ...uploadBasics("instagram", request),
      igUserId: request.account.externalId,
      caption: captionFor(request.description, request.tags, {
        maxChars: PLATFORMS.instagram.caption.max,
        hashtagsMax: PLATFORMS.instagram.hashtagsMax,
      }),
    });
    return {
      platformVideoId: result.mediaId,
      url: result.permalink,
      note: null,
    };
  },
  engagement: fetchInstagramEngagement,
});
