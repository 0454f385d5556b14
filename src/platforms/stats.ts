import type { RetryPolicy } from "./http";

/** One video's numbers, the same shape for every platform; null where the platform does not say. */
export type EngagementStats = {
  views: number | null;
  likes: number | null;
  comments: number | null;
  shares: number | null;
  watchTimeSeconds: number | null;
  avgViewDurationSec: number | null;
  /** The platform's own answers, kept for metrics we do not normalize. */
  raw: unknown;
};

export type EngagementOptions = {
  accessToken: () => Promise<string>;
  retry?: RetryPolicy;
};

/** Engagement polling runs on a schedule: it can afford to wait out rate limits. */
export const ENGAGEMENT_RETRY: RetryPolicy = {
  attempts: 5,
  baseDelayMs: 2000,
  maxDelayMs: 5 * 60 * 1000,
};
