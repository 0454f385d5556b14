import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as publish from "../../app/api/v1/video/publish/route";
import * as onePost from "../../app/api/v1/video/publish/[published_video_id]/route";
import * as retry from "../../app/api/v1/video/publish/[published_video_id]/retry/route";
import { schema } from "../../src/db";
import {
  createApiHarness,
  projectWithScript,
  type ApiHarness,
} from "./harness";

let api: ApiHarness;
let accountId: number;
beforeAll(async () => {
  api = await createApiHarness();
  const [account] = await api.database.db
    .insert(schema.socialAccounts)
    .values({
      siteId: api.site.id,
      platform: "tiktok",
      externalId: "tiktok-schedule",
      displayName: "Our tiktok",
      accessTokenEnc: "not-a-real-ciphertext",
    })
    .returning();
  accountId = account.id;
});
afterAll(() => api?.close());

/** A finished, approved, full-size tiktok render of a new project. */
async function approvedRender() {
  const { project, scriptRow } = await projectWithScript(api);
  const [row] = await api.database.db
    .insert(schema.renderedVideos)
    .values({
      projectId: project.id,
      scriptId: scriptRow.id,
      preset: "tiktok",
      status: "completed",
      reviewStatus: "approved",
      metadata: { title: "Lighthouses", description: "", tags: [] },
    })
    .returning();
  return row.id;
}

const inHours = (hours: number) =>
  new Date(Date.now() + hours * 3600_000).toISOString();

const path = (id: number) => ({ published_video_id: String(id) });

async function startAfter(jobId: string) {
  return (await api.boss.getJobById("publish", jobId))!.startAfter.getTime();
}

describe("publish_at", () => {
  it("queues the job to start at the post's time, and refuses a past time or one over a year ahead", async () => {
    const body = {
      rendered_video_id: await approvedRender(),
      social_account_id: accountId,
    };
    for (const [when, message] of [
      [inHours(-1), "must be in the future"],
      [inHours(367 * 24), "must be at most a year ahead"],
      ["tomorrow", "Invalid ISO datetime"],
    ]) {
      const refused = await api.call(publish.POST, {
        json: { ...body, publish_at: when },
      });
      expect(refused.status).toBe(400);
      expect(refused.data.error.field).toBe("publish_at");
      expect(refused.data.error.message).toContain(message);
    }
    const at = inHours(48);
    const { status, data } = await api.call(publish.POST, {
      json: { ...body, publish_at: at },
    });
    expect(status).toBe(202);
    expect(data.publication).toMatchObject({
      status: "queued",
      publish_at: at,
      attempts: 0,
    });
    expect(await startAfter(data.job_id)).toBe(new Date(at).getTime());
  });

  it("moves a post to another time or calls it off before it goes out; not once it has started", async () => {
    const { data } = await api.call(publish.POST, {
      json: {
        rendered_video_id: await approvedRender(),
        social_account_id: accountId,
        publish_at: inHours(5),
      },
    });
    const id = data.publication.id as number;
    const later = inHours(30);
    const moved = await api.call(onePost.PUT, {
      params: path(id),
      json: { publish_at: later },
    });
    expect(moved.status).toBe(202);
    expect(moved.data.publication.publish_at).toBe(later);
    expect(moved.data.job_id).not.toBe(data.job_id);
    expect(await startAfter(moved.data.job_id)).toBe(new Date(later).getTime());

    const cancelled = await api.call(onePost.DELETE, { params: path(id) });
    expect(cancelled.status).toBe(200);
    expect(cancelled.data).toMatchObject({ status: "removed" });
    const again = await api.call(onePost.PUT, {
      params: path(id),
      json: { publish_at: null },
    });
    expect(again.status).toBe(409);
    expect(again.data.error.code).toBe("already_started");
    // Called off, the render can be scheduled to the account again.
    const anew = await api.call(publish.POST, {
      json: {
        rendered_video_id: data.publication.rendered_video_id,
        social_account_id: accountId,
      },
    });
    expect(anew.status).toBe(202);

    const foreign = await api.call(onePost.DELETE, {
      params: path(anew.data.publication.id),
      key: api.otherKey,
    });
    expect(foreign.status).toBe(404);
  });

  it("lists the manual-review queue and tries a reviewed post again with a fresh count", async () => {
    const { data } = await api.call(publish.POST, {
      json: {
        rendered_video_id: await approvedRender(),
        social_account_id: accountId,
      },
    });
    const id = data.publication.id as number;
    await api.database.db
      .update(schema.publishedVideos)
      .set({ status: "needs_review", attempts: 4, error: "4 attempts failed" })
      .where(eq(schema.publishedVideos.id, id));
    const queue = await api.call(publish.GET, {
      path: "/api/v1/video/publish/?status=needs_review",
    });
    expect(queue.status).toBe(200);
    expect(queue.data.items.map((p: { id: number }) => p.id)).toEqual([id]);
    const cancel = await api.call(onePost.DELETE, { params: path(id) });
    expect(cancel.status).toBe(409);
    const retried = await api.call(retry.POST, { params: path(id) });
    expect(retried.status).toBe(202);
    expect(retried.data.publication).toMatchObject({
      status: "queued",
      attempts: 0,
      retry_at: null,
    });
  });
});
