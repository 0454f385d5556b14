import { loadConfig, type Config } from "../config";

/** Where each platform's APIs live; the defaults are the real hosts, tests point them at fakes. */
export type Endpoints = {
  youtube: {
    authUrl: string;
    oauthBaseUrl: string;
    apiBaseUrl: string;
    analyticsBaseUrl: string;
  };
  instagram: {
    authUrl: string;
    oauthBaseUrl: string;
    graphBaseUrl: string;
    uploadBaseUrl: string;
    graphVersion: string;
  };
  tiktok: { authUrl: string; apiBaseUrl: string };
};

/**
 * A URL without its trailing slashes. The look-behind starts a match only at the first slash of a
 * run: a bare `/\/+$/` retries from every slash of a long run and is quadratic.
 */
export const trimSlash = (url: string) => url.replace(/(?<!\/)\/+$/, "");

export function endpointsFromConfig(config: Config = loadConfig()): Endpoints {
  return {
    youtube: {
      authUrl: config.GOOGLE_AUTH_URL,
      oauthBaseUrl: trimSlash(config.YOUTUBE_OAUTH_BASE_URL),
      apiBaseUrl: trimSlash(config.YOUTUBE_API_BASE_URL),
      analyticsBaseUrl: trimSlash(config.YOUTUBE_ANALYTICS_BASE_URL),
    },
    instagram: {
      authUrl: config.INSTAGRAM_AUTH_URL,
      oauthBaseUrl: trimSlash(config.INSTAGRAM_OAUTH_BASE_URL),
      graphBaseUrl: trimSlash(config.INSTAGRAM_GRAPH_BASE_URL),
      uploadBaseUrl: trimSlash(config.INSTAGRAM_UPLOAD_BASE_URL),
      graphVersion: config.INSTAGRAM_GRAPH_VERSION,
    },
    tiktok: {
      authUrl: config.TIKTOK_AUTH_URL,
      apiBaseUrl: trimSlash(config.TIKTOK_API_BASE_URL),
    },
  };
}
