import { describe, expect, it } from "vitest";
import { END_HOLD_MS } from "../../src/core/end-card";
import {
  buildVideoProps,
  composeVideoProps,
  narrationTarget,
  PresetDurationError,
} from "../../src/pipeline/compose";
import type { Script } from "../../src/pipeline/script/script";
import { GENERATED_CREDIT } from "../../src/compositions/schema";
import type { PlannedSection } from "../../src/pipeline/visuals";
import type { Voiceover } from "../../src/pipeline/voice/voiceover";

const script = {
  title: "Why the sea is blue",
  hook: "Why is the sea blue?",
  intro: "It is not the sky.",
  points: [
    {
      text: "Water absorbs red light.",
      textOverlay: "Red light fades",
      visualCue: "",
      durationEstSec: 10,
      sourceSection: 0,
    },
    {
      text: "Blue light scatters back.",
      textOverlay: "Blue comes back",
      visualCue: "",
      durationEstSec: 10,
      sourceSection: 1,
    },
  ],
  cta: "Follow for more.",
} as unknown as Script;

const voiceover = (lengthMs: number): Voiceover => {
  const slot = lengthMs / 5;
  return {
    provider: "festival",
    voice: "slt",
    speed: 1,
    audioFile: "/tmp/n.wav",
    durationMs: lengthMs,
    words: [{ text: "Why", startMs: 0, endMs: 200 }],
    segments: Array.from({ length: 5 }, (_, i) => ({
      startMs: i * slot,
      endMs: i * slot + slot - 400,
    })),
    silent: false,
    language: "en",
    warnings: [],
  };
};

const card = (text: string): PlannedSection => ({
  visual: {
    type: "title-card",
    text,
    background: "#112233",
    credit: GENERATED_CREDIT,
  },
  candidates: [],
});
const sections = ["a", "b", "c", "d", "e"].map(card);

describe("composing the props of a preset", () => {
  it("places section boundaries mid-pause and ends on the end card", () => {
    const props = composeVideoProps({
      preset: "tiktok",
      script,
      voiceover: voiceover(50_000),
      sections,
      narrationSrc: "media/n.wav",
      music: null,
    });
    expect(props.durationMs).toBe(50_000 + END_HOLD_MS);
    expect(props.sections.map((s) => s.kind)).toEqual([
      "hook",
      "intro",
      "point",
      "point",
      "cta",
    ]);
    expect(props.sections[0].startMs).toBe(0);
    expect(props.sections[1].startMs).toBe(9_800);
    expect(props.sections.at(-1)!.endMs).toBe(props.durationMs);
    expect(props.chapters).toEqual([]);
  });

  it("gives the long preset chapters that start at each point", () => {
    const props = composeVideoProps({
      preset: "youtube_long",
      script,
      voiceover: voiceover(300_000),
      sections,
      narrationSrc: "media/n.wav",
      music: null,
    });
    expect(props.chapters.map((c) => c.title)).toEqual([
      "Intro",
      "Red light fades",
      "Blue comes back",
    ]);
    expect(props.chapters[1].startMs).toBe(props.sections[2].startMs);
  });

  it("refuses a narration outside the preset's range, saying by how much", () => {
    const compose = () =>
      composeVideoProps({
        preset: "youtube_short",
        script,
        voiceover: voiceover(75_000),
        sections,
        narrationSrc: null,
        music: null,
      });
    expect(compose).toThrow(PresetDurationError);
    expect(compose).toThrow(/0:30–1:00.*runs 1:17/);
  });

  it("builds the same props without the range check, for the app's preview", () => {
    const input = {
      preset: "youtube_short" as const,
      script,
      voiceover: voiceover(75_000),
      sections,
      narrationSrc: null,
      music: null,
    };
    const props = buildVideoProps(input);
    expect(props.durationMs).toBe(75_000 + END_HOLD_MS);
    expect(props.cta.text).toBe("Subscribe for more");
    expect(() => composeVideoProps(input)).toThrow(PresetDurationError);
  });

  it("names a chapter after its point's number when the headline is empty", () => {
    const props = composeVideoProps({
      preset: "youtube_long",
      script: {
        ...script,
        points: script.points.map((p) => ({ ...p, textOverlay: "" })),
      },
      voiceover: voiceover(300_000),
      sections,
      narrationSrc: null,
      music: null,
    });
    expect(props.chapters.map((c) => c.title)).toEqual([
      "Intro",
      "Part 1",
      "Part 2",
    ]);
  });

  it("keeps no narration track for a silent fallback", () => {
    const props = composeVideoProps({
      preset: "tiktok",
      script,
      voiceover: { ...voiceover(40_000), silent: true },
      sections,
      narrationSrc: "media/n.wav",
      music: null,
    });
    expect(props.narration).toBeNull();
    expect(props.silent).toBe(true);
  });
});

describe("the narration target of a group of presets", () => {
  it("is the overlap of the type and every preset, less the end card", () => {
    expect(
      narrationTarget("short", ["tiktok", "youtube_short", "instagram_reel"]),
    ).toEqual({ min: 30, max: 58.5 });
    expect(narrationTarget("long", ["youtube_long"])).toEqual({
      min: 300,
      max: 898.5,
    });
  });
});
