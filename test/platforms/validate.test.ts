import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config";
import { endpointsFromConfig } from "../../src/platforms/endpoints";
import { uploadProblems } from "../../src/platforms/validate";
import type { MediaProbe } from "../../src/pipeline/render/probe";
import { PLATFORMS } from "../../src/platforms/limits";

const vertical: MediaProbe = {
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
  audio: { codec: "aac", channels: 2, sampleRate: 48000, durationMs: 60_000 },
  fastStart: true,
};

describe("pre-upload validation", () => {
  it("passes a file that fits the platform", () => {
    expect(uploadProblems(vertical, "tiktok")).toEqual([]);
    expect(uploadProblems(vertical, "instagram_reel")).toEqual([]);
    expect(uploadProblems(vertical, "youtube_short")).toEqual([]);
  });

  it("names each problem, with the limits from the platform table", () => {
    const problems = uploadProblems(
      {
        ...vertical,
        formatName: "matroska,webm",
        durationMs: PLATFORMS.instagram.maxDurationMs + 1000,
        sizeBytes: PLATFORMS.instagram.maxFileBytes + 1,
        video: { ...vertical.video!, codec: "hevc", pixelFormat: "yuv444p" },
        audio: { ...vertical.audio!, codec: "opus" },
      },
      "instagram_reel",
    );
    expect(problems).toEqual([
      "container is matroska,webm, not mp4",
      "video codec is hevc, not h264",
      "pixel format is yuv444p, not yuv420p",
      "audio codec is opus, not aac",
      `duration is 91000 ms, over Instagram's 90000 ms`,
      `file is ${PLATFORMS.instagram.maxFileBytes + 1} bytes, over Instagram's limit of ${PLATFORMS.instagram.maxFileBytes}`,
    ]);
  });

  it("refuses a landscape file for a vertical preset and a file with no streams", () => {
    expect(uploadProblems(vertical, "youtube_long")).toEqual([
      "resolution is 1080x1920, YouTube (long) needs 1920x1080",
    ]);
    expect(
      uploadProblems({ ...vertical, video: null, audio: null }, "tiktok"),
    ).toEqual(["the file has no video stream", "the file has no audio stream"]);
  });
});

describe("publishing endpoints", () => {
  it("default to the real hosts", () => {
    const endpoints = endpointsFromConfig(loadConfig({}));
    expect(endpoints.youtube.apiBaseUrl).toBe("https://www.googleapis.com");
    expect(endpoints.instagram.uploadBaseUrl).toBe(
      "https://rupload.facebook.com",
    );
    expect(endpoints.tiktok.apiBaseUrl).toBe("https://open.tiktokapis.com");
  });

  it("are overridden from the environment, and a bad value names its variable", () => {
    const endpoints = endpointsFromConfig(
      loadConfig({
        YOUTUBE_API_BASE_URL: "http://127.0.0.1:9000/",
        INSTAGRAM_GRAPH_VERSION: "v99.0",
        TIKTOK_API_BASE_URL: "http://127.0.0.1:9001",
      }),
    );
    expect(endpoints.youtube.apiBaseUrl).toBe("http://127.0.0.1:9000");
    expect(endpoints.instagram.graphVersion).toBe("v99.0");
    expect(endpoints.tiktok.apiBaseUrl).toBe("http://127.0.0.1:9001");
    expect(() => loadConfig({ INSTAGRAM_GRAPH_VERSION: "23" })).toThrow(
      "INSTAGRAM_GRAPH_VERSION",
    );
    expect(loadConfig({ TIKTOK_APP_AUDITED: "true" }).TIKTOK_APP_AUDITED).toBe(
      true,
    );
  });
});
