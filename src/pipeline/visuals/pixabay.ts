import { z } from "zod";
import {
  fetchProviderJson,
  relevance,
  RESULTS_PER_QUERY,
  stockProvider,
  type StockProviderOptions,
  type VisualProvider,
} from "./provider";
import { remoteImageCandidate } from "./remote";

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
export function pixabayProvider(options: StockProviderOptions): VisualProvider {
  return stockProvider("pixabay", async (query, section) => {
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
    const { hits } = answerSchema.parse(
      await fetchProviderJson("Pixabay", url),
    );
    return hits.slice(0, RESULTS_PER_QUERY).map((hit) =>
      remoteImageCandidate(options, section, {
        src: hit.largeImageURL,
        alt: hit.tags,
        width: hit.imageWidth,
        height: hit.imageHeight,
        credit: { source: "pixabay", author: hit.user, url: hit.pageURL },
        score: relevance(section, hit.tags),
      }),
    );
  });
}
