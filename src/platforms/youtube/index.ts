import type { PlatformAdapter } from "../adapter";
import { endpointsFromConfig } from "../endpoints";
import { youtubeIdentity } from "./identity";
import { youtubeOAuth } from "./oauth";
import { fetchYouTubeEngagement } from "./stats";
import { publishToYouTube } from "./upload";

export const youtube: PlatformAdapter = {
  id: "youtube",
  credentialVariables: ["YOUTUBE_CLIENT_ID", "YOUTUBE_CLIENT_SECRET"],
  oauth: (credentials, endpoints, now) =>
    youtubeOAuth(credentials, endpoints.youtube, now),
  identity: (accessToken, endpoints) =>
    youtubeIdentity(accessToken, endpoints.youtube),
  async publish(request) {
    const result = await publishToYouTube({
      file: request.file,
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
      accessToken: request.accessToken,
      state: request.state as never,
      saveState: request.saveState,
      endpoints: endpointsFromConfig(request.config).youtube,
      onProgress: request.onProgress,
      signal: request.signal,
    });
    return { platformVideoId: result.videoId, url: result.url, note: null };
  },
  engagement: (videoId, { endpoints, ...options }) =>
    fetchYouTubeEngagement(videoId, {
      ...options,
      endpoints: endpoints.youtube,
    }),
};
