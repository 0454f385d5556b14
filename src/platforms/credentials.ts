import type { Config } from "../config";
import type { PlatformId } from "./limits";
import { endpointsFromConfig, trimSlash } from "./endpoints";
import type { OAuthCredentials, OAuthProvider } from "./oauth";
import { platformAdapter } from "./registry";

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

/** Where the platform sends the user back: `${REELWRIGHT_PUBLIC_URL}/api/v1/accounts/callback/<platform>`. */
export const redirectUriFor = (platform: PlatformId, config: Config) =>
  `${trimSlash(config.REELWRIGHT_PUBLIC_URL)}/api/v1/accounts/callback/${platform}`;

/** The app's client id and secret; an unset (or empty) variable is named in the error. */
export function oauthCredentials(
  platform: PlatformId,
  config: Config,
  redirectUri = redirectUriFor(platform, config),
): OAuthCredentials {
  const names = platformAdapter(platform).credentialVariables;
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
  return platformAdapter(platform).oauth(
    credentials,
    endpointsFromConfig(config),
  );
}
