import type { PlatformId } from "../platforms/limits";

/** The end card stays up this long after the narrator stops. */
export const END_HOLD_MS = 1500;

/** The end card's headline on each platform. */
export const CTA_HEADLINE: Record<PlatformId, string> = {
  youtube: "Subscribe for more",
  instagram: "Follow for more",
  tiktok: "Follow for more",
};
