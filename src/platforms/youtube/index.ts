import { definePlatform, uploadBasics } from "../adapter";
import { youtubeIdentity } from "./identity";
import { youtubeOAuth } from "./oauth";
import { fetchYouTubeEngagement } from "./stats";
import { publishToYouTube } from "./upload";

export const youtube = definePlatform("youtube", {
  credentialVariables: ["YOUTUBE_CLIENT_ID", "YOUTUBE_CLIENT_SECRET"],
  oauth: youtubeOAuth,
  identity: youtubeIdentity,
  async publish(request) {
    const result = await publishToYouTube({
      ...uploadBasics("youtube", request),
      preset: request.preset as "youtube_long" | "youtube_short",
      details: {
        title: request.title,
        description: request.description,
        tags: request.tags,
        privacyStatus: request.privacy,
        madeForKids: request.audience.madeForKids ?? false,
        // The narration is synthetic speech.
        containsSyntheticMedia: request.audience.containsSyntheticMedia ?? true,
      },
      thumbnailFile: request.thumbnailFile,
      srtFile: request.srtFile,
      onProgress: request.onProgress,
    });
    return { platformVideoId: result.videoId, url: result.url, note: null };
  },
  engagement: fetchYouTubeEngagement,
});
