import { readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  PlatformApiError,
  PublishRefusedError,
  QuotaExceededError,
} from "../../src/platforms/http";
import {
  publishToInstagram,
  type InstagramPublishOptions,
  type InstagramPublishState,
} from "../../src/platforms/instagram/upload";
import { FakeInstagram } from "../fakes/instagram-server";
import { instantRetry, makeVideo, stateStore, tempDir } from "./fixtures";

let fake: FakeInstagram;
let dir: Awaited<ReturnType<typeof tempDir>>;
let video: string;
let videoBytes: Buffer;

beforeAll(async () => {
  fake = await new FakeInstagram().start();
  dir = await tempDir();
  video = await makeVideo(path.join(dir.dir, "reel.mp4"));
  videoBytes = await readFile(video);
});
afterAll(async () => {
  await fake.stop();
  await dir.remove();
});
afterEach(() => {
  fake.quota = { total: 100, usage: 0 };
  fake.uploadFaults = [];
  fake.apiFaults = [];
  fake.failProcessingWith = null;
  fake.expireNextContainer = false;
  fake.dropAfterPublish = false;
  fake.processingPolls = 1;
});

function options(
  store: {
    last: InstagramPublishState | null;
    save: (s: InstagramPublishState) => Promise<void>;
  },
  extra: Partial<InstagramPublishOptions> = {},
): InstagramPublishOptions {
  return {
    file: video,
    igUserId: fake.igUserId,
    caption: "Why bees dance #bees #science",
    accessToken: async () => "test-access-token",
    state: store.last,
    saveState: store.save,
    endpoints: {
      authUrl: `${fake.url}/oauth/authorize`,
      oauthBaseUrl: fake.url,
      graphBaseUrl: fake.url,
      uploadBaseUrl: fake.url,
      graphVersion: fake.version,
    },
    retry: instantRetry(),
    pollIntervalMs: 1,
    ...extra,
  };
}

/** A store whose save throws once the saved state matches `when`, like a worker dying there. */
function crashingStore(when: (s: InstagramPublishState) => boolean) {
  const store = stateStore<InstagramPublishState>();
  let crashed = false;
  return {
    store,
    save: async (state: InstagramPublishState) => {
      await store.save(state);
      if (!crashed && when(state)) {
        crashed = true;
        throw new Error("worker killed");
      }
    },
  };
}

const containersCreated = () =>
  fake.requests.filter(
    (r) => r.method === "POST" && r.path.endsWith(`/${fake.igUserId}/media`),
  ).length;

describe("Instagram Reels publishing", () => {
  it("checks the quota, uploads to rupload, waits for FINISHED, publishes and reads the permalink", async () => {
    const store = stateStore<InstagramPublishState>();
    const reels = fake.reels.size;
    const result = await publishToInstagram(options(store));
    expect(fake.reels.size).toBe(reels + 1);
    const reel = fake.reels.get(result.mediaId)!;
    expect(reel.bytes.equals(videoBytes)).toBe(true);
    expect(reel.caption).toBe("Why bees dance #bees #science");
    expect(result.permalink).toBe(
      `https://www.instagram.com/reel/${result.mediaId}/`,
    );
    const container = fake.containers.get(reel.containerId)!;
    expect(Object.fromEntries(container.params)).toMatchObject({
      media_type: "REELS",
      upload_type: "resumable",
      share_to_feed: "true",
    });
    const upload = fake.requests.find((r) =>
      r.path.endsWith(`/ig-api-upload/${fake.version}/${reel.containerId}`),
    )!;
    expect(upload.headers).toMatchObject({
      authorization: "OAuth test-access-token",
      offset: "0",
      file_size: String(videoBytes.length),
    });
    const paths = fake.requests.map((r) => r.path);
    const limitRead = paths.findIndex((p) =>
      p.includes("content_publishing_limit"),
    );
    const created = paths.findIndex((p) =>
      p.endsWith(`/${fake.igUserId}/media`),
    );
    expect(limitRead).toBeGreaterThanOrEqual(0);
    expect(limitRead).toBeLessThan(created);
    expect(store.saved[0]).toMatchObject({
      containerId: reel.containerId,
      uploaded: false,
      mediaId: null,
    });
    expect(store.last).toMatchObject({
      mediaId: result.mediaId,
      permalink: result.permalink,
    });
  });

  it("refuses to start when the publishing limit is used up", async () => {
    fake.quota = { total: 50, usage: 50 };
    const before = containersCreated();
    const error = await publishToInstagram(options(stateStore())).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(QuotaExceededError);
    expect(String(error)).toContain("50 of 50");
    expect(containersCreated()).toBe(before);
  });

  it("surfaces the container's error message when processing ends in ERROR", async () => {
    fake.failProcessingWith =
      "Error: The video's aspect ratio is not supported. 2207026";
    const error = await publishToInstagram(options(stateStore())).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(PlatformApiError);
    expect(String(error)).toContain("aspect ratio is not supported");
  });

  it("retries a 503 and a dropped connection on the upload, and Graph throttling", async () => {
    fake.uploadFaults = ["server-error", "drop"];
    fake.apiFaults = [
      {
        status: 403,
        body: {
          error: { message: "Application request limit reached", code: 4 },
        },
      },
    ];
    const retry = instantRetry();
    const result = await publishToInstagram(options(stateStore(), { retry }));
    expect(fake.reels.get(result.mediaId)!.bytes.equals(videoBytes)).toBe(true);
    expect(retry.delays).toHaveLength(3);
  });

  it("after a crash mid-way, re-uploads into the same container and posts once", async () => {
    const { store, save } = crashingStore((s) => s.uploaded);
    const reels = fake.reels.size;
    const before = containersCreated();
    await expect(
      publishToInstagram(options({ ...store, save })),
    ).rejects.toThrow("worker killed");
    const result = await publishToInstagram(
      options({ last: store.last, save: store.save }),
    );
    expect(containersCreated()).toBe(before + 1);
    expect(fake.reels.size).toBe(reels + 1);
    expect(fake.reels.get(result.mediaId)!.bytes.equals(videoBytes)).toBe(true);
  });

  it("after a crash right after media_publish, finds the post instead of publishing twice", async () => {
    const store = stateStore<InstagramPublishState>();
    const crashingSave = async (s: InstagramPublishState) => {
      // The media id never reaches the database.
      if (s.mediaId) throw new Error("worker killed");
      await store.save(s);
    };
    const reels = fake.reels.size;
    await expect(
      publishToInstagram(options({ last: null, save: crashingSave })),
    ).rejects.toThrow("worker killed");
    expect(fake.reels.size).toBe(reels + 1);
    expect(store.last?.mediaId).toBeNull();

    const result = await publishToInstagram(
      options({ last: store.last, save: store.save }),
    );
    expect(fake.reels.size).toBe(reels + 1);
    expect(fake.reels.get(result.mediaId)?.containerId).toBe(
      store.last?.containerId,
    );
  });

  it("when media_publish's answer is lost, the retry finds the post instead of posting twice", async () => {
    fake.dropAfterPublish = true;
    const reels = fake.reels.size;
    const store = stateStore<InstagramPublishState>();
    const result = await publishToInstagram(options(store));
    expect(fake.reels.size).toBe(reels + 1);
    expect(fake.reels.get(result.mediaId)?.containerId).toBe(
      store.last?.containerId,
    );
  });

  it("gives up waiting after the timeout; a re-run keeps waiting on the same container", async () => {
    fake.processingPolls = 1_000_000;
    const store = stateStore<InstagramPublishState>();
    const error = await publishToInstagram(
      options(store, { pollIntervalMs: 5, pollTimeoutMs: 30 }),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PlatformApiError);
    expect((error as PlatformApiError).code).toBe("timeout");
    expect(store.last).toMatchObject({ uploaded: true, mediaId: null });

    fake.processingPolls = 0;
    const before = containersCreated();
    const reels = fake.reels.size;
    const result = await publishToInstagram(
      options(store, { state: store.last }),
    );
    expect(containersCreated()).toBe(before);
    expect(fake.reels.size).toBe(reels + 1);
    expect(fake.reels.get(result.mediaId)?.containerId).toBe(
      store.last?.containerId,
    );
  });

  it("starts a new container when the saved one expired unpublished", async () => {
    const { store, save } = crashingStore((s) => s.containerId !== null);
    await expect(
      publishToInstagram(options({ ...store, save })),
    ).rejects.toThrow("worker killed");
    const expired = store.last!.containerId;
    fake.expireNextContainer = true;
    const reels = fake.reels.size;
    const result = await publishToInstagram(
      options({ last: store.last, save: store.save }),
    );
    expect(fake.reels.size).toBe(reels + 1);
    expect(fake.reels.get(result.mediaId)!.containerId).not.toBe(expired);
  });

  it("refuses a wrong-size video and a caption with too many hashtags", async () => {
    const wide = await makeVideo(path.join(dir.dir, "wide.mp4"), {
      width: 1280,
      height: 720,
      seconds: 1,
    });
    const before = fake.requests.length;
    const sizeError = await publishToInstagram(
      options(stateStore(), { file: wide }),
    ).catch((e: unknown) => e);
    expect(sizeError).toBeInstanceOf(PublishRefusedError);
    expect(String(sizeError)).toContain("resolution is 1280x720");

    const caption = Array.from({ length: 31 }, (_, i) => `#tag${i}`).join(" ");
    const captionError = await publishToInstagram(
      options(stateStore(), { caption }),
    ).catch((e: unknown) => e);
    expect(captionError).toBeInstanceOf(PublishRefusedError);
    expect(String(captionError)).toContain("31 hashtags");
    expect(fake.requests.length).toBe(before);
  });
});
