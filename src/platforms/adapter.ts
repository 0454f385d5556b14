import type { PresetId } from "../compositions/presets";
import type { Config } from "../config";
import type { Endpoints } from "./endpoints";
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
