import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Endpoints } from "../../src/platforms/endpoints";
import {
  NetworkError,
  PublishRefusedError,
  QuotaExceededError,
} from "../../src/platforms/http";
import {
  publishToYouTube,
  type YouTubePublishOptions,
  type YouTubePublishState,
} from "../../src/platforms/youtube/upload";
import { FakeYouTube } from "../fakes/youtube-server";
import { instantRetry, makeVideo, stateStore, tempDir } from "./fixtures";

const CHUNK = 256 * 1024;
let fake: FakeYouTube;
let dir: Awaited<ReturnType<typeof tempDir>>;
let video: string;
let videoBytes: Buffer;
let thumbnail: string;
let srt: string;

beforeAll(async () => {
  fake = await new FakeYouTube().start();
  dir = await tempDir();
  video = await makeVideo(path.join(dir.dir, "short.mp4"));
  videoBytes = await readFile(video);
  thumbnail = path.join(dir.dir, "thumb.png");
  await writeFile(thumbnail, Buffer.from("\x89PNG\r\n\x1a\nfake-thumbnail"));
  srt = path.join(dir.dir, "captions.srt");
  await writeFile(srt, "1\n00:00:00,000 --> 00:00:02,000\nHello there\n");
});
afterAll(async () => {
  await fake.stop();
  await dir.remove();
});
afterEach(() => {
  fake.uploadFaults = [];
  fake.apiFaults = [];
  fake.quotaExceeded = false;
});

const endpoints = (): Endpoints["youtube"] => ({
  authUrl: `${fake.url}/auth`,
  oauthBaseUrl: fake.url,
  apiBaseUrl: fake.url,
  analyticsBaseUrl: fake.url,
});

function options(
  store: ReturnType<typeof stateStore<YouTubePublishState>>,
  extra: Partial<YouTubePublishOptions> = {},
): YouTubePublishOptions {
  return {
    file: video,
    preset: "youtube_short",
    details: {
      title: "Why bees dance",
      description: "How honeybees tell each other where the flowers are.",
      tags: ["bees", "science"],
      privacyStatus: "private",
    },
    accessToken: async () => "test-access-token",
    state: store.last,
    saveState: store.save,
    endpoints: endpoints(),
    chunkBytes: CHUNK,
    retry: instantRetry(),
    ...extra,
  };
}

const uploadPuts = () =>
  fake.requests.filter(
    (r) => r.method === "PUT" && r.path.startsWith("/upload/youtube/v3/videos"),
  );

describe("YouTube publishing", () => {
  it("uploads in 256 KiB chunks, then sets the thumbnail and the caption track", async () => {
    const store = stateStore<YouTubePublishState>();
    const before = fake.videos.size;
    const result = await publishToYouTube(
      options(store, { thumbnailFile: thumbnail, srtFile: srt }),
    );

    expect(fake.videos.size).toBe(before + 1);
    const uploaded = fake.videos.get(result.videoId)!;
    expect(uploaded.bytes.equals(videoBytes)).toBe(true);
    expect(uploaded.snippet).toMatchObject({
      title: "Why bees dance",
      tags: ["bees", "science"],
      categoryId: "27",
    });
    expect(uploaded.status).toMatchObject({
      privacyStatus: "private",
      selfDeclaredMadeForKids: false,
      containsSyntheticMedia: true,
    });
    expect(uploaded.thumbnail?.contentType).toBe("image/png");
    expect(uploaded.captions).toHaveLength(1);
    expect(uploaded.captions[0].text).toContain("Hello there");
    expect(result.url).toBe(`https://www.youtube.com/shorts/${result.videoId}`);
    // The session URI is saved before any byte goes out, the video id as soon as it is known.
    expect(store.saved[0].sessionUri).toMatch(/upload_id=/);
    expect(store.saved[0].videoId).toBeNull();
    expect(store.last).toMatchObject({
      videoId: result.videoId,
      thumbnailSet: true,
      captionId: result.captionId,
    });
    const expectedChunks = Math.ceil(videoBytes.length / CHUNK);
    expect(expectedChunks).toBeGreaterThan(1);
    expect(
      uploadPuts()
        .slice(-expectedChunks)
        .map((r) => r.body.length),
    ).toEqual(
      Array.from({ length: expectedChunks }, (_, i) =>
        Math.min(CHUNK, videoBytes.length - i * CHUNK),
      ),
    );
  });

  it("starts from byte 0 again after a 308 without a Range header", async () => {
    fake.uploadFaults = ["none", "lose-bytes"];
    const result = await publishToYouTube(options(stateStore()));
    expect(fake.videos.get(result.videoId)!.bytes.equals(videoBytes)).toBe(
      true,
    );
    const puts = uploadPuts();
    const afterLoss = puts.at(-Math.ceil(videoBytes.length / CHUNK));
    expect(afterLoss?.headers["content-range"]).toMatch(/^bytes 0-/);
  });

  it("opens a new session when the old one expired (404)", async () => {
    fake.uploadFaults = ["none", "expire"];
    const sessions = fake.sessions.size;
    const videos = fake.videos.size;
    const store = stateStore<YouTubePublishState>();
    const result = await publishToYouTube(options(store));
    expect(fake.sessions.size).toBe(sessions + 2);
    expect(fake.videos.size).toBe(videos + 1);
    expect(fake.videos.get(result.videoId)!.bytes.equals(videoBytes)).toBe(
      true,
    );
    const sessionUris = new Set(store.saved.map((s) => s.sessionUri));
    expect(sessionUris.size).toBe(3); // first, null after expiry, second
  });

  it("backs off and resumes after a 503 and a dropped connection", async () => {
    fake.uploadFaults = ["none", "server-error", "drop-after-store"];
    const retry = instantRetry();
    const result = await publishToYouTube(options(stateStore(), { retry }));
    expect(fake.videos.get(result.videoId)!.bytes.equals(videoBytes)).toBe(
      true,
    );
    expect(retry.delays.length).toBe(2);
    expect(retry.delays[1]).toBeGreaterThan(retry.delays[0] / 2);
    const statusQueries = uploadPuts().filter((r) =>
      String(r.headers["content-range"]).startsWith("bytes */"),
    );
    expect(statusQueries.length).toBeGreaterThanOrEqual(2);
  });

  it("raises QuotaExceededError without retrying", async () => {
    fake.quotaExceeded = true;
    const before = fake.requests.length;
    await expect(
      publishToYouTube(options(stateStore())),
    ).rejects.toBeInstanceOf(QuotaExceededError);
    expect(fake.requests.length - before).toBe(1);
  });

  it("retries a rate-limited session start", async () => {
    fake.apiFaults = [
      {
        status: 403,
        body: {
          error: {
            code: 403,
            message: "slow down",
            errors: [{ reason: "rateLimitExceeded" }],
          },
        },
        headers: { "retry-after": "7" },
      },
    ];
    const retry = instantRetry();
    await publishToYouTube(options(stateStore(), { retry }));
    expect(retry.delays).toEqual([7000]);
  });

  it("resumes a crashed upload from the saved session and creates one video", async () => {
    const store = stateStore<YouTubePublishState>();
    const videos = fake.videos.size;
    const sessions = fake.sessions.size;
    let chunks = 0;
    await expect(
      publishToYouTube(
        options(store, {
          onProgress: () => {
            if (++chunks === 1) throw new Error("worker killed");
          },
        }),
      ),
    ).rejects.toThrow("worker killed");
    expect(store.last?.sessionUri).toBeTruthy();
    expect(fake.videos.size).toBe(videos);

    const putsBefore = uploadPuts().length;
    const result = await publishToYouTube(
      options(store, { state: store.last, thumbnailFile: thumbnail }),
    );
    expect(fake.sessions.size).toBe(sessions + 1);
    expect(fake.videos.size).toBe(videos + 1);
    expect(fake.videos.get(result.videoId)!.bytes.equals(videoBytes)).toBe(
      true,
    );
    const resumed = uploadPuts().slice(putsBefore);
    expect(resumed[0].headers["content-range"]).toMatch(/^bytes \*\//);
    expect(resumed[1].headers["content-range"]).toMatch(
      new RegExp(`^bytes ${CHUNK}-`),
    );

    // A third run finds everything done and sends nothing.
    const requests = fake.requests.length;
    const again = await publishToYouTube(
      options(store, { state: store.last, thumbnailFile: thumbnail }),
    );
    expect(again.videoId).toBe(result.videoId);
    expect(fake.requests.length).toBe(requests);
  });

  it("stops when the job is cancelled, and resumes later", async () => {
    const store = stateStore<YouTubePublishState>();
    const videos = fake.videos.size;
    const controller = new AbortController();
    const error = await publishToYouTube(
      options(store, {
        signal: controller.signal,
        onProgress: () => controller.abort(),
      }),
    ).catch((e: unknown) => e);
    expect((error as Error).name).toBe("AbortError");
    expect(fake.videos.size).toBe(videos);

    const result = await publishToYouTube(
      options(store, { state: store.last }),
    );
    expect(fake.videos.size).toBe(videos + 1);
    expect(fake.videos.get(result.videoId)!.bytes.equals(videoBytes)).toBe(
      true,
    );
  });

  it("learns the video id from the session when the last answer was lost", async () => {
    const store = stateStore<YouTubePublishState>();
    const videos = fake.videos.size;
    const chunks = Math.ceil(videoBytes.length / CHUNK);
    fake.uploadFaults = [
      ...Array<"none">(chunks - 1).fill("none"),
      "drop-after-store",
    ];
    await expect(
      publishToYouTube(options(store, { retry: instantRetry(1) })),
    ).rejects.toBeInstanceOf(NetworkError);
    expect(fake.videos.size).toBe(videos + 1);
    expect(store.last?.videoId).toBeNull();

    const result = await publishToYouTube(
      options(store, { state: store.last }),
    );
    expect(fake.videos.size).toBe(videos + 1);
    expect(fake.videos.has(result.videoId)).toBe(true);
  });

  it("refuses a file of the wrong size before sending anything", async () => {
    const wide = await makeVideo(path.join(dir.dir, "wide.mp4"), {
      width: 640,
      height: 360,
      seconds: 1,
    });
    const before = fake.requests.length;
    const error = await publishToYouTube(
      options(stateStore(), { file: wide }),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PublishRefusedError);
    expect((error as PublishRefusedError).reasons.join()).toContain(
      "resolution is 640x360, YouTube Shorts needs 1080x1920",
    );
    expect(fake.requests.length).toBe(before);
  });
});
