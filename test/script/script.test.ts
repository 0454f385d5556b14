import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { parseArticle } from "../../src/pipeline/content";
import { generateExtractiveScript } from "../../src/pipeline/script";
import { VIDEO_TYPES } from "../../src/core/video-types";
import { narrationSegments } from "../../src/pipeline/script/script";
import { expectSeoWithinLimits } from "../helpers/seo";

const demo = parseArticle({
  text: await readFile("public/demo/article.md", "utf8"),
  fileName: "article.md",
});
const words = (texts: string[]) => texts.join(" ").split(/\s+/).length;

describe("the offline script", () => {
  it("is the same every time for the same article", () => {
    expect(generateExtractiveScript(demo, { type: "short" })).toEqual(
      generateExtractiveScript(demo, { type: "short" }),
    );
  });

  it.each(["short", "medium", "long"] as const)(
    "lands a %s script inside its duration range",
    (type) => {
      const script = generateExtractiveScript(demo, { type });
      const { minSec, maxSec } = VIDEO_TYPES[type];
      expect(script.totalEstimatedDurationSec).toBeGreaterThanOrEqual(minSec);
      expect(script.totalEstimatedDurationSec).toBeLessThanOrEqual(maxSec);
      // The estimate is the spoken words at 165 words a minute.
      expect(
        Math.abs(
          script.totalEstimatedDurationSec -
            (words(narrationSegments(script)) / 165) * 60,
        ),
      ).toBeLessThan(2);
    },
  );

  it("narrates more of the article for longer types, one point per section it covers", () => {
    const short = generateExtractiveScript(demo, { type: "short" });
    const long = generateExtractiveScript(demo, { type: "long" });
    expect(short.points.length).toBeLessThanOrEqual(3);
    expect(long.points.length).toBe(7);
    expect(long.points.map((p) => p.textOverlay)).toContain(
      "The lens that changed everything",
    );
    expect(long.chapters[0]).toEqual({ timeSec: 0, title: "Intro" });
    expect(long.chapters).toHaveLength(8);
  });

  it("respects a narrower target, as for YouTube Shorts", () => {
    const script = generateExtractiveScript(demo, {
      type: "short",
      targetSec: { min: 30, max: 58.5 },
    });
    expect(script.totalEstimatedDurationSec).toBeLessThanOrEqual(58.5);
  });

  it("says how long a too-short article would run", () => {
    const tiny = parseArticle({
      text: "# Small\n\nOne short paragraph about the sea.",
    });
    expect(() => generateExtractiveScript(tiny, { type: "long" })).toThrow(
      /narrates to about 0:\d\d; a long video needs at least 5:00/,
    );
  });

  it("keeps every platform's SEO fields within its limits", () => {
    const { seo } = generateExtractiveScript(demo, { type: "long" });
    expectSeoWithinLimits(seo);
    expect(seo.youtube.tags).toContain("lighthouses");
  });

  it("handles a 1 MB article quickly", () => {
    const body = Array.from(
      { length: 150 },
      (_, i) =>
        `## Part ${i}\n\n${"The keeper trimmed the wick at dusk and polished the lens. ".repeat(120)}`,
    ).join("\n\n");
    const big = parseArticle({ text: `# Big\n\n${body}` });
    const started = performance.now();
    const script = generateExtractiveScript(big, { type: "short" });
    expect(performance.now() - started).toBeLessThan(5000);
    expect(script.totalEstimatedDurationSec).toBeLessThanOrEqual(90);
  });
});
