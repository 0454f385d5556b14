import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import {
  PlatformApiError,
  PublishRefusedError,
} from "../../src/platforms/http";
import {
  planTikTokChunks,
  publishToTikTok,
  tiktokApi,
  type TikTokPublishOptions,
  type TikTokPublishState,
} from "../../src/platforms/tiktok/upload";
import type { MediaProbe } from "../../src/pipeline/render/probe";
import { FakeTikTok } from "../fakes/tiktok-server";
import {
  instantRetry,
  makeVideo,
  stateStore,
  syntheticFile,
  tempDir,
} from "./fixtures";

const MB = 1024 ** 2;
let fake: FakeTikTok;
let dir: Awaited<ReturnType<typeof tempDir>>;
let video: string;
let big: string;
let bigBytes: Buffer;

beforeAll(async () => {
  fake = await new FakeTikTok().start();
  dir = await tempDir();
  video = await makeVideo(path.join(dir.dir, "tiktok.mp4"));
  big = path.join(dir.dir, "big.mp4");
  bigBytes = await syntheticFile(big, Math.round(11.5 * MB));
});
afterAll(async () => {
  await fake.stop();
  await dir.remove();
});
afterEach(() => {
  fake.audited = false;
  fake.uploadFaults = [];
  fake.apiFaults = [];
  fake.failProcessingWith = null;
  fake.creator.max_video_post_duration_sec = 600;
  fake.processingPolls = 1;
});

/** The fake never decodes video, so the synthetic file gets a stand-in probe. */
const probeOf = (file: string) => async (): Promise<MediaProbe> => ({
  durationMs: 20_000,
  sizeBytes: (await stat(file)).size,
  formatName: "mov,mp4,m4a,3gp,3g2,mj2",
  video: {
    codec: "h264",
    profile: "High",
    width: 1080,
    height: 1920,
    pixelFormat: "yuv420p",
    colorRange: "tv",
    fps: 30,
    durationMs: 20_000,
  },
  audio: { codec: "aac", channels: 2, sampleRate: 48000, durationMs: 20_000 },
  fastStart: true,
});

function options(
  store: ReturnType<typeof stateStore<TikTokPublishState>>,
  extra: Partial<TikTokPublishOptions> = {},
): TikTokPublishOptions {
  return {
    file: video,
    title: "Why bees dance #bees",
    privacyLevel: "PUBLIC_TO_EVERYONE",
    appAudited: false,
    accessToken: async () => "test-access-token",
    state: store.last,
    saveState: store.save,
    endpoints: { authUrl: `${fake.url}/auth`, apiBaseUrl: fake.url },
    retry: instantRetry(),
    pollIntervalMs: 1,
    ...extra,
  };
}

const requestsTo = (pathname: string) =>
  fake.requests.filter((r) => r.path.startsWith(pathname));

describe("TikTok chunk plan", () => {
  it("follows TikTok's rules", () => {
    expect(planTikTokChunks(3 * MB)).toEqual({
      chunkSize: 3 * MB,
      totalChunkCount: 1,
    });
    expect(planTikTokChunks(Math.round(11.5 * MB), 5 * MB)).toEqual({
      chunkSize: 5 * MB,
      totalChunkCount: 2,
    });
    expect(planTikTokChunks(70 * MB)).toEqual({
      chunkSize: 10 * MB,
      totalChunkCount: 7,
    });
    // Preferences outside 5–64 MB are clamped.
    expect(planTikTokChunks(200 * MB, 100 * MB).chunkSize).toBe(64 * MB);
    expect(planTikTokChunks(20 * MB, 1 * MB).chunkSize).toBe(5 * MB);
  });
});

describe("TikTok publishing", () => {
  it("posts SELF_ONLY from an unaudited app and says so", async () => {
    const store = stateStore<TikTokPublishState>();
    const published = fake.published.length;
    const result = await publishToTikTok(options(store));
    expect(result.privacyLevel).toBe("SELF_ONLY");
    expect(result.restrictedToPrivate).toBe(true);
    expect(result.postIds).toEqual([]);
    expect(fake.published.length).toBe(published + 1);
    const post = fake.posts.get(result.publishId)!;
    expect(Buffer.concat(post.bytes).equals(await readFile(video))).toBe(true);
    expect(post.totalChunkCount).toBe(1);
    expect(post.postInfo).toMatchObject({
      title: "Why bees dance #bees",
      privacy_level: "SELF_ONLY",
      is_aigc: true,
    });
    expect(store.saved[0].publishId).toBe(result.publishId);
  });

  it("posts publicly from an audited app and keeps the 19-digit post id exact", async () => {
    fake.audited = true;
    const result = await publishToTikTok(
      options(stateStore(), { appAudited: true }),
    );
    expect(result.restrictedToPrivate).toBe(false);
    expect(result.postIds).toEqual([fake.posts.get(result.publishId)!.postId]);
    expect(result.postIds[0]).toMatch(/^\d{19}$/);
  });

  it("surfaces TikTok's refusal when the app claims an audit it does not have", async () => {
    const error = await publishToTikTok(
      options(stateStore(), { appAudited: true }),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PlatformApiError);
    expect((error as PlatformApiError).code).toBe(
      "unaudited_client_can_only_post_to_private_accounts",
    );
  });

  it("uploads a large file in ordered chunks, the last taking the remainder", async () => {
    const result = await publishToTikTok(
      options(stateStore(), {
        file: big,
        probe: probeOf(big),
        preferredChunkBytes: 5 * MB,
      }),
    );
    const post = fake.posts.get(result.publishId)!;
    expect(post.totalChunkCount).toBe(2);
    expect(Buffer.concat(post.bytes).equals(bigBytes)).toBe(true);
    const ranges = requestsTo("/video/")
      .slice(-2)
      .map((r) => r.headers["content-range"]);
    expect(ranges).toEqual([
      `bytes 0-${5 * MB - 1}/${bigBytes.length}`,
      `bytes ${5 * MB}-${bigBytes.length - 1}/${bigBytes.length}`,
    ]);
  });

  it("resumes from TikTok's uploaded_bytes after a 503 and a dropped connection", async () => {
    fake.uploadFaults = ["server-error", "drop-after-store"];
    const retry = instantRetry();
    const result = await publishToTikTok(
      options(stateStore(), {
        file: big,
        probe: probeOf(big),
        preferredChunkBytes: 5 * MB,
        retry,
      }),
    );
    const post = fake.posts.get(result.publishId)!;
    expect(Buffer.concat(post.bytes).equals(bigBytes)).toBe(true);
    expect(retry.delays).toHaveLength(2);
  });

  it("resumes a crashed upload with the saved state and posts once", async () => {
    const store = stateStore<TikTokPublishState>();
    const inits = requestsTo("/v2/post/publish/video/init/").length;
    const published = fake.published.length;
    await expect(
      publishToTikTok(
        options(store, {
          file: big,
          probe: probeOf(big),
          preferredChunkBytes: 5 * MB,
          onProgress: () => {
            throw new Error("worker killed");
          },
        }),
      ),
    ).rejects.toThrow("worker killed");
    expect(store.last?.publishId).toBeTruthy();

    const result = await publishToTikTok(
      options(store, { file: big, probe: probeOf(big), state: store.last }),
    );
    expect(requestsTo("/v2/post/publish/video/init/").length).toBe(inits + 1);
    expect(fake.published.length).toBe(published + 1);
    const post = fake.posts.get(result.publishId)!;
    expect(Buffer.concat(post.bytes).equals(bigBytes)).toBe(true);

    const requests = fake.requests.length;
    await publishToTikTok(options(store, { state: store.last }));
    expect(fake.requests.length).toBe(requests);
  });

  it("gives up polling after the timeout; a re-run waits on the same publish_id", async () => {
    fake.processingPolls = 1_000_000;
    const store = stateStore<TikTokPublishState>();
    const error = await publishToTikTok(
      options(store, { pollIntervalMs: 5, pollTimeoutMs: 30 }),
    ).catch((e: unknown) => e);
    expect((error as PlatformApiError).code).toBe("timeout");

    fake.processingPolls = 0;
    const inits = requestsTo("/v2/post/publish/video/init/").length;
    const result = await publishToTikTok(options(store, { state: store.last }));
    expect(requestsTo("/v2/post/publish/video/init/").length).toBe(inits);
    expect(fake.posts.get(result.publishId)?.status).toBe("PUBLISH_COMPLETE");
  });

  it("refuses a video longer than the creator may post", async () => {
    fake.creator.max_video_post_duration_sec = 1;
    const inits = requestsTo("/v2/post/publish/video/init/").length;
    const error = await publishToTikTok(options(stateStore())).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(PublishRefusedError);
    expect(String(error)).toContain("may post at most 1 s");
    expect(requestsTo("/v2/post/publish/video/init/").length).toBe(inits);
  });

  it("surfaces a post that fails processing", async () => {
    fake.failProcessingWith = "file_format_check_failed";
    await expect(publishToTikTok(options(stateStore()))).rejects.toThrow(
      "file_format_check_failed",
    );
  });

  it("the fake enforces the chunk rules", async () => {
    const init = (source: Record<string, unknown>) =>
      tiktokApi(
        "video/init",
        `${fake.url}/v2/post/publish/video/init/`,
        "test-access-token",
        {
          post_info: { title: "x", privacy_level: "SELF_ONLY" },
          source_info: { source: "FILE_UPLOAD", ...source },
        },
        z.object({ upload_url: z.string() }),
      );
    const size = Math.round(11.5 * MB);
    for (const wrong of [
      { video_size: size, chunk_size: 5 * MB, total_chunk_count: 3 },
      { video_size: size, chunk_size: 4 * MB, total_chunk_count: 2 },
      { video_size: 3 * MB, chunk_size: 1 * MB, total_chunk_count: 3 },
    ]) {
      const error = await init(wrong).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PlatformApiError);
      expect((error as PlatformApiError).code).toBe("invalid_params");
    }
    const { upload_url } = await init({
      video_size: size,
      chunk_size: 5 * MB,
      total_chunk_count: 2,
    });
    const outOfOrder = await fetch(upload_url, {
      method: "PUT",
      headers: {
        "content-type": "video/mp4",
        "content-range": `bytes ${5 * MB}-${size - 1}/${size}`,
      },
      body: bigBytes.subarray(5 * MB),
    });
    expect(outOfOrder.status).toBe(400);
    expect(await outOfOrder.json()).toMatchObject({
      error: { code: "invalid_params" },
    });
  });
});
