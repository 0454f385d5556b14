export type {
  PlatformAdapter,
  PublishOutcome,
  PublishRequest,
} from "./adapter";
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
  accessTokenSource,
  ensureFreshTokens,
  stateMatches,
  type AuthorizationRequest,
  type OAuthCredentials,
  type OAuthProvider,
  type OAuthTokens,
} from "./oauth";
export { PLATFORM_ADAPTERS, platformAdapter } from "./registry";
export {
  ENGAGEMENT_RETRY,
  type EngagementOptions,
  type EngagementStats,
} from "./stats";
export { assertUploadable, uploadProblems } from "./validate";
