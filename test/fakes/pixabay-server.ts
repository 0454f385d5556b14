import { FakeHttpServer, json, type FakeReply } from "./http";
import { stockPhoto } from "./stock-media";

/**
 * Pixabay's image search API as documented: the key in the `key` parameter (400 "Invalid or missing
 * API key" without it), `q` (≤ 100 characters), `orientation` (all, horizontal, vertical),
 * `per_page` (3–200) and `page`; 429 with X-RateLimit headers when told to.
 */
export class FakePixabay {
  failures: number[] = [];
  readonly server: FakeHttpServer;
  readonly searches: URL[] = [];

  constructor(readonly apiKey = "pixabay-test-key") {
    this.server = new FakeHttpServer((_request, url) => this.handle(url));
  }

  get url() {
    return this.server.url;
  }
  start() {
    return this.server.start().then(() => this);
  }
  stop() {
    return this.server.stop();
  }

  private async handle(url: URL): Promise<FakeReply> {
    if (url.pathname.startsWith("/media/")) {
      const id = Number(url.pathname.match(/\d+/)?.[0]);
      return {
        status: 200,
        headers: { "content-type": "image/jpeg" },
        body: await stockPhoto(1280, 853, id),
      };
    }
    if (url.pathname !== "/api/") return json(404, "Not found");
    this.searches.push(url);
    if (url.searchParams.get("key") !== this.apiKey)
      return {
        status: 400,
        headers: { "content-type": "text/plain" },
        body: Buffer.from("[ERROR 400] Invalid or missing API key"),
      };
    const failure = this.failures.shift();
    if (failure)
      return {
        status: failure,
        headers: {
          "content-type": "text/plain",
          "x-ratelimit-limit": "100",
          "x-ratelimit-remaining": "0",
          "x-ratelimit-reset": "60",
        },
        body: Buffer.from("[ERROR 429] Too many requests"),
      };
    const q = url.searchParams.get("q") ?? "";
    const perPage = Number(url.searchParams.get("per_page") ?? 20);
    if (q.length > 100 || perPage < 3 || perPage > 200)
      return {
        status: 400,
        headers: { "content-type": "text/plain" },
        body: Buffer.from("[ERROR 400] Invalid parameters"),
      };
    const page = Number(url.searchParams.get("page") ?? 1);
    const vertical = url.searchParams.get("orientation") === "vertical";
    const ids = Array.from({ length: 3 }, (_, i) => page * 1000 + i);
    return json(200, {
      total: 500,
      totalHits: 500,
      hits: ids.map((id, i) => ({
        id,
        pageURL: `https://pixabay.com/photos/${id}/`,
        type: "photo",
        tags: i === 0 ? q.split(" ").join(", ") : "abstract, texture",
        previewURL: `${this.url}/media/${id}_150.jpg`,
        webformatURL: `${this.url}/media/${id}_640.jpg`,
        largeImageURL: `${this.url}/media/${id}_1280.jpg`,
        imageWidth: vertical ? 853 : 1280,
        imageHeight: vertical ? 1280 : 853,
        user_id: id,
        user: `pixabay_user_${id}`,
      })),
    });
  }
}
