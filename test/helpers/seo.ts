import { expect } from "vitest";
import type { Script } from "../../src/pipeline/script/script";
import { PLATFORMS } from "../../src/platforms/limits";

/** Every SEO field of a script fits its platform's limits from src/platforms/limits.ts. */
export function expectSeoWithinLimits(seo: Script["seo"]) {
  expect(seo.youtube.title.length).toBeLessThanOrEqual(
    PLATFORMS.youtube.title.max,
  );
  expect(Buffer.byteLength(seo.youtube.description)).toBeLessThanOrEqual(
    PLATFORMS.youtube.description.max,
  );
  expect(seo.youtube.tags.join(",").length).toBeLessThanOrEqual(
    PLATFORMS.youtube.tagsMaxTotalChars,
  );
  expect(seo.instagram.description.length).toBeLessThanOrEqual(
    PLATFORMS.instagram.caption.max,
  );
  expect(seo.instagram.tags.length).toBeLessThanOrEqual(
    PLATFORMS.instagram.hashtagsMax,
  );
  expect(seo.tiktok.description.length).toBeLessThanOrEqual(
    PLATFORMS.tiktok.title.max,
  );
  expect(seo.tiktok.tags.length).toBeLessThanOrEqual(
    PLATFORMS.tiktok.hashtagsMax,
  );
}
