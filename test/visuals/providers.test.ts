import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config";
import { prepareVideos, type MakeEvent } from "../../src/pipeline/make";
import { FakeOpenAI } from "../fakes/openai-server";
import { FakePexels } from "../fakes/pexels-server";
import { FakePixabay } from "../fakes/pixabay-server";

const ARTICLE = `---
title: A short history of coffee in Vienna
keywords: [coffee, vienna, history]
---

# A short history of coffee in Vienna

Vienna's coffee houses have been places to read, argue and linger for centuries.

## The first coffee houses

Coffee houses opened in Vienna after the siege, serving strong coffee to merchants and writers alike. Legend says the beans came from sacks left behind by the retreating army, and a clever trader knew what to do with them. Within a few decades the city had dozens of them, each with its own regulars.

## Melange and the waiter

The waiter brings a melange on a silver tray with a glass of water, and nobody hurries the guest. The waiter knows the regulars by name and their order by heart, and a fresh glass of water arrives without asking. Ordering a second cup is never expected.

## Newspapers on wooden holders

Guests read newspapers clamped in wooden holders, staying for hours over a single cup. The papers come from across Europe, and writers once wrote whole novels at the marble tables while the afternoon light moved across the room.
`;

describe("stock and AI visuals through the pipeline", () => {
  const pexels = new FakePexels();
  const pixabay = new FakePixabay();
  const openai = new FakeOpenAI();
  let dir: string;
  beforeAll(async () => {
    await Promise.all([pexels.start(), pixabay.start(), openai.start()]);
    dir = await mkdtemp(path.join(tmpdir(), "rw-stock-"));
    await writeFile(path.join(dir, "article.md"), ARTICLE);
  });
  afterAll(() => Promise.all([pexels.stop(), pixabay.stop(), openai.stop()]));

  const prepare = async (env: Record<string, string>, visualsFile?: string) => {
    const events: MakeEvent[] = [];
    const { prepared, failures } = await prepareVideos({
      articlePath: path.join(dir, "article.md"),
      presets: ["tiktok"],
      outDir: path.join(dir, "out"),
      visualsFile,
      onEvent: (e) => events.push(e),
      config: loadConfig({
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        REMOTION_BROWSER_EXECUTABLE: process.env.REMOTION_BROWSER_EXECUTABLE,
        REELWRIGHT_HOME: path.join(dir, "home"),
        PEXELS_API_BASE_URL: pexels.url,
        PIXABAY_API_BASE_URL: pixabay.url,
        OPENAI_BASE_URL: openai.url,
        // The fakes listen on loopback: the fetch guard downloads from it only when told to.
        REELWRIGHT_ALLOW_PRIVATE_FETCH_HOSTS: "127.0.0.1",
        ...env,
      }),
    });
    expect(failures.map((f) => !f.ok && f.error)).toEqual([]);
    const warnings = events.flatMap((e) =>
      e.type === "warning" ? [e.message] : [],
    );
    return { props: prepared[0].props, warnings };
  };

  it("fills sections from Pexels in the preset's orientation, with the key in the header, credited", async () => {
    const before = pexels.searches.length;
    const { props } = await prepare({
      PEXELS_API_KEY: pexels.apiKey,
      VISUAL_SOURCES: "stock,generated",
    });
    const searches = pexels.searches.slice(before);
    expect(searches.length).toBeGreaterThan(0);
    for (const url of searches)
      expect(url.searchParams.get("orientation")).toBe("portrait");
    for (const section of props.sections) {
      const scores = (section.candidates ?? []).map((c) => c.score);
      expect(scores.length).toBeGreaterThan(1);
      expect(scores).toEqual([...scores].sort((a, b) => b - a));
      expect(section.candidates![0].source).toBe("pexels");
    }
    const stock = props.sections.filter(
      (s) => s.visual.credit.source === "pexels",
    );
    expect(stock.length).toBe(props.sections.length);
    for (const { visual } of stock) {
      expect(["image", "video"]).toContain(visual.type);
      if (visual.type === "image" || visual.type === "video")
        expect(visual.src).toMatch(/^media\//);
      expect(visual.credit.author).toMatch(/^(Photographer|Filmer) \d+$/);
      expect(visual.credit.url).toMatch(/^https:\/\/www\.pexels\.com\//);
    }
  }, 120_000);

  it("skips a failing provider with a warning and takes the next one", async () => {
    pexels.failures = [
      429, 429, 429, 429, 429, 429, 429, 429, 429, 429, 429, 429,
    ];
    const { props, warnings } = await prepare({
      PEXELS_API_KEY: pexels.apiKey,
      PIXABAY_API_KEY: pixabay.apiKey,
      VISUAL_SOURCES: "stock,generated",
    });
    pexels.failures = [];
    expect(
      warnings.some((w) => /pexels failed.*429.*rate limited/i.test(w)),
    ).toBe(true);
    const sources = props.sections.map((s) => s.visual.credit.source);
    expect(sources.every((s) => s === "pixabay")).toBe(true);
    for (const url of pixabay.searches) {
      expect(url.searchParams.get("key")).toBe(pixabay.apiKey);
      expect(url.searchParams.get("orientation")).toBe("vertical");
    }
  }, 120_000);

  it("makes AI images once per prompt and falls back to generated scenes when the API fails", async () => {
    const env = { OPENAI_API_KEY: "sk-test", VISUAL_SOURCES: "ai,generated" };
    const count = () =>
      openai.requests.filter((r) => r.path === "/v1/images/generations").length;
    const first = await prepare(env);
    const made = count();
    const prompts = new Set(
      openai.requests
        .filter((r) => r.path === "/v1/images/generations")
        .map((r) => r.body!.prompt),
    );
    // One request per distinct prompt (the hook and the end share the title).
    expect(made).toBe(prompts.size);
    expect(made).toBeGreaterThanOrEqual(first.props.sections.length - 2);
    const request = openai.requests.find(
      (r) => r.path === "/v1/images/generations",
    )!;
    expect(request.body).toMatchObject({
      model: "gpt-image-1",
      size: "1024x1536",
    });
    expect(String(request.body!.prompt)).toContain("Style:");
    for (const { visual } of first.props.sections)
      expect(visual.credit).toEqual({
        source: "openai",
        author: "gpt-image-1",
        url: "",
      });
    await prepare(env);
    expect(count()).toBe(made);

    // A fresh cache and the API down: generated scenes, never a blocked video.
    openai.imageFailures = Array(40).fill(500);
    const down = await prepare({
      ...env,
      REELWRIGHT_HOME: path.join(dir, "home-down"),
    });
    openai.imageFailures = [];
    expect(down.warnings.some((w) => /openai failed/.test(w))).toBe(true);
    expect(
      down.props.sections.every((s) => s.visual.credit.source === "generated"),
    ).toBe(true);
  }, 300_000);

  it("asks the source an override names, with its query", async () => {
    const file = path.join(dir, "visuals.json");
    await writeFile(
      file,
      JSON.stringify({
        sections: { "2": { source: "stock", query: "espresso machine" } },
      }),
    );
    const before = pexels.searches.length;
    const { props } = await prepare(
      { PEXELS_API_KEY: pexels.apiKey, VISUAL_SOURCES: "generated,stock" },
      file,
    );
    const queries = pexels.searches
      .slice(before)
      .map((u) => u.searchParams.get("query"));
    expect(queries).toContain("espresso machine");
    expect(props.sections[2].visual.credit.source).toBe("pexels");
    expect(props.sections[1].visual.credit.source).toBe("generated");
  }, 120_000);
});
