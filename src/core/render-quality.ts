/** The quality presets a render may ask for; their encoder settings live in src/render-settings.ts. */
export const RENDER_QUALITY_IDS = [
  "draft",
  "standard",
  "high",
  "premium",
] as const;
export type RenderQuality = (typeof RENDER_QUALITY_IDS)[number];
