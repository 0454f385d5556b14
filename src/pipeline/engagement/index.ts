export { fetchInstagramEngagement } from "./instagram";
export {
  ENGAGEMENT_RETRY,
  type EngagementOptions,
  type EngagementStats,
} from "./stats";
export { fetchTikTokEngagement } from "./tiktok";
export { fetchYouTubeEngagement } from "./youtube";
