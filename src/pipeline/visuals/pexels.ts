import { z } from "zod";
import {
  fetchProviderJson,
  relevance,
  RESULTS_PER_QUERY,
  stockProvider,
  type Candidate,
  type StockProviderOptions,
  type VisualProvider,
} from "./provider";
import { remoteImageCandidate, storeRemoteClip } from "./remote";

const photoSchema = z.object({
  id: z.number(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  url: z.string().max(2000),
  photographer: z.string().max(200),
  alt: z.string().max(1000).nullish(),
  src: z.object({ large2x: z.url(), large: z.url() }),
});
const videoSchema = z.object({
  id: z.number(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  url: z.string().max(2000),
  duration: z.number().positive(),
  user: z.object({ name: z.string().max(200) }),
  video_files: z
    .array(
      z.object({
        file_type: z.string().max(40),
        width: z.number().int().nullable(),
        height: z.number().int().nullable(),
        link: z.url(),
      }),
    )
    .max(50),
});
const photosSchema = z.object({ photos: z.array(photoSchema).max(80) });
const videosSchema = z.object({ videos: z.array(videoSchema).max(80) });

/** Clips are a little less likely to fit a sentence than a photo; photos win a tie. */
const CLIP_PENALTY = 0.05;

/**
 * Pexels' official search API (photos and videos, `Authorization: <key>`), queried with the
 * section's cue in the preset's orientation. The photographer is credited, as Pexels asks.
 */
export function pexelsProvider(options: StockProviderOptions): VisualProvider {
  const get = (path: string, params: Record<string, string>) => {
    const url = new URL(path, options.baseUrl);
    for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
    return fetchProviderJson("Pexels", url, { Authorization: options.apiKey });
  };
  return stockProvider("pexels", async (query, section) => {
    const params = {
      query,
      orientation: section.orientation,
      per_page: String(RESULTS_PER_QUERY),
      page: "1",
    };
    const [photos, videos] = await Promise.all([
      get("/v1/search", params).then((j) => photosSchema.parse(j).photos),
      get("/videos/search", params).then((j) => videosSchema.parse(j).videos),
    ]);
    const out: Candidate[] = photos.map((photo) => {
      const alt = photo.alt ?? query;
      return remoteImageCandidate(options, section, {
        src: photo.src.large2x,
        alt,
        width: photo.width,
        height: photo.height,
        credit: {
          source: "pexels",
          author: photo.photographer,
          url: photo.url,
        },
        score: relevance(section, `${alt} ${photo.url}`),
      });
    });
    for (const video of videos) {
      // The smallest MP4 that still covers HD, else the largest there is.
      const files = video.video_files
        .filter((f) => f.file_type === "video/mp4" && f.width && f.height)
        .sort((a, b) => a.width! * a.height! - b.width! * b.height!);
      const file =
        files.find((f) => Math.min(f.width!, f.height!) >= 720) ?? files.at(-1);
      if (!file) continue;
      const credit = {
        source: "pexels" as const,
        author: video.user.name,
        url: video.url,
      };
      out.push({
        score: Math.max(0, relevance(section, video.url) - CLIP_PENALTY),
        visual: {
          type: "video",
          src: file.link,
          width: file.width!,
          height: file.height!,
          durationMs: video.duration * 1000,
          credit,
        },
        fetch: () =>
          storeRemoteClip(
            options.store,
            options.allowedHosts,
            file.link,
            credit,
          ),
      });
    }
    return out;
  });
}
