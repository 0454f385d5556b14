import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as list from "../../app/api/v1/notifications/route";
import * as read from "../../app/api/v1/notifications/read/route";
import { notifyAdmins } from "../../src/services/notifications";
import { createApiHarness, type ApiHarness } from "./harness";

let api: ApiHarness;
beforeAll(async () => {
  api = await createApiHarness();
});
afterAll(() => api?.close());

describe("notifications", () => {
  it("lists the site's own, counts the unread, marks some or all read, and sends the webhook event", async () => {
    const { db } = api.database;
    const first = await notifyAdmins(
      db,
      api.site.id,
      {
        kind: "publish.failing",
        title: "A post keeps failing",
        body: "Three attempts failed.",
        link: "/projects/1",
      },
      { boss: api.boss },
    );
    await notifyAdmins(
      db,
      api.site.id,
      { kind: "publish.needs_review", title: "Needs review", body: "" },
      { boss: api.boss },
    );
    await notifyAdmins(
      db,
      api.otherSite.id,
      { kind: "publish.failing", title: "Not yours", body: "" },
      { boss: api.boss },
    );

    const listed = await api.call(list.GET);
    expect(listed.status).toBe(200);
    expect(listed.data.unread).toBe(2);
    expect(listed.data.items.map((n: { title: string }) => n.title)).toEqual([
      "Needs review",
      "A post keeps failing",
    ]);
    expect(listed.data.items[1]).toMatchObject({
      kind: "publish.failing",
      link: "/projects/1",
      read_at: null,
    });

    const one = await api.call(read.POST, { json: { ids: [first.id] } });
    expect(one.status).toBe(200);
    expect(one.data.unread).toBe(1);
    const all = await api.call(read.POST, { json: {} });
    expect(all.data.unread).toBe(0);
    const other = await api.call(list.GET, { key: api.otherKey });
    expect(other.data.unread).toBe(1);

    const jobs = await api.boss.fetch<{ event: string; siteId: number }>(
      "webhook",
      { batchSize: 10 },
    );
    expect(
      jobs
        .filter((job) => job.data.siteId === api.site.id)
        .map((job) => job.data.event),
    ).toEqual(["notification", "notification"]);
  });

  it("refuses a link out of the app and a bad id list, naming the field", async () => {
    await expect(
      notifyAdmins(api.database.db, api.site.id, {
        kind: "x",
        title: "t",
        body: "",
        link: "//evil.example/",
      }),
    ).rejects.toThrow(/path inside the app/);
    const bad = await api.call(read.POST, { json: { ids: [] } });
    expect(bad.status).toBe(400);
    expect(bad.data.error.field).toBe("ids");
  });
});
