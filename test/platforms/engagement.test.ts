import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { fetchInstagramEngagement } from "../../src/platforms/instagram/stats";
import { fetchTikTokEngagement } from "../../src/platforms/tiktok/stats";
import { fetchYouTubeEngagement } from "../../src/platforms/youtube/stats";
import { PlatformApiError, QuotaExceededError } from "../../src/platforms/http";
import { FakeInstagram } from "../fakes/instagram-server";
import { FakeTikTok } from "../fakes/tiktok-server";
import { FakeYouTube } from "../fakes/youtube-server";
import { instantRetry } from "./fixtures";

let youtube: FakeYouTube;
let instagram: FakeInstagram;
let tiktok: FakeTikTok;

beforeAll(async () => {
  [youtube, instagram, tiktok] = await Promise.all([
    new FakeYouTube().start(),
    new FakeInstagram().start(),
    new FakeTikTok().start(),
  ]);
});
afterAll(async () => {
  await Promise.all([youtube.stop(), instagram.stop(), tiktok.stop()]);
});
afterEach(() => {
  youtube.apiFaults = [];
  youtube.quotaExceeded = false;
  instagram.apiFaults = [];
  tiktok.apiFaults = [];
});

const accessToken = async () => "test-access-token";
const ytOptions = (retry = instantRetry()) => ({
  accessToken,
  retry,
  now: () => Date.parse("2026-11-20T12:00:00Z"),
  endpoints: {
    authUrl: "",
    oauthBaseUrl: youtube.url,
    apiBaseUrl: youtube.url,
    analyticsBaseUrl: youtube.url,
  },
});
const igOptions = (retry = instantRetry()) => ({
  accessToken,
  retry,
  endpoints: {
    authUrl: "",
    oauthBaseUrl: instagram.url,
    graphBaseUrl: instagram.url,
    uploadBaseUrl: instagram.url,
    graphVersion: instagram.version,
  },
});
const ttOptions = (retry = instantRetry()) => ({
  accessToken,
  retry,
  endpoints: { authUrl: "", apiBaseUrl: tiktok.url },
});

const googleError = (status: number, reason: string) => ({
  status,
  body: { error: { code: status, message: reason, errors: [{ reason }] } },
});

describe("YouTube engagement", () => {
  it("turns string counts and an Analytics row into numbers", async () => {
    const id = youtube.seedVideo(
      {
        viewCount: "1234",
        likeCount: "56",
        commentCount: "7",
        favoriteCount: "0",
      },
      {
        views: 1200,
        estimatedMinutesWatched: 90,
        averageViewDuration: 41,
        shares: 3,
      },
    );
    const stats = await fetchYouTubeEngagement(id, ytOptions());
    expect(stats).toMatchObject({
      views: 1234,
      likes: 56,
      comments: 7,
      shares: 3,
      watchTimeSeconds: 5400,
      avgViewDurationSec: 41,
    });
    const report = youtube.requests.find((r) =>
      r.path.startsWith("/v2/reports"),
    )!;
    const query = new URL(report.path, youtube.url).searchParams;
    expect(query.get("ids")).toBe("channel==MINE");
    expect(query.get("filters")).toBe(`video==${id}`);
    expect(query.get("startDate")).toBe("2026-11-01");
    expect(query.get("endDate")).toBe("2026-11-20");
  });

  it("reports null watch time when Analytics has no rows, and null for hidden likes", async () => {
    const id = youtube.seedVideo({ viewCount: "3", commentCount: "0" }, null);
    const stats = await fetchYouTubeEngagement(id, ytOptions());
    expect(stats).toMatchObject({
      views: 3,
      likes: null,
      comments: 0,
      shares: null,
      watchTimeSeconds: null,
      avgViewDurationSec: null,
    });
  });

  it("waits out 429 (honouring Retry-After) and a 403 rate limit", async () => {
    const id = youtube.seedVideo({ viewCount: "1" }, null);
    youtube.apiFaults = [
      {
        ...googleError(429, "rateLimitExceeded"),
        headers: { "retry-after": "30" },
      },
      googleError(403, "userRateLimitExceeded"),
    ];
    const retry = instantRetry();
    const stats = await fetchYouTubeEngagement(id, ytOptions(retry));
    expect(stats.views).toBe(1);
    expect(retry.delays[0]).toBe(30_000);
    expect(retry.delays).toHaveLength(2);
  });

  it("gives up after the allowed attempts", async () => {
    const id = youtube.seedVideo({ viewCount: "1" }, null);
    youtube.apiFaults = Array.from({ length: 10 }, () =>
      googleError(503, "backendError"),
    );
    const retry = instantRetry(3);
    const error = await fetchYouTubeEngagement(id, ytOptions(retry)).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(PlatformApiError);
    expect((error as PlatformApiError).status).toBe(503);
    expect(retry.delays).toHaveLength(2);
    expect(retry.delays[1]).toBeGreaterThanOrEqual(retry.delays[0]);
  });

  it("does not retry a spent daily quota without Retry-After, but does with it", async () => {
    const id = youtube.seedVideo({ viewCount: "1" }, null);
    youtube.quotaExceeded = true;
    const retry = instantRetry();
    await expect(
      fetchYouTubeEngagement(id, ytOptions(retry)),
    ).rejects.toBeInstanceOf(QuotaExceededError);
    expect(retry.delays).toHaveLength(0);

    youtube.quotaExceeded = false;
    youtube.apiFaults = [
      {
        ...googleError(403, "quotaExceeded"),
        headers: { "retry-after": "60" },
      },
    ];
    const stats = await fetchYouTubeEngagement(id, ytOptions(retry));
    expect(stats.views).toBe(1);
    expect(retry.delays).toEqual([60_000]);
  });
});

describe("a malformed platform answer", () => {
  it("fails naming the field", async () => {
    const id = youtube.seedVideo({ viewCount: "1" }, null);
    youtube.apiFaults = [
      { status: 200, body: { items: [{ id, statistics: { viewCount: 12 } }] } },
    ];
    await expect(fetchYouTubeEngagement(id, ytOptions())).rejects.toThrow(
      "field items.0.statistics.viewCount",
    );
    tiktok.apiFaults = [
      {
        status: 200,
        body: { data: { videos: [{ id: 7 }] }, error: { code: "ok" } },
      },
    ];
    await expect(fetchTikTokEngagement("7", ttOptions())).rejects.toThrow(
      "field videos.0.id",
    );
  });
});

describe("Instagram engagement", () => {
  it("asks for the current metrics and converts watch times from ms", async () => {
    const id = instagram.seedReel({
      views: 900,
      likes: 40,
      comments: 5,
      shares: 6,
      saved: 2,
      reach: 700,
      ig_reels_avg_watch_time: 8500,
      ig_reels_video_view_total_time: 7_650_000,
    });
    const stats = await fetchInstagramEngagement(id, igOptions());
    expect(stats).toMatchObject({
      views: 900,
      likes: 40,
      comments: 5,
      shares: 6,
      watchTimeSeconds: 7650,
      avgViewDurationSec: 8.5,
    });
    const request = instagram.requests.at(-1)!;
    expect(request.path).not.toMatch(/plays|impressions/);
  });

  it("backs off on Graph throttling (code 4 / 17)", async () => {
    const id = instagram.seedReel({ views: 1 });
    instagram.apiFaults = [
      {
        status: 403,
        body: {
          error: { message: "Application request limit reached", code: 4 },
        },
      },
      {
        status: 400,
        body: { error: { message: "User request limit reached", code: 17 } },
      },
    ];
    const retry = instantRetry();
    expect((await fetchInstagramEngagement(id, igOptions(retry))).views).toBe(
      1,
    );
    expect(retry.delays).toHaveLength(2);
  });
});

describe("TikTok engagement", () => {
  it("reads counts from video/query; TikTok has no watch time", async () => {
    tiktok.stats.set("7300000000000000001", {
      view_count: 5000,
      like_count: 300,
      comment_count: 12,
      share_count: 30,
    });
    const stats = await fetchTikTokEngagement(
      "7300000000000000001",
      ttOptions(),
    );
    expect(stats).toMatchObject({
      views: 5000,
      likes: 300,
      comments: 12,
      shares: 30,
      watchTimeSeconds: null,
      avgViewDurationSec: null,
    });
    const request = tiktok.requests.at(-1)!;
    expect(new URL(request.path, tiktok.url).searchParams.get("fields")).toBe(
      "id,view_count,like_count,comment_count,share_count",
    );
  });

  it("retries rate_limit_exceeded and reports an unknown (private) video", async () => {
    tiktok.stats.set("7300000000000000002", { view_count: 1 });
    tiktok.apiFaults = [
      {
        status: 429,
        headers: { "retry-after": "2" },
        body: { error: { code: "rate_limit_exceeded", message: "slow down" } },
      },
    ];
    const retry = instantRetry();
    expect(
      (await fetchTikTokEngagement("7300000000000000002", ttOptions(retry)))
        .views,
    ).toBe(1);
    expect(retry.delays).toEqual([2000]);
    await expect(fetchTikTokEngagement("999", ttOptions())).rejects.toThrow(
      "only reports public videos",
    );
  });
});
