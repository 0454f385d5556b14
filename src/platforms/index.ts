export {
  oauthCredentials,
  oauthProviderFor,
  PlatformNotConfiguredError,
  redirectUriFor,
} from "./credentials";
export { endpointsFromConfig, type Endpoints } from "./endpoints";
export {
  DEFAULT_RETRY,
  NetworkError,
  PlatformApiError,
  PublishRefusedError,
  QuotaExceededError,
  ReconnectRequiredError,
  type RetryPolicy,
} from "./http";
export { fetchIdentity, type AccountIdentity } from "./identity";
export {
  instagramPublishStateSchema,
  publishToInstagram,
  type InstagramPublishOptions,
  type InstagramPublishResult,
  type InstagramPublishState,
} from "./instagram/upload";
export {
  accessTokenSource,
  ensureFreshTokens,
  instagramOAuth,
  stateMatches,
  tiktokOAuth,
  youtubeOAuth,
  type AuthorizationRequest,
  type OAuthCredentials,
  type OAuthProvider,
  type OAuthTokens,
} from "./oauth";
export {
  planTikTokChunks,
  publishToTikTok,
  tiktokPublishStateSchema,
  type TikTokPrivacyLevel,
  type TikTokPublishOptions,
  type TikTokPublishResult,
  type TikTokPublishState,
} from "./tiktok/upload";
export { assertUploadable, uploadProblems } from "./validate";
export {
  publishToYouTube,
  youtubePublishStateSchema,
  type YouTubePublishOptions,
  type YouTubePublishResult,
  type YouTubePublishState,
  type YouTubeVideoDetails,
} from "./youtube/upload";
export { fetchInstagramEngagement } from "./instagram/stats";
export {
  ENGAGEMENT_RETRY,
  type EngagementOptions,
  type EngagementStats,
} from "./stats";
export { fetchTikTokEngagement } from "./tiktok/stats";
export { fetchYouTubeEngagement } from "./youtube/stats";
