import { z } from "zod";
import type { AllowedHost } from "../../net/fetch-guard";
import type { MediaStore } from "../media-store";
import {
  ProviderHttpError,
  relevance,
  RESULTS_PER_QUERY,
  searchQuery,
  type Candidate,
  type SectionRequest,
  type VisualProvider,
} from "./provider";
import { storeRemoteImage } from "./remote";

const hitSchema = z.object({
  id: z.number(),
  pageURL: z.string().max(2000),
  tags: z.string().max(1000),
  largeImageURL: z.url(),
  imageWidth: z.number().int().positive(),
  imageHeight: z.number().int().positive(),
  user: z.string().max(200),
});
const answerSchema = z.object({ hits: z.array(hitSchema).max(200) });

/**
 * Pixabay's official image search API (`key` in the query, as Pixabay asks), photos only, in the
 * preset's orientation. Pixabay asks that results name it; the author is credited too.
 */
export function pixabayProvider(options: {
  apiKey: string;
  baseUrl: string;
  store: MediaStore;
  /** Private hosts downloads may reach (`REELWRIGHT_ALLOW_PRIVATE_FETCH_HOSTS`). */
  allowedHosts: AllowedHost[];
}): VisualProvider {
  return {
    name: "pixabay",
    source: "stock",
    async candidates(section: SectionRequest): Promise<Candidate[]> {
      const query = searchQuery(section);
      if (!query) return [];
      const url = new URL("/api/", options.baseUrl);
      url.search = new URLSearchParams({
        key: options.apiKey,
        q: query.slice(0, 100),
        image_type: "photo",
        orientation:
          section.orientation === "portrait" ? "vertical" : "horizontal",
        safesearch: "true",
        // Pixabay takes 3 to 200 results a page.
        per_page: String(Math.max(3, RESULTS_PER_QUERY)),
        page: "1",
      }).toString();
      const response = await fetch(url, {
        signal: AbortSignal.timeout(30_000),
      });
      if (!response.ok)
        throw new ProviderHttpError(
          "Pixabay",
          response.status,
          response.headers.get("retry-after"),
        );
      const { hits } = answerSchema.parse(await response.json());
      return hits.slice(0, RESULTS_PER_QUERY).map((hit) => {
        const credit = {
          source: "pixabay" as const,
          author: hit.user,
          url: hit.pageURL,
        };
        return {
          score: relevance(section, hit.tags),
          visual: {
            type: "image",
            src: hit.largeImageURL,
            alt: hit.tags,
            width: hit.imageWidth,
            height: hit.imageHeight,
            focus: { x: 0.5, y: 0.45 },
            motion: "in",
            credit,
          },
          fetch: () =>
            storeRemoteImage(
              options.store,
              options.allowedHosts,
              hit.largeImageURL,
              hit.tags,
              credit,
              section.index,
            ),
        };
      });
    },
  };
}
