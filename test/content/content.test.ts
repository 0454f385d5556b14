import { createServer, type Server } from "node:http";
import { mkdtemp, writeFile } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  loadArticleImages,
  parseArticle,
  readContentFile,
} from "../../src/pipeline/content";
import { MediaStore } from "../../src/pipeline/media-store";

const jpeg = (width: number, height: number) =>
  sharp({ create: { width, height, channels: 3, background: "#3366aa" } })
    .jpeg()
    .toBuffer();

describe("parsing articles", () => {
  it("reads Markdown front matter, sections split on headings, and images with their alt text", () => {
    const article = parseArticle({
      text: "---\ntitle: Tides\ndescription: Why the sea rises.\nkeywords: [sea, moon]\n---\n# Ignored\nLead &amp; more.\n\n## The moon pulls\n![The moon over the sea](moon.jpg)\nGravity.\n\n## Two bulges\nTwice a day.",
      fileName: "a.md",
    });
    expect(article).toMatchObject({
      title: "Tides",
      metaDescription: "Why the sea rises.",
      keywords: ["sea", "moon"],
      language: "en",
      images: [{ src: "moon.jpg", alt: "The moon over the sea" }],
    });
    expect(
      article.sections.map((s) => [s.heading, s.paragraphs, s.imageIndexes]),
    ).toEqual([
      [null, ["Lead & more."], []],
      ["The moon pulls", ["Gravity."], [0]],
      ["Two bulges", ["Twice a day."], []],
    ]);
  });

  it("reads HTML: title, meta, lang, and drops scripts and navigation", () => {
    const article = parseArticle({
      text: `<html lang="es"><head><title>T</title><meta name="description" content="D"><meta name="keywords" content="a, b"></head>
        <body><nav>Menu</nav><h1>Hola</h1><p>Uno <script>alert(1)</script>dos.</p><h2>Tres</h2><p>Cuatro <b>cinco</b>.</p></body></html>`,
    });
    expect(article).toMatchObject({
      title: "Hola",
      metaDescription: "D",
      keywords: ["a", "b"],
      language: "es",
    });
    expect(article.sections.flatMap((s) => s.paragraphs)).toEqual([
      "Uno dos.",
      "Cuatro cinco.",
    ]);
  });

  it("reads JSON and names the bad field", () => {
    const article = parseArticle({
      text: JSON.stringify({
        title: "J",
        body: "Para one.\n\n## H\n\nPara two.",
        images: [{ src: "x.png", alt: "X" }],
      }),
    });
    expect(article.sections).toHaveLength(2);
    expect(article.images).toEqual([{ src: "x.png", alt: "X" }]);
    expect(() =>
      parseArticle({ text: JSON.stringify({ title: "J", body: 3 }) }),
    ).toThrow(/Invalid article JSON: body:/);
  });

  it("refuses an empty article", () => {
    expect(() => parseArticle({ text: "   \n\n", format: "markdown" })).toThrow(
      "The article has no text to narrate",
    );
    expect(() =>
      parseArticle({ text: "<html><body><nav>only</nav></body></html>" }),
    ).toThrow(/no text to narrate/);
  });

  it("takes an article with no images", () => {
    expect(parseArticle({ text: "# T\n\nJust text." }).images).toEqual([]);
  });

  it("keeps non-English text and emoji intact", () => {
    const article = parseArticle({
      text: "---\nlang: ja\n---\n# 灯台の話 🏮\n\n夜の海で船を守る。¿Qué tal? 🎬",
    });
    expect(article.title).toBe("灯台の話 🏮");
    expect(article.language).toBe("ja");
    expect(article.sections[0].paragraphs[0]).toBe(
      "夜の海で船を守る。¿Qué tal? 🎬",
    );
  });

  it("parses a 1 MB article in well under a second", () => {
    const body = Array.from(
      { length: 200 },
      (_, i) =>
        `## Part ${i}\n\n${"Sentences about the sea and the light. ".repeat(130)}`,
    ).join("\n\n");
    expect(body.length).toBeGreaterThan(1_000_000);
    const started = performance.now();
    expect(parseArticle({ text: `# Big\n\n${body}` }).sections).toHaveLength(
      200,
    );
    expect(performance.now() - started).toBeLessThan(3000);
  });

  it("refuses a binary file and a missing one, naming it", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "rw-content-"));
    await writeFile(path.join(dir, "a.md"), Buffer.from([0x23, 0x00, 0x01]));
    await expect(readContentFile(path.join(dir, "a.md"))).rejects.toThrow(
      /is not a text file/,
    );
    await expect(readContentFile(path.join(dir, "none.md"))).rejects.toThrow(
      /No article at .*none\.md/,
    );
  });
});

describe("loading an article's images", () => {
  let server: Server;
  let base: string;
  let dir: string;
  let store: MediaStore;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "rw-images-"));
    store = new MediaStore(path.join(dir, "media"));
    const good = await jpeg(1600, 1000);
    server = createServer((req, res) => {
      if (req.url === "/good.jpg")
        res.writeHead(200, { "content-type": "image/jpeg" }).end(good);
      else if (req.url === "/page")
        res.writeHead(200, { "content-type": "text/html" }).end("<p>no</p>");
      else if (req.url === "/huge")
        res
          .writeHead(200, { "content-type": "image/jpeg" })
          .end(Buffer.alloc(3_000_000));
      else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) =>
      server.listen(0, "127.0.0.1", resolve),
    );
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const load = (srcs: string[], maxBytes?: number) =>
    loadArticleImages(
      { images: srcs.map((src) => ({ src, alt: src })) },
      {
        store,
        maxWidth: 2880,
        maxHeight: 2880,
        localFiles: { dir, confined: true },
        maxBytes,
        allowedHosts: [{ host: "127.0.0.1", port: Number(new URL(base).port) }],
      },
    );

  it("stores a downloaded image and reports a 404, a web page and an oversized download as problems", async () => {
    const { images, problems } = await load(
      [
        `${base}/good.jpg`,
        `${base}/missing.jpg`,
        `${base}/page`,
        `${base}/huge`,
      ],
      2_000_000,
    );
    expect(images).toHaveLength(1);
    expect(images[0]).toMatchObject({ index: 0, width: 1600, height: 1000 });
    const host = new URL(base).host;
    expect(problems.map((p) => [p.index, p.reason])).toEqual([
      [1, `${host} answered 404`],
      [2, `${host} answered content-type text/html, not image/*`],
      [3, `${host} sent more than the 2 MB limit`],
    ]);
  });

  it("reports a corrupt image instead of crashing", async () => {
    await writeFile(
      path.join(dir, "corrupt.jpg"),
      Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), Buffer.alloc(500, 7)]),
    );
    const { images, problems } = await load(["corrupt.jpg", "absent.jpg"]);
    expect(images).toEqual([]);
    expect(problems[0].reason).toMatch(/cannot be decoded/);
    expect(problems[1].reason).toMatch(/no such file/);
  });

  it("scales a 12000x8000 photo down to the output size", async () => {
    await sharp({
      create: {
        width: 12000,
        height: 8000,
        channels: 3,
        background: "#884422",
      },
    })
      .jpeg({ quality: 60 })
      .toFile(path.join(dir, "huge.jpg"));
    const { images, problems } = await load(["huge.jpg"]);
    expect(problems).toEqual([]);
    expect([images[0].width, images[0].height]).toEqual([2880, 1920]);
    const stored = await sharp(store.resolve(images[0].src)).metadata();
    expect([stored.width, stored.format]).toEqual([2880, "jpeg"]);
  });
});
