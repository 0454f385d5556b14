import { describe, expect, it } from "vitest";
import { checkRender, type MediaProbe } from "../../src/pipeline/render/probe";

const good: MediaProbe = {
  durationMs: 60_000,
  sizeBytes: 30e6,
  formatName: "mov,mp4,m4a,3gp,3g2,mj2",
  video: {
    codec: "h264",
    profile: "High",
    width: 1080,
    height: 1920,
    pixelFormat: "yuv420p",
    colorRange: "tv",
    fps: 30,
    durationMs: 60_000,
  },
  audio: { codec: "aac", channels: 2, sampleRate: 48000, durationMs: 60_010 },
  fastStart: true,
};

describe("checking a render against its preset", () => {
  it("passes a file that matches", () => {
    expect(checkRender(good, "tiktok", 60_000)).toEqual([]);
  });

  it("names every problem", () => {
    const bad: MediaProbe = {
      ...good,
      sizeBytes: 80 * 1024 ** 2,
      video: {
        ...good.video!,
        pixelFormat: "yuvj420p",
        width: 1920,
        height: 1080,
      },
      audio: null,
      fastStart: false,
    };
    const problems = checkRender(bad, "tiktok", 60_000).join("\n");
    expect(problems).toMatch(/resolution is 1920x1080, not 1080x1920/);
    expect(problems).toMatch(/pixel format is yuvj420p/);
    expect(problems).toMatch(/no audio stream/);
    expect(problems).toMatch(/over TikTok's limit/);
    expect(problems).toMatch(/faststart/);
  });

  it("catches audio drifting from the video by more than 0.1 s", () => {
    const drift = { ...good, audio: { ...good.audio!, durationMs: 60_300 } };
    expect(checkRender(drift, "tiktok", 60_000).join()).toMatch(
      /differ by more than 100 ms/,
    );
  });

  it("expects scaled dimensions for a draft render", () => {
    const draft = {
      ...good,
      video: { ...good.video!, width: 270, height: 480 },
    };
    expect(checkRender(draft, "tiktok", 60_000, 0.25)).toEqual([]);
  });
});
