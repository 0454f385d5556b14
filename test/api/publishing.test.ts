import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as render from "../../app/api/v1/video/render/route";
import * as review from "../../app/api/v1/video/rendered/[id]/review/route";
import * as publish from "../../app/api/v1/video/publish/route";
import * as analytics from "../../app/api/v1/video/analytics/route";
import * as videoAnalytics from "../../app/api/v1/video/analytics/[published_video_id]/route";
import { schema } from "../../src/db";
import {
  createApiHarness,
  projectWithScript,
  type ApiHarness,
} from "./harness";

let api: ApiHarness;
beforeAll(async () => {
  api = await createApiHarness();
});
afterAll(() => api?.close());

const account = async (
  siteId: number,
  platform: "youtube" | "instagram" | "tiktok",
  status: "connected" | "reconnect_required" = "connected",
) => {
  const [row] = await api.database.db
    .insert(schema.socialAccounts)
    .values({
      siteId,
      platform,
      externalId: `${platform}-${Math.random()}`,
      displayName: `Our ${platform}`,
      accessTokenEnc: "not-a-real-ciphertext",
      status,
    })
    .returning();
  return row;
};

/** A tiktok render of a new project, finished, reviewed as asked. */
async function finishedRender(
  reviewed: "approve" | "reject" | null,
  site: { id: number; key: string } = { id: api.site.id, key: api.key },
  scale = 1,
) {
  const { project } = await projectWithScript(api, { siteId: site.id });
  const queued = await api.call(render.POST, {
    key: site.key,
    json: { project_id: project.id, presets: ["tiktok"], scale },
  });
  const id = queued.data.renders[0].id as number;
  await api.database.db
    .update(schema.renderedVideos)
    .set({
      status: "completed",
      metadata: {
        title: "Lighthouses in 60 s",
        description: "Keepers",
        tags: ["sea"],
      },
    })
    .where(eq(schema.renderedVideos.id, id));
  if (reviewed)
    await api.call(review.POST, {
      key: site.key,
      params: { id: String(id) },
      json: { decision: reviewed },
    });
  return { project, renderId: id };
}

describe("POST /api/v1/video/publish/", () => {
  it("queues an approved render once per account, with its metadata as defaults", async () => {
    const { renderId } = await finishedRender("approve");
    const tiktok = await account(api.site.id, "tiktok");
    const body = { rendered_video_id: renderId, social_account_id: tiktok.id };
    const { status, data } = await api.call(publish.POST, { json: body });
    expect(status).toBe(202);
    expect(data.publication).toMatchObject({
      platform: "tiktok",
      status: "queued",
      title: "Lighthouses in 60 s",
      tags: ["sea"],
      privacy: "private",
    });
    expect(data.publication).not.toHaveProperty("upload_state");
    const job = await api.boss.getJobById("publish", data.job_id);
    expect(job?.data).toEqual({ publishedVideoId: data.publication.id });

    const twice = await api.call(publish.POST, {
      json: { ...body, title: "Again" },
    });
    expect(twice.status).toBe(409);
    expect(twice.data.error.code).toBe("already_published");
  });

  it("refuses unapproved and draft renders, the wrong platform, disconnected and foreign accounts", async () => {
    const tiktok = await account(api.site.id, "tiktok");
    for (const reviewed of [null, "reject"] as const) {
      const { renderId } = await finishedRender(reviewed);
      const answer = await api.call(publish.POST, {
        json: { rendered_video_id: renderId, social_account_id: tiktok.id },
      });
      expect(answer.status).toBe(422);
      expect(answer.data.error.code).toBe("render_not_approved");
    }
    const draft = await finishedRender("approve", undefined, 0.5);
    const refused = await api.call(publish.POST, {
      json: { rendered_video_id: draft.renderId, social_account_id: tiktok.id },
    });
    expect(refused.status).toBe(422);
    expect(refused.data.error).toMatchObject({
      code: "render_is_draft",
      field: "rendered_video_id",
    });
    const { renderId } = await finishedRender("approve");
    const youtube = await account(api.site.id, "youtube");
    const wrong = await api.call(publish.POST, {
      json: { rendered_video_id: renderId, social_account_id: youtube.id },
    });
    expect(wrong.data.error).toMatchObject({
      code: "wrong_platform",
      field: "social_account_id",
    });
    const stale = await account(api.site.id, "tiktok", "reconnect_required");
    const disconnected = await api.call(publish.POST, {
      json: { rendered_video_id: renderId, social_account_id: stale.id },
    });
    expect(disconnected.data.error.code).toBe("account_not_connected");
    const theirs = await account(api.otherSite.id, "tiktok");
    const foreign = await api.call(publish.POST, {
      json: { rendered_video_id: renderId, social_account_id: theirs.id },
    });
    expect(foreign.status).toBe(404);
    const tooLong = await api.call(publish.POST, {
      json: {
        rendered_video_id: renderId,
        social_account_id: tiktok.id,
        privacy: "friends",
      },
    });
    expect(tooLong.data.error.field).toBe("privacy");
  });

  it("lists the publish history of the site or of one project", async () => {
    const { project, renderId } = await finishedRender("approve");
    const tiktok = await account(api.site.id, "tiktok");
    await api.call(publish.POST, {
      json: { rendered_video_id: renderId, social_account_id: tiktok.id },
    });
    const one = await api.call(publish.GET, {
      path: `/?project_id=${project.id}`,
    });
    expect(one.data.items).toHaveLength(1);
    expect(one.data.items[0].rendered_video_id).toBe(renderId);
    const all = await api.call(publish.GET);
    expect(all.data.items.length).toBeGreaterThan(1);
    const theirs = await api.call(publish.GET, { key: api.otherKey });
    expect(theirs.data.items).toEqual([]);
    const foreign = await api.call(publish.GET, {
      key: api.otherKey,
      path: `/?project_id=${project.id}`,
    });
    expect(foreign.status).toBe(404);
  });
});

describe("analytics", () => {
  // The other site publishes one video here; this site's publications have no numbers yet.
  it("sums each video's latest numbers per platform, and shows one video's timeline", async () => {
    const other = { id: api.otherSite.id, key: api.otherKey };
    const { renderId } = await finishedRender("approve", other);
    const tiktok = await account(other.id, "tiktok");
    const published = await api.call(publish.POST, {
      key: other.key,
      json: { rendered_video_id: renderId, social_account_id: tiktok.id },
    });
    const publicationId = published.data.publication.id as number;
    const record = (views: number, likes: number, hoursAgo: number) =>
      api.database.db.insert(schema.videoEngagement).values({
        publishedVideoId: publicationId,
        views,
        likes,
        watchTimeSeconds: views * 20,
        fetchedAt: new Date(Date.now() - hoursAgo * 3_600_000),
      });
    await record(100, 5, 24);
    await record(250, 12, 12);
    await record(400, 30, 0);

    const total = await api.call(analytics.GET, { key: other.key });
    expect(total.status).toBe(200);
    expect(total.data.totals).toMatchObject({
      videos: 1,
      views: 400,
      likes: 30,
    });
    expect(total.data.platforms.tiktok.watch_time_seconds).toBe(8000);

    const timeline = await api.call(videoAnalytics.GET, {
      key: other.key,
      params: { published_video_id: String(publicationId) },
    });
    expect(
      timeline.data.timeline.map((r: { views: number }) => r.views),
    ).toEqual([100, 250, 400]);
    const foreign = await api.call(videoAnalytics.GET, {
      params: { published_video_id: String(publicationId) },
    });
    expect(foreign.status).toBe(404);
    const mine = await api.call(analytics.GET);
    expect(mine.data).toEqual({
      totals: {
        videos: 0,
        views: 0,
        likes: 0,
        comments: 0,
        shares: 0,
        watch_time_seconds: 0,
      },
      platforms: {},
    });
  });

  it("says watch time is unknown, not zero, where the platform does not report it", async () => {
    const { renderId } = await finishedRender("approve");
    const tiktok = await account(api.site.id, "tiktok");
    const published = await api.call(publish.POST, {
      json: { rendered_video_id: renderId, social_account_id: tiktok.id },
    });
    const publicationId = published.data.publication.id as number;
    await api.database.db
      .insert(schema.videoEngagement)
      .values({ publishedVideoId: publicationId, views: 42 });
    const total = await api.call(analytics.GET);
    expect(total.data.totals).toMatchObject({
      views: 42,
      watch_time_seconds: null,
    });
    expect(total.data.platforms.tiktok.watch_time_seconds).toBeNull();
    const timeline = await api.call(videoAnalytics.GET, {
      params: { published_video_id: String(publicationId) },
    });
    expect(timeline.data.timeline[0]).toMatchObject({
      views: 42,
      watch_time_seconds: null,
      avg_view_duration_sec: null,
    });
  });
});
