import { FakeHttpServer, json, type FakeReply } from "./http";
import { stockClip, stockPhoto } from "./stock-media";

/**
 * Pexels' search API as documented: `Authorization: <key>` (no scheme), `query`, `orientation`
 * (landscape, portrait, square), `per_page` (≤ 80) and `page`, answers with `photos` or `videos`
 * and a `next_page` link; 429 with the rate-limit headers when `rateLimit` says so. The media it
 * links to are served by the same fake.
 */
export class FakePexels {
  /** Answer the next searches with these statuses first (429 carries Retry-After). */
  failures: number[] = [];
  readonly server: FakeHttpServer;
  readonly searches: URL[] = [];

  constructor(readonly apiKey = "pexels-test-key") {
    this.server = new FakeHttpServer((request, url) =>
      this.handle(request.headers.authorization, url),
    );
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

  private async handle(auth: string | undefined, url: URL): Promise<FakeReply> {
    if (url.pathname.startsWith("/media/photo-")) {
      const id = Number(url.pathname.match(/\d+/)?.[0]);
      const [w, h] = (url.searchParams.get("size") ?? "1200x800")
        .split("x")
        .map(Number);
      return {
        status: 200,
        headers: { "content-type": "image/jpeg" },
        body: await stockPhoto(w, h, id),
      };
    }
    if (url.pathname.startsWith("/media/video-"))
      return {
        status: 200,
        headers: { "content-type": "video/mp4" },
        body: await stockClip(),
      };
    const search =
      url.pathname === "/v1/search" || url.pathname === "/videos/search";
    if (!search) return json(404, { error: "Not Found" });
    this.searches.push(url);
    if (auth !== this.apiKey)
      return json(401, { error: "Authorization field missing" });
    const failure = this.failures.shift();
    if (failure)
      return json(
        failure,
        { error: "Rate limit exceeded" },
        failure === 429
          ? { "retry-after": "60", "x-ratelimit-remaining": "0" }
          : {},
      );
    const query = url.searchParams.get("query");
    if (!query) return json(400, { error: "query is required" });
    const orientation = url.searchParams.get("orientation") ?? "landscape";
    const perPage = Math.min(
      80,
      Number(url.searchParams.get("per_page") ?? 15),
    );
    const page = Number(url.searchParams.get("page") ?? 1);
    const [w, h] = orientation === "portrait" ? [1080, 1620] : [1620, 1080];
    const ids = Array.from(
      { length: Math.min(perPage, 3) },
      (_, i) => page * 100 + i,
    );
    const next = `${this.url}${url.pathname}?query=${encodeURIComponent(query)}&page=${page + 1}&per_page=${perPage}`;
    if (url.pathname === "/v1/search")
      return json(200, {
        page,
        per_page: perPage,
        total_results: 300,
        next_page: next,
        photos: ids.map((id, i) => ({
          id,
          width: w,
          height: h,
          url: `https://www.pexels.com/photo/${id}/`,
          photographer: `Photographer ${id}`,
          photographer_url: `https://www.pexels.com/@p${id}`,
          photographer_id: id,
          avg_color: "#336699",
          // The first result names the query's words, the others are unrelated.
          alt: i === 0 ? `A photo of ${query}` : "Something else entirely",
          src: {
            original: `${this.url}/media/photo-${id}.jpg?size=${w}x${h}`,
            large2x: `${this.url}/media/photo-${id}.jpg?size=${w}x${h}`,
            large: `${this.url}/media/photo-${id}.jpg?size=${w / 2}x${h / 2}`,
          },
        })),
      });
    return json(200, {
      page,
      per_page: perPage,
      total_results: 300,
      next_page: next,
      videos: ids.slice(0, 1).map((id) => ({
        id,
        width: 360,
        height: 640,
        url: `https://www.pexels.com/video/${id}/`,
        duration: 2,
        user: {
          id,
          name: `Filmer ${id}`,
          url: `https://www.pexels.com/@f${id}`,
        },
        video_files: [
          {
            id: 1,
            quality: "sd",
            file_type: "video/mp4",
            width: 360,
            height: 640,
            link: `${this.url}/media/video-${id}.mp4`,
          },
        ],
      })),
    });
  }
}
