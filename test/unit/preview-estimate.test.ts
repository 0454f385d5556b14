import { describe, expect, it } from "vitest";
import {
  GENERATED_CREDIT,
  videoPropsSchema,
} from "../../src/compositions/schema";
import { CTA_HEADLINE, END_HOLD_MS } from "../../src/core/end-card";
import { spokenSeconds, wordsOf } from "../../src/core/narration";
import type { Script } from "../../src/pipeline/script/script";
import { buildVideoProps } from "../../src/pipeline/compose";
import { scriptSections } from "../../src/pipeline/script/script";
import { estimatedVoiceover } from "../../src/services/renders/preview";

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

/** The props of the script on its estimated narration, every section a title card. */
const propsAt = (preset: "youtube_long" | "tiktok", speed: number) =>
  buildVideoProps({
    preset,
    script,
    voiceover: estimatedVoiceover(script, speed),
    sections: scriptSections(script).map((s) => ({
      overlay: s.overlay,
      candidates: [],
      visual: {
        type: "title-card",
        text: s.text,
        background: "#000000",
        credit: GENERATED_CREDIT,
      },
    })),
    narrationSrc: null,
    music: null,
  });

describe("the preview of a script not narrated yet", () => {
  it("is the render's props of the script read at the estimated pace, silent", () => {
    const props = propsAt("youtube_long", 1);
    expect(videoPropsSchema.safeParse(props).success).toBe(true);
    const texts = [
      script.hook,
      script.intro,
      ...script.points.map((p) => p.text),
      script.cta,
    ];
    const narrationMs = texts
      .map((t) =>
        Math.max(1500, Math.round(spokenSeconds(wordsOf(t).length) * 1000)),
      )
      .reduce((a, b) => a + b, 0);
    expect(props.durationMs).toBe(narrationMs + END_HOLD_MS);
    expect(props.silent).toBe(true);
    expect(props.narration).toBeNull();
    expect(props.cta.text).toBe(CTA_HEADLINE.youtube);
    expect(props.chapters.map((c) => c.title)).toEqual([
      "Intro",
      "Red light fades",
      "Part 2",
    ]);
  });

  it("shortens with a faster voice", () => {
    expect(propsAt("tiktok", 2).durationMs).toBeLessThan(
      propsAt("tiktok", 1).durationMs,
    );
  });
});
