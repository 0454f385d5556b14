import { FakeHttpServer } from "./http";

export type FeedEntry = { id: string; title: string; html: string; date: Date };

const escape = (text: string) =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** A site's RSS 2.0 feed on loopback: `entries` is what it lists, newest first; `raw` overrides the body. */
export class FakeFeedServer extends FakeHttpServer {
  entries: FeedEntry[] = [];
  raw: Buffer | null = null;

  constructor() {
    super(() => ({
      status: 200,
      headers: { "content-type": "application/rss+xml; charset=utf-8" },
      body: this.raw ?? Buffer.from(this.rss()),
    }));
  }

  private rss() {
    const items = this.entries
      .map(
        (entry) =>
          `<item><guid>${escape(entry.id)}</guid><title>${escape(entry.title)}</title>` +
          `<pubDate>${entry.date.toUTCString()}</pubDate>` +
          `<description>${escape(entry.html)}</description></item>`,
      )
      .join("");
    return `<?xml version="1.0"?><rss version="2.0"><channel><title>Lighthouse Weekly</title>${items}</channel></rss>`;
  }
}
