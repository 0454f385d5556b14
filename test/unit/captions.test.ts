import { parseSrt } from "@remotion/captions";
import { describe, expect, it } from "vitest";
import { groupIntoCues, toSrt, toVtt } from "../../src/pipeline/captions";

const word = (text: string, startMs: number, endMs = startMs + 300) => ({
  text,
  startMs,
  endMs,
});
const sentence = (text: string, startMs: number) =>
  text.split(" ").map((w, i) => word(w, startMs + i * 350));

describe("subtitle files from word timings", () => {
  const words = [
    ...sentence("Mountains make their own weather.", 0),
    ...sentence(
      "Air rises, cools, and the water it carries condenses into clouds over the peaks.",
      2000,
    ),
  ];

  it("never puts more than 42 characters on a line or two lines in a cue", () => {
    for (const cue of groupIntoCues(words)) {
      expect(cue.length).toBeLessThanOrEqual(2);
      for (const line of cue)
        expect(line.map((w) => w.text).join(" ").length).toBeLessThanOrEqual(
          42,
        );
    }
  });

  it("starts a new cue at the end of a sentence", () => {
    const cues = groupIntoCues(words);
    expect(
      cues[0]
        .flat()
        .map((w) => w.text)
        .join(" "),
    ).toBe("Mountains make their own weather.");
  });

  it("writes SRT that parses back with the same words and times", () => {
    const srt = toSrt(words);
    const { captions } = parseSrt({ input: srt });
    expect(captions[0].startMs).toBe(0);
    expect(captions.at(-1)!.endMs).toBe(words.at(-1)!.endMs);
    expect(
      captions
        .map((c) => c.text)
        .join(" ")
        .replace(/\s+/g, " "),
    ).toBe(words.map((w) => w.text).join(" "));
  });

  it("writes WebVTT with a header and hh:mm:ss.mmm times", () => {
    const vtt = toVtt([word("Hola 🎬", 61_234, 3_600_000 + 5)]);
    expect(vtt).toBe("WEBVTT\n\n00:01:01.234 --> 01:00:00.005\nHola 🎬\n");
  });

  it("writes empty files for a silent narration with no words", () => {
    expect(toSrt([])).toBe("");
    expect(toVtt([])).toBe("WEBVTT\n");
  });
});
