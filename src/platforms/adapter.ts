import type { PresetId } from "../compositions/presets";
import type { Config } from "../config";
import { endpointsFromConfig, type Endpoints } from "./endpoints";
import type { AccountIdentity } from "./identity";
import type { PlatformId } from "./limits";
import type { OAuthCredentials, OAuthProvider } from "./oauth";
import type { EngagementOptions, EngagementStats } from "./stats";

/** One post to send, in the same terms for every platform; each adapter maps it to its API. */
export type PublishRequest = {
  file: string;
  preset: PresetId;
  title: string;
  description: string;
  tags: string[];
  privacy: "public" | "unlisted" | "private";
  thumbnailFile?: string;
  /** SubRip captions. */
  srtFile?: string;
  /** Who the video is for (YouTube asks). */
  audience: { madeForKids?: boolean; containsSyntheticMedia?: boolean };
  /** The connected account: its platform id and, where the platform has one, its @username. */
  account: { externalId: string; username: string | null };
  config: Config;
  accessToken: () => Promise<string>;
  /** The state the last attempt saved, handed back so the upload resumes; null the first time. */
  state: unknown;
  saveState: (state: object) => Promise<void>;
  onProgress?: (sentBytes: number, totalBytes: number) => void | Promise<void>;
  signal?: AbortSignal;
};

/** The settings whose value is text: where a platform app's credentials are read from. */
type TextSetting = {
  [K in keyof Config]-?: Config[K] extends string | undefined ? K : never;
}[keyof Config];

export type PublishOutcome = {
  /** Null for a TikTok post that is not public: TikTok names only public posts. */
  platformVideoId: string | null;
  url: string | null;
  /** Something the user should know about a post that did go out. */
  note: string | null;
};

/**
 * Everything Reelwright does with one platform: connect an account (OAuth, identity), publish a
 * video, read its numbers back. No adapter touches the database: the caller loads and saves.
 */
export interface PlatformAdapter {
  readonly id: PlatformId;
  /** The environment variables holding the platform app's client id and secret. */
  readonly credentialVariables: readonly [TextSetting, TextSetting];
  oauth(
    credentials: OAuthCredentials,
    endpoints: Endpoints,
    now?: () => number,
  ): OAuthProvider;
  identity(accessToken: string, endpoints: Endpoints): Promise<AccountIdentity>;
  publish(request: PublishRequest): Promise<PublishOutcome>;
  engagement(
    videoId: string,
    options: EngagementOptions & { endpoints: Endpoints },
  ): Promise<EngagementStats>;
}

/** What an adapter is built from: the platform's own functions, each taking only its endpoints. */
type AdapterParts<P extends PlatformId> = Pick<
  PlatformAdapter,
  "credentialVariables" | "publish"
> & {
  oauth(
    credentials: OAuthCredentials,
    endpoints: Endpoints[P],
    now?: () => number,
  ): OAuthProvider;
  identity(
    accessToken: string,
    endpoints: Endpoints[P],
  ): Promise<AccountIdentity>;
  engagement(
    videoId: string,
    options: EngagementOptions & { endpoints: Endpoints[P] },
  ): Promise<EngagementStats>;
};

/** An adapter whose functions are handed their own platform's endpoints. */
export function definePlatform<P extends PlatformId>(
  id: P,
  parts: AdapterParts<P>,
): PlatformAdapter {
  return {
    id,
    credentialVariables: parts.credentialVariables,
    oauth: (credentials, endpoints, now) =>
      parts.oauth(credentials, endpoints[id], now),
    identity: (accessToken, endpoints) =>
      parts.identity(accessToken, endpoints[id]),
    publish: (request) => parts.publish(request),
    engagement: (videoId, { endpoints, ...options }) =>
      parts.engagement(videoId, { ...options, endpoints: endpoints[id] }),
  };
}

/** The request's fields every platform's upload takes as they are. */
export const uploadBasics = <P extends PlatformId>(
  platform: P,
  request: PublishRequest,
) => ({
  file: request.file,
  accessToken: request.accessToken,
  // The caller hands back what this platform's upload saved; the upload parses it with its schema.
  state: request.state as never,
  saveState: request.saveState,
  endpoints: endpointsFromConfig(request.config)[platform],
  signal: request.signal,
});
