import { describe, expect, it } from "vitest";
import { DEFAULT_THEME, type VideoProps } from "../../src/compositions/schema";
import {
  buildMetadata,
  fitTo,
  youtubeChapters,
} from "../../src/pipeline/metadata";
import type { Script } from "../../src/pipeline/script/script";
import { PLATFORMS } from "../../src/platforms/limits";

const seo = (n: number) => ({
  title: "How mountains make their own weather ".repeat(n).trim(),
  description: "Clouds, rain and wind on the peaks. ".repeat(n * 20).trim(),
  tags: Array.from({ length: 60 }, (_, i) => `mountain weather ${i}`),
});
const script = {
  seo: { youtube: seo(5), instagram: seo(5), tiktok: seo(5) },
} as unknown as Script;
const props = (
  preset: string,
  chapters: VideoProps["chapters"],
  durationMs = 300_000,
) =>
  ({
    preset,
    durationMs,
    chapters,
    theme: DEFAULT_THEME,
    sections: CREDITED.map((credit) => ({ visual: { type: "image", credit } })),
  }) as unknown as VideoProps;
const CREDITED = [
  {
    source: "pexels",
    author: "Ana Rocha",
    url: "https://www.pexels.com/photo/1/",
  },
  { source: "generated", author: "Reelwright", url: "" },
  {
    source: "pexels",
    author: "Ana Rocha",
    url: "https://www.pexels.com/photo/1/",
  },
  { source: "openai", author: "gpt-image-1", url: "" },
  { source: "article", author: "", url: "" },
];
const files = {
  video: "a.mp4",
  srt: "a.srt",
  vtt: "a.vtt",
  thumbnail: "a.jpg",
};

describe("platform metadata", () => {
  it("records the narration's language and voice, and no voice for the silent track", () => {
    const spoken = buildMetadata(
      script,
      props("tiktok", [], 60_000),
      files,
      1,
      {
        provider: "espeak",
        voice: "de",
        language: "de",
        silent: false,
      },
    );
    expect(spoken.language).toBe("de");
    expect(spoken.voice).toEqual({
      provider: "espeak",
      id: "de",
      language: "de",
    });
    const silent = buildMetadata(
      script,
      props("tiktok", [], 60_000),
      files,
      1,
      {
        provider: "silent",
        voice: "silent",
        language: "tlh",
        silent: true,
      },
    );
    expect(silent).toMatchObject({ language: "tlh", voice: null });
  });

  it("keeps YouTube's title, description bytes and tag total within the limits", () => {
    const chapters = [0, 40_000, 120_000, 200_000].map((startMs, i) => ({
      title: `Part ${i}`,
      startMs,
    }));
    const m = buildMetadata(script, props("youtube_long", chapters), files, 1);
    expect(m.title.length).toBeLessThanOrEqual(PLATFORMS.youtube.title.max);
    expect(Buffer.byteLength(m.description)).toBeLessThanOrEqual(
      PLATFORMS.youtube.description.max,
    );
    expect(m.tags.join(",").length).toBeLessThanOrEqual(
      PLATFORMS.youtube.tagsMaxTotalChars,
    );
    expect(m.description).toContain(
      "\n0:00 Part 0\n0:40 Part 1\n2:00 Part 2\n3:20 Part 3",
    );
  });

  it("leaves chapters out when YouTube would not show them", () => {
    const tooShort = [0, 5_000, 9_000].map((startMs, i) => ({
      title: `P${i}`,
      startMs,
    }));
    expect(youtubeChapters(props("youtube_long", tooShort))).toEqual([]);
  });

  it("fits Instagram's caption and hashtag count, and TikTok's title", () => {
    const reel = buildMetadata(
      script,
      props("instagram_reel", [], 60_000),
      files,
      1,
    );
    expect(reel.description.length).toBeLessThanOrEqual(
      PLATFORMS.instagram.caption.max,
    );
    expect(reel.hashtags.length).toBeLessThanOrEqual(
      PLATFORMS.instagram.hashtagsMax,
    );
    const tiktok = buildMetadata(script, props("tiktok", [], 60_000), files, 1);
    expect(tiktok.description.length).toBeLessThanOrEqual(
      PLATFORMS.tiktok.title.max,
    );
  });

  it("credits stock authors once and says when images were made by AI", () => {
    const long = buildMetadata(script, props("youtube_long", []), files, 1);
    expect(long.credits).toEqual([
      "Photo: Ana Rocha on Pexels https://www.pexels.com/photo/1/",
      "Some images were made with AI",
    ]);
    expect(long.description).toContain(
      "Credits\nPhoto: Ana Rocha on Pexels https://www.pexels.com/photo/1/",
    );
    const tiktok = buildMetadata(script, props("tiktok", [], 60_000), files, 1);
    expect(tiktok.description).toContain("Ana Rocha on Pexels");
    expect(tiktok.description.length).toBeLessThanOrEqual(
      PLATFORMS.tiktok.title.max,
    );
  });

  it("tags a YouTube Short #Shorts", () => {
    expect(
      buildMetadata(script, props("youtube_short", [], 50_000), files, 1)
        .description,
    ).toMatch(/#Shorts$/);
  });

  it("cuts at a word boundary with an ellipsis", () => {
    expect(fitTo("one two three four", 10)).toBe("one two…");
    expect(fitTo("short", 10)).toBe("short");
  });
});
