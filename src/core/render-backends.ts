/** Where a worker renders a video (`RENDER_BACKEND`); browser-safe so health and the app can name it. */
export const RENDER_BACKENDS = ["local", "fleet", "lambda"] as const;
export type RenderBackend = (typeof RENDER_BACKENDS)[number];
