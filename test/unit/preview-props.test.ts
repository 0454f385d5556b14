import { describe, expect, it } from "vitest";
import { videoPropsSchema } from "../../src/compositions/schema";
import { CTA_HEADLINE, END_HOLD_MS } from "../../src/core/end-card";
import { spokenSeconds, wordsOf } from "../../src/core/narration";
import type { Script } from "../../src/pipeline/script/script";
import { previewProps } from "../../src/ui/previewProps";
import type { Asset } from "../../src/ui/types";

const script = {
  type: "short",
  title: "Why the sea is blue",
  language: "en",
  hook: "Why is the sea blue when the water in a glass is clear?",
  intro: "It is not the sky that colours it, whatever you were told.",
  points: [
    {
      text: "Water absorbs the red end of sunlight a little in every metre it passes through.",
      textOverlay: "Red light fades",
      visualCue: "",
      durationEstSec: 5,
      sourceSection: 0,
    },
    {
      text: "What comes back to your eye from deep water is the blue that was left.",
      textOverlay: "",
      visualCue: "",
      durationEstSec: 5,
      sourceSection: 1,
    },
  ],
  cta: "Follow for more about the sea.",
  chapters: [],
  totalEstimatedDurationSec: 20,
  seo: {
    youtube: { title: "", description: "", tags: [] },
    instagram: { title: "", description: "", tags: [] },
    tiktok: { title: "", description: "", tags: [] },
  },
} satisfies Script;

const photo: Asset = {
  id: 7,
  project_id: 3,
  asset_type: "image",
  source: "uploaded",
  file_path: "uploads/3/sea.jpg",
  file_url: "/api/v1/video/assets/3/files/7",
  alt: "The open sea",
  width: 1200,
  height: 800,
  section_index: 2,
  focus: { x: 0.2, y: 0.7 },
  order: 0,
  created_at: "2026-01-01T00:00:00.000Z",
};

describe("the live preview's props", () => {
  it("are the render's props of the script read at the estimated pace, silent", () => {
    const props = previewProps({
      preset: "youtube_long",
      script,
      assets: [photo],
      speed: 1,
      origin: "http://localhost:3000",
    });
    expect(videoPropsSchema.safeParse(props).success).toBe(true);
    const texts = [
      script.hook,
      script.intro,
      ...script.points.map((p) => p.text),
      script.cta,
    ];
    const narrationMs = texts
      .map((t) =>
        Math.round(Math.max(1.5, spokenSeconds(wordsOf(t).length)) * 1000),
      )
      .reduce((a, b) => a + b, 0);
    expect(props.durationMs).toBe(narrationMs + END_HOLD_MS);
    expect(props.silent).toBe(true);
    expect(props.narration).toBeNull();
    expect(props.cta.text).toBe(CTA_HEADLINE.youtube);
    // The chosen image on its section, through the app's own file endpoint.
    expect(props.sections[2].visual).toMatchObject({
      type: "image",
      src: "http://localhost:3000/api/v1/video/assets/3/files/7",
      focus: { x: 0.2, y: 0.7 },
    });
    expect(props.sections[0].visual.type).toBe("title-card");
    expect(props.heroImage).toBe(
      "http://localhost:3000/api/v1/video/assets/3/files/7",
    );
    expect(props.chapters.map((c) => c.title)).toEqual([
      "Intro",
      "Red light fades",
      "Part 2",
    ]);
  });

  it("shortens with a faster voice", () => {
    const at = (speed: number) =>
      previewProps({
        preset: "tiktok",
        script,
        assets: [],
        speed,
        origin: "",
      }).durationMs;
    expect(at(2)).toBeLessThan(at(1));
  });
});
