import type { Config } from "../config";
import type { PlatformId } from "./limits";
import { endpointsFromConfig, trimSlash } from "./endpoints";
import {
  instagramOAuth,
  tiktokOAuth,
  youtubeOAuth,
  type OAuthCredentials,
  type OAuthProvider,
} from "./oauth";

/** The platform's OAuth app is not set up in the environment. */
export class PlatformNotConfiguredError extends Error {
  constructor(
    readonly platform: PlatformId,
    readonly variables: string[],
  ) {
    super(
      `${platform} is not configured: set ${variables.join(" and ")} (the ${platform} app's credentials)`,
    );
    this.name = "PlatformNotConfiguredError";
  }
}

const CREDENTIAL_VARIABLES = {
  youtube: ["YOUTUBE_CLIENT_ID", "YOUTUBE_CLIENT_SECRET"],
  tiktok: ["TIKTOK_CLIENT_KEY", "TIKTOK_CLIENT_SECRET"],
  instagram: ["INSTAGRAM_APP_ID", "INSTAGRAM_APP_SECRET"],
} as const satisfies Record<PlatformId, readonly [keyof Config, keyof Config]>;

/** Where the platform sends the user back: `${REELWRIGHT_PUBLIC_URL}/api/v1/accounts/callback/<platform>`. */
export const redirectUriFor = (platform: PlatformId, config: Config) =>
  `${trimSlash(config.REELWRIGHT_PUBLIC_URL)}/api/v1/accounts/callback/${platform}`;

/** The app's client id and secret; an unset (or empty) variable is named in the error. */
export function oauthCredentials(
  platform: PlatformId,
  config: Config,
  redirectUri = redirectUriFor(platform, config),
): OAuthCredentials {
  const names = CREDENTIAL_VARIABLES[platform];
  const [clientId, clientSecret] = names.map((name) => config[name]);
  const missing = names.filter((name) => !config[name]);
  if (!clientId || !clientSecret || missing.length)
    throw new PlatformNotConfiguredError(platform, missing);
  return { clientId, clientSecret, redirectUri };
}

/** The platform's OAuth client, with the app's credentials and endpoints from `config`. */
export function oauthProviderFor(
  platform: PlatformId,
  config: Config,
  redirectUri?: string,
): OAuthProvider {
  const credentials = oauthCredentials(platform, config, redirectUri);
  const endpoints = endpointsFromConfig(config);
  switch (platform) {
    case "youtube":
      return youtubeOAuth(credentials, endpoints.youtube);
    case "tiktok":
      return tiktokOAuth(credentials, endpoints.tiktok);
    case "instagram":
      return instagramOAuth(credentials, endpoints.instagram);
  }
}
