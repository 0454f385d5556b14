import type { PlatformAdapter } from "./adapter";
import { instagram } from "./instagram";
import type { PlatformId } from "./limits";
import { tiktok } from "./tiktok";
import { youtube } from "./youtube";

export const PLATFORM_ADAPTERS = {
  youtube,
  instagram,
  tiktok,
} as const satisfies Record<PlatformId, PlatformAdapter>;

export const platformAdapter = (platform: PlatformId): PlatformAdapter =>
  PLATFORM_ADAPTERS[platform];
