import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as hook from "../../app/api/v1/hooks/content-published/route";
import * as automation from "../../app/api/v1/site/automation/route";
import * as review from "../../app/api/v1/video/rendered/[id]/review/route";
import { schema } from "../../src/db";
import { pollFeed } from "../../src/services/content-intake";
import { signWebhook } from "../../src/services/webhooks";
import { FakeFeedServer } from "../fakes/feed-server";
import {
  createApiHarness,
  projectWithScript,
  type ApiHarness,
} from "./harness";

let api: ApiHarness;
let feed: FakeFeedServer;
let accountId: number;
beforeAll(async () => {
  api = await createApiHarness();
  feed = await new FakeFeedServer().start();
  const [account] = await api.database.db
    .insert(schema.socialAccounts)
    .values({
      siteId: api.site.id,
      platform: "tiktok",
      externalId: "tiktok-auto",
      displayName: "Our tiktok",
      accessTokenEnc: "not-a-real-ciphertext",
    })
    .returning();
  accountId = account.id;
});
afterAll(async () => {
  await feed?.stop();
  await api?.close();
});

const configure = (json: Record<string, unknown>) =>
  api.call(automation.PUT, { method: "PUT", json });

/** A finished, unreviewed tiktok render of a new project. */
async function finishedRender(options: { scale?: number; quality?: "draft" }) {
  const { project, scriptRow } = await projectWithScript(api);
  const [row] = await api.database.db
    .insert(schema.renderedVideos)
    .values({
      projectId: project.id,
      scriptId: scriptRow.id,
      preset: "tiktok",
      status: "completed",
      scale: options.scale ?? 1,
      quality: options.quality ?? "standard",
      metadata: { title: "Lighthouses", description: "", tags: [] },
    })
    .returning();
  return row.id;
}

const postsOf = (renderId: number) =>
  api.database.db
    .select()
    .from(schema.publishedVideos)
    .where(eq(schema.publishedVideos.renderedVideoId, renderId));

const approve = (renderId: number) =>
  api.call(review.POST, {
    params: { id: String(renderId) },
    json: { decision: "approve" },
  });

describe("auto-publish", () => {
  it("is off by default and names a bad time", async () => {
    const current = await api.call(automation.GET);
    expect(current.status).toBe(200);
    expect(current.data).toMatchObject({
      auto_publish: false,
      auto_publish_times: [],
      feed_url: null,
      content_hook_enabled: false,
    });
    const bad = await configure({ auto_publish_times: ["25:00"] });
    expect(bad.status).toBe(400);
    expect(bad.data.error.field).toBe("auto_publish_times.0");
  });

  it("refuses an account of another site and keeps what was stored", async () => {
    await configure({ auto_publish_account_ids: [accountId] });
    const [theirs] = await api.database.db
      .insert(schema.socialAccounts)
      .values({
        siteId: api.otherSite.id,
        platform: "tiktok",
        externalId: "tiktok-theirs",
        displayName: "Their tiktok",
        accessTokenEnc: "not-a-real-ciphertext",
      })
      .returning();
    const refused = await configure({
      auto_publish_account_ids: [accountId, theirs.id],
    });
    expect(refused.status).toBe(422);
    expect(refused.data.error.field).toBe("auto_publish_account_ids");
    expect(
      (await api.call(automation.GET)).data.auto_publish_account_ids,
    ).toEqual([accountId]);
    await configure({ auto_publish_account_ids: null });
  });

  it("posts an approved full-size render at the site's next time; never a draft, never before approval", async () => {
    const off = await finishedRender({});
    await approve(off);
    expect(await postsOf(off)).toEqual([]);

    const on = await configure({
      auto_publish: true,
      auto_publish_times: ["06:00", "18:30"],
    });
    expect(on.data).toMatchObject({ auto_publish: true });

    const unreviewed = await finishedRender({});
    expect(await postsOf(unreviewed)).toEqual([]);
    for (const draft of [
      await finishedRender({ scale: 0.5 }),
      await finishedRender({ quality: "draft" }),
    ]) {
      expect((await approve(draft)).status).toBe(200);
      expect(await postsOf(draft)).toEqual([]);
    }

    const before = Date.now();
    expect((await approve(unreviewed)).status).toBe(200);
    const [post] = await postsOf(unreviewed);
    expect(post).toMatchObject({
      status: "queued",
      socialAccountId: accountId,
      privacy: "private",
    });
    const at = post.publishAt!;
    expect(at.getTime()).toBeGreaterThan(before);
    expect(at.getTime()).toBeLessThanOrEqual(before + 24 * 3600_000);
    expect([
      [6, 0],
      [18, 30],
    ]).toContainEqual([at.getUTCHours(), at.getUTCMinutes()]);
    const job = await api.boss.getJobById("publish", post.jobId!);
    expect(job!.startAfter.getTime()).toBe(at.getTime());
    await configure({ auto_publish: false, auto_publish_times: null });
  });
});

describe("the content.published hook", () => {
  it("starts one project per item, signed by the site, within the replay window", async () => {
    const rotated = await configure({ content_hook: "rotate" });
    const secret = rotated.data.content_hook_secret as string;
    expect(secret.length).toBeGreaterThanOrEqual(32);
    expect((await api.call(automation.GET)).data).not.toHaveProperty(
      "content_hook_secret",
    );
    const send = (body: object, sign = secret) => {
      const raw = JSON.stringify(body);
      return api.call(hook.POST, {
        key: null,
        body: raw,
        headers: {
          "content-type": "application/json",
          "x-reelwright-signature": signWebhook(raw, sign),
        },
      });
    };
    const body = {
      event: "content.published",
      timestamp: Math.floor(Date.now() / 1000),
      site: api.site.slug,
      data: {
        id: "post-42",
        title: "Keepers of the light",
        html: "<h1>Keepers</h1><p>They lived alone on rocks far out at sea. The lamps burned oil.</p>",
      },
    };
    const started = await send(body);
    expect(started.status).toBe(202);
    const projectId = started.data.project_id as number;
    const [project] = await api.database.db
      .select()
      .from(schema.videoProjects)
      .where(eq(schema.videoProjects.id, projectId));
    expect(project).toMatchObject({
      siteId: api.site.id,
      title: "Keepers of the light",
      targetPresets: ["youtube_short"],
    });
    const pipeline = await api.boss.fetch<{ projectId: number }>("pipeline");
    expect(pipeline.map((job) => job.data.projectId)).toContain(projectId);

    const replay = await send(body);
    expect(replay.status).toBe(202);
    expect(replay.data.project_id).toBeNull();
    expect((await send({ ...body }, "x".repeat(43))).status).toBe(401);
    const stale = await send({
      ...body,
      timestamp: body.timestamp - 3600,
      data: { ...body.data, id: "post-43" },
    });
    expect(stale.status).toBe(401);
    expect(stale.data.error.message).toMatch(/timestamp/);
    const bad = await send({ ...body, data: { ...body.data, title: "" } });
    expect(bad.status).toBe(400);
    await configure({ content_hook: "off" });
    const off = await send({ ...body, data: { ...body.data, id: "post-44" } });
    expect(off.status).toBe(401);
  });
});

describe("the feed", () => {
  const allowed = () => [
    { host: "127.0.0.1", port: Number(new URL(feed.url).port) },
  ];
  const entry = (n: number) => ({
    id: `https://lighthouse.example/${n}`,
    title: `Lighthouse number ${n}`,
    html: `<p>Lighthouse ${n} guided sailors for a century. Its keeper lived alone.</p>`,
    date: new Date(Date.now() - (10 - n) * 60_000),
  });

  it("starts projects for new items only, and refuses a feed past its size limit", async () => {
    // The fake feed listens on loopback: the API refuses it unless the operator allows it.
    vi.stubEnv("REELWRIGHT_ALLOW_PRIVATE_FETCH_HOSTS", new URL(feed.url).host);
    await configure({ feed_url: `${feed.url}/feed.xml` });
    vi.unstubAllEnvs();
    feed.entries = [entry(2), entry(1)];
    const first = await pollFeed(api.database.db, api.site.id, allowed());
    expect(first).toEqual({ started: [], baseline: 2 });
    feed.entries = [entry(4), entry(3), entry(2), entry(1)];
    const second = await pollFeed(api.database.db, api.site.id, allowed());
    expect(second.started).toHaveLength(2);
    const titles = await api.database.db
      .select({ title: schema.videoProjects.title })
      .from(schema.videoProjects)
      .where(eq(schema.videoProjects.id, second.started[0]));
    expect(titles).toEqual([{ title: "Lighthouse number 3" }]);
    expect(await pollFeed(api.database.db, api.site.id, allowed())).toEqual({
      started: [],
    });

    feed.raw = Buffer.alloc(3 * 1024 * 1024, " ");
    await expect(
      pollFeed(api.database.db, api.site.id, allowed()),
    ).rejects.toThrow(/larger|limit|bytes/i);
    feed.raw = null;
    // Without the operator's allowance a loopback feed is never fetched.
    await expect(pollFeed(api.database.db, api.site.id, [])).rejects.toThrow();
  });
});
