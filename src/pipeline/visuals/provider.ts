import type { SectionKind, Visual } from "../../compositions/schema";
import type { AllowedHost } from "../../net/fetch-guard";
import type { ContentBlock } from "../content/article";
import type { MediaStore } from "../media-store";

export const VISUAL_SOURCES = ["article", "stock", "ai", "generated"] as const;
export type VisualSource = (typeof VISUAL_SOURCES)[number];

/** What a provider knows of one narrated section. */
export type SectionRequest = {
  /** In speaking order: 0 is the hook. */
  index: number;
  kind: SectionKind;
  /** What the narrator says. */
  text: string;
  overlay?: string;
  /** What the picture should show: the script's visual cue, else the section's text. */
  cue: string;
  keywords: string[];
  /** The code blocks, lists and quotes of the article section the point came from. */
  blocks: ContentBlock[];
  orientation: "landscape" | "portrait";
};

/**
 * A visual a provider offers for a section, with its relevance (0..1). Remote results carry their
 * source URL until chosen; `fetch` then downloads and stores them and gives the visual to show.
 */
export type Candidate = {
  visual: Visual;
  score: number;
  fetch?: () => Promise<Visual>;
};

/** Search results are kept per section; they are listed as candidates. */
export const RESULTS_PER_QUERY = 5;

const STOPWORDS = new Set(
  "about after also because been being between both could does doing each from have here into just like more most only other over same should some such than that their them then there these they this those through under very what when where which while will with would your".split(
    " ",
  ),
);

/** The words of a text that carry meaning: lower case, longer than three letters, no stopwords. */
export const contentWords = (text: string) =>
  new Set(
    text
      .toLowerCase()
      .split(/[^\p{L}\p{N}]+/u)
      .filter((w) => w.length > 3 && !STOPWORDS.has(w)),
  );

/** A short search query for a section: its cue's first meaningful words, else the keywords. */
export function searchQuery(section: SectionRequest): string {
  const words = [...contentWords(section.cue)].slice(0, 4);
  return (words.length ? words : section.keywords.slice(0, 2)).join(" ");
}

/**
 * How well a result's own words (tags, alt text) match the section: a search hit starts at 0.3,
 * each shared word adds, three shared words or more score 0.95.
 */
export function relevance(section: SectionRequest, resultText: string) {
  const wanted = contentWords(
    `${section.cue} ${section.overlay ?? ""} ${section.keywords.join(" ")}`,
  );
  const shared = [...contentWords(resultText)].filter((w) =>
    wanted.has(w),
  ).length;
  return Math.round((0.3 + 0.65 * Math.min(1, shared / 3)) * 100) / 100;
}

/** A provider's HTTP answer that was not a success, named for the warning. */
export class ProviderHttpError extends Error {
  constructor(provider: string, status: number, retryAfter: string | null) {
    super(
      `${provider} answered ${status}${status === 429 ? ` (rate limited${retryAfter ? `, retry after ${retryAfter} s` : ""})` : ""}`,
    );
  }
}

/** Fetches a provider's JSON answer; an answer that is not a success is a ProviderHttpError. */
export async function fetchProviderJson(
  provider: string,
  url: URL,
  headers?: Record<string, string>,
): Promise<unknown> {
  const response = await fetch(url, {
    headers,
    signal: AbortSignal.timeout(30_000),
  });
  if (!response.ok)
    throw new ProviderHttpError(
      provider,
      response.status,
      response.headers.get("retry-after"),
    );
  return response.json();
}

/** What a stock search provider is made with. */
export type StockProviderOptions = {
  apiKey: string;
  baseUrl: string;
  store: MediaStore;
  /** Private hosts downloads may reach (`REELWRIGHT_ALLOW_PRIVATE_FETCH_HOSTS`). */
  allowedHosts: AllowedHost[];
};

/** One source of visuals; a provider that fails is skipped with a warning. */
export interface VisualProvider {
  /** Named in warnings and in the candidates list. */
  name: string;
  source: Exclude<VisualSource, "article">;
  candidates(section: SectionRequest): Promise<Candidate[]>;
}

/** A stock search provider: a section with no words to search for gets no candidates. */
export function stockProvider(
  name: string,
  search: (query: string, section: SectionRequest) => Promise<Candidate[]>,
): VisualProvider {
  return {
    name,
    source: "stock",
    async candidates(section) {
      const query = searchQuery(section);
      return query ? search(query, section) : [];
    },
  };
}
