import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as audit from "../../app/api/v1/audit/route";
import * as signIn from "../../app/api/v1/auth/sign-in/route";
import * as budgets from "../../app/api/v1/video/budgets/route";
import * as publish from "../../app/api/v1/video/publish/route";
import * as render from "../../app/api/v1/video/render/route";
import * as override from "../../app/api/v1/video/rendered/[id]/moderation-override/route";
import * as review from "../../app/api/v1/video/rendered/[id]/review/route";
import { createUser } from "../../src/auth/users";
import { loadConfig } from "../../src/config";
import { schema } from "../../src/db";
import { stageTools } from "../../src/pipeline/stages";
import { paidCallRefusal } from "../../src/services/budgets";
import { recordCost } from "../../src/services/cost-ledger";
import { createProject } from "../../src/services/projects";
import {
  narrateScriptVersion,
  writeScriptVersion,
} from "../../src/services/projects/stages";
import { planProjectVisuals } from "../../src/services/renders/props";
import { ARTICLE as LONG_ARTICLE } from "../jobs/helpers";
import { FakeHttpServer } from "../fakes/http";
import { FakeOpenAI } from "../fakes/openai-server";
import {
  createApiHarness,
  projectWithScript,
  type ApiHarness,
} from "../api/harness";

/**
 * Moderation, budgets and the audit log through the API on a real Postgres: what blocks an
 * approval or a post, who may lift it, what limits spending, and what the log says afterwards.
 */

let api: ApiHarness;
const PASSWORD = "correct horse battery staple";
const cookies: Record<string, string> = {};
const savedEnv = { ...process.env };

beforeAll(async () => {
  api = await createApiHarness();
  for (const [email, role] of [
    ["ada@site.test", "admin"],
    ["mia@site.test", "marketer"],
  ] as const) {
    await createUser(api.database.db, {
      siteId: api.site.id,
      email,
      name: email,
      role,
      password: PASSWORD,
    });
    const answer = await api.call(signIn.POST, {
      key: null,
      json: { email, password: PASSWORD },
    });
    cookies[role] = answer.response.headers.get("set-cookie")!.split(";")[0];
  }
});
afterAll(async () => {
  process.env = savedEnv;
  await api?.close();
});

const as = (role: "admin" | "marketer") => ({
  key: null,
  headers: { cookie: cookies[role] },
});

/** A finished tiktok render whose script says `text`. */
async function finishedRender(text: string) {
  const { project, scriptRow } = await projectWithScript(api);
  await api.database.db
    .update(schema.videoScripts)
    .set({ scriptText: text })
    .where(eq(schema.videoScripts.id, scriptRow.id));
  const queued = await api.call(render.POST, {
    json: { project_id: project.id, presets: ["tiktok"] },
  });
  const id = queued.data.renders[0].id as number;
  await api.database.db
    .update(schema.renderedVideos)
    .set({
      status: "completed",
      metadata: { title: "Lighthouses", description: "Keepers", tags: [] },
    })
    .where(eq(schema.renderedVideos.id, id));
  return { project, renderId: id };
}

const approve = (renderId: number, call = {}) =>
  api.call(review.POST, {
    params: { id: String(renderId) },
    json: { decision: "approve" },
    ...call,
  });

async function tiktokAccount() {
  const [row] = await api.database.db
    .insert(schema.socialAccounts)
    .values({
      siteId: api.site.id,
      platform: "tiktok",
      externalId: `tiktok-${Math.random()}`,
      displayName: "Our tiktok",
      accessTokenEnc: "not-a-real-ciphertext",
      status: "connected",
    })
    .returning();
  return row;
}

describe("moderation, offline (no OPENAI_API_KEY)", () => {
  it("blocks the approval of a flagged render, naming the category, until an admin overrides it", async () => {
    delete process.env.OPENAI_API_KEY;
    const { renderId } = await finishedRender(
      "Keepers lived alone. Then came the massacre at the harbour.",
    );
    const blocked = await approve(renderId);
    expect(blocked.status).toBe(422);
    expect(blocked.data.error).toMatchObject({
      code: "moderation_flagged",
      field: "moderation",
    });
    expect(blocked.data.error.message).toContain("violence");
    expect(blocked.data.error.message).toContain("word-list");

    const body = {
      checkpoint: "approve",
      categories: ["violence"],
      reason: "A history piece: the massacre is documented fact",
    };
    const params = { id: String(renderId) };
    const byKey = await api.call(override.POST, { params, json: body });
    expect(byKey.status).toBe(403);
    const byMarketer = await api.call(override.POST, {
      ...as("marketer"),
      params,
      json: body,
    });
    expect(byMarketer.status).toBe(403);
    const noReason = await api.call(override.POST, {
      ...as("admin"),
      params,
      json: { ...body, reason: "" },
    });
    expect(noReason.status).toBe(400);
    expect(noReason.data.error.field).toBe("reason");

    const byAdmin = await api.call(override.POST, {
      ...as("admin"),
      params,
      json: body,
    });
    expect(byAdmin.status).toBe(201);
    expect(byAdmin.data).toMatchObject({
      rendered_video_id: renderId,
      actor: "ada@site.test",
      categories: ["violence"],
      reason: body.reason,
    });
    const approved = await approve(renderId, as("marketer"));
    expect(approved.status).toBe(200);
    expect(approved.data.review_status).toBe("approved");
  });

  it("lets clean content through", async () => {
    const { renderId } = await finishedRender(
      "Lighthouses guided sailors for centuries.",
    );
    expect((await approve(renderId)).status).toBe(200);
  });
});

describe("moderation with OpenAI configured", () => {
  let openai: FakeOpenAI;
  beforeAll(async () => {
    openai = await new FakeOpenAI().start();
    openai.moderationFlags = { "free money": "illicit" };
    process.env.OPENAI_API_KEY = "sk-test";
    process.env.OPENAI_BASE_URL = openai.url;
  });
  afterAll(async () => {
    delete process.env.OPENAI_API_KEY;
    delete process.env.OPENAI_BASE_URL;
    await openai.stop();
  });

  it("moderates the post's text again before publishing", async () => {
    const { renderId } = await finishedRender("Keepers trimmed the wicks.");
    expect((await approve(renderId)).status).toBe(200);
    const account = await tiktokAccount();
    const post = {
      rendered_video_id: renderId,
      social_account_id: account.id,
      description: "Click for FREE MONEY",
    };
    const blocked = await api.call(publish.POST, { json: post });
    expect(blocked.status).toBe(422);
    expect(blocked.data.error.code).toBe("moderation_flagged");
    expect(blocked.data.error.message).toMatch(/\(openai\).*illicit/);
    const asked = openai.requests.filter((r) => r.path === "/v1/moderations");
    expect(asked.at(-1)?.body).toMatchObject({
      model: "omni-moderation-latest",
    });
    expect(asked.at(-1)?.body?.input).toContain("Click for FREE MONEY");

    const overridden = await api.call(override.POST, {
      ...as("admin"),
      params: { id: String(renderId) },
      json: {
        checkpoint: "publish",
        categories: ["illicit"],
        reason: "A quote from the scam we are warning about",
      },
    });
    expect(overridden.status).toBe(201);
    const queued = await api.call(publish.POST, { json: post });
    expect(queued.status).toBe(202);
  });
});

describe("budgets", () => {
  it("are read by anyone and set only by admins (or the site's key), validated by field", async () => {
    const empty = await api.call(budgets.GET, as("marketer"));
    expect(empty.status).toBe(200);
    expect(empty.data).toMatchObject({
      daily_usd: null,
      monthly_usd: null,
      per_video_usd: null,
      alert_thresholds: [75, 90],
    });
    const limits = { daily_usd: 5, monthly_usd: 100, per_video_usd: 1.5 };
    const refused = await api.call(budgets.PUT, {
      ...as("marketer"),
      method: "PUT",
      json: limits,
    });
    expect(refused.status).toBe(403);
    const bad = await api.call(budgets.PUT, {
      ...as("admin"),
      method: "PUT",
      json: { ...limits, daily_usd: -1 },
    });
    expect(bad.status).toBe(400);
    expect(bad.data.error.field).toBe("daily_usd");
    const set = await api.call(budgets.PUT, {
      ...as("admin"),
      method: "PUT",
      json: limits,
    });
    expect(set.status).toBe(200);
    expect(set.data).toMatchObject(limits);
    const other = await api.call(budgets.GET, { key: api.otherKey });
    expect(other.data.daily_usd).toBeNull();
  });

  it("alert once at 75 % and once at 90 % of the day, by webhook, and then skip paid providers", async () => {
    const hooks = await new FakeHttpServer(() => ({ status: 204 })).start();
    process.env.REELWRIGHT_ALLOW_PRIVATE_FETCH_HOSTS = new URL(hooks.url).host;
    const { db } = api.database;
    await db
      .update(schema.sites)
      .set({
        settings: {
          webhookUrl: `${hooks.url}/hook`,
          webhookSecret: "a-secret-of-sixteen-chars",
        },
      })
      .where(eq(schema.sites.id, api.site.id));
    const { project } = await projectWithScript(api);
    // 0.063 $ an AI image: of a 0.24 $ day, three are 79 %, four 105 %.
    await api.call(budgets.PUT, {
      method: "PUT",
      json: { daily_usd: 0.24, monthly_usd: null, per_video_usd: null },
    });
    const image = () =>
      recordCost(db, {
        siteId: api.site.id,
        projectId: project.id,
        operation: "video_ai_image",
        provider: "openai",
        units: 1,
      });
    await image();
    await image();
    expect(hooks.requests).toHaveLength(0);
    await image();
    await image();
    await image();
    const alerts = hooks.requests.map(
      (r) => JSON.parse(r.body.toString()) as Record<string, unknown>,
    );
    expect(alerts).toEqual(
      [75, 90].map((threshold) =>
        expect.objectContaining({
          event: "budget.alert",
          data: expect.objectContaining({ period: "day", threshold }),
        }),
      ),
    );
    expect(await paidCallRefusal(db, api.site.id, project.id, 0.063)).toMatch(
      /daily budget/,
    );
    await hooks.stop();
  });

  it("writes the script offline when the paid provider would go over, and tells the user", async () => {
    const openai = await new FakeOpenAI().start();
    const { db } = api.database;
    await api.call(budgets.PUT, {
      method: "PUT",
      json: { daily_usd: 0, monthly_usd: null, per_video_usd: null },
    });
    const config = loadConfig({
      ...process.env,
      SCRIPT_PROVIDER: "openai",
      OPENAI_API_KEY: "sk-test",
      OPENAI_BASE_URL: openai.url,
    });
    const { project } = await createProject(api.site.id, {
      content: { format: "markdown", body: LONG_ARTICLE },
      targetPresets: ["tiktok"],
      start: false,
      priority: "normal",
    });
    const row = await writeScriptVersion(
      {
        database: api.database,
        boss: api.boss,
        storage: api.storage,
        config,
        tools: stageTools(config),
      },
      project,
      { type: "short", presets: ["tiktok"] },
    );
    expect(row.provider).toBe("extractive");
    expect(openai.requests).toHaveLength(0);
    const [after] = await db
      .select({ warning: schema.videoProjects.warning })
      .from(schema.videoProjects)
      .where(eq(schema.videoProjects.id, project.id));
    expect(after.warning).toMatch(
      /Over the daily budget \(\$0\.00\): paid providers were skipped/,
    );
    await openai.stop();
  });
});

describe("over budget, the other paid providers", () => {
  let openai: FakeOpenAI;
  beforeAll(async () => {
    openai = await new FakeOpenAI().start();
    await api.call(budgets.PUT, {
      method: "PUT",
      json: { daily_usd: 0, monthly_usd: null, per_video_usd: null },
    });
  });
  afterAll(() => openai.stop());

  const context = () => {
    const config = loadConfig({
      ...process.env,
      OPENAI_API_KEY: "sk-test",
      OPENAI_BASE_URL: openai.url,
      VISUAL_SOURCES: "ai,generated",
    });
    return {
      database: api.database,
      boss: api.boss,
      storage: api.storage,
      config,
      tools: stageTools(config),
    };
  };

  it("narrate with the offline voice instead of OpenAI's, and keep saying why", async () => {
    const { project, scriptRow } = await projectWithScript(api);
    await api.database.db
      .update(schema.videoProjects)
      .set({ settings: { voice: { provider: "openai", id: "alloy" } } })
      .where(eq(schema.videoProjects.id, project.id));
    const [withVoice] = await api.database.db
      .select()
      .from(schema.videoProjects)
      .where(eq(schema.videoProjects.id, project.id));
    const { voiceover } = await narrateScriptVersion(
      context(),
      withVoice,
      scriptRow,
    );
    expect(voiceover.provider).not.toBe("openai");
    expect(openai.requests).toHaveLength(0);
    const [after] = await api.database.db
      .select({ warning: schema.videoProjects.warning })
      .from(schema.videoProjects)
      .where(eq(schema.videoProjects.id, project.id));
    expect(after.warning).toMatch(/^Over the daily budget/m);
  });

  it("plan visuals without AI images", async () => {
    const { project, script } = await projectWithScript(api);
    const sections = await planProjectVisuals(context(), project, {
      script,
      preset: "tiktok",
    });
    expect(sections.length).toBeGreaterThan(0);
    expect(openai.requests).toHaveLength(0);
  });
});

describe("GET /api/v1/audit/", () => {
  it("shows admins who approved, overrode, published and changed budgets, filtered and paged", async () => {
    const all = await api.call(audit.GET, as("admin"));
    expect(all.status).toBe(200);
    const actions = all.data.items.map((e: { action: string }) => e.action);
    for (const action of [
      "render.approve",
      "moderation.override",
      "publish.request",
      "budget.update",
    ])
      expect(actions).toContain(action);
    const override = all.data.items.find(
      (e: { action: string }) => e.action === "moderation.override",
    );
    expect(override).toMatchObject({
      actor: "ada@site.test",
      target_type: "rendered_video",
      details: { reason: expect.any(String) },
    });
    const approvals = await api.call(audit.GET, {
      ...as("admin"),
      path: "/api/v1/audit/?action=render.approve&per_page=1",
    });
    expect(approvals.data.per_page).toBe(1);
    expect(approvals.data.items).toHaveLength(1);
    expect(approvals.data.total).toBeGreaterThanOrEqual(3);
    const byMarketer = await api.call(audit.GET, {
      ...as("marketer"),
      path: "/api/v1/audit/?actor=mia@site.test",
    });
    expect(byMarketer.status).toBe(403);
    const mine = await api.call(audit.GET, {
      ...as("admin"),
      path: "/api/v1/audit/?actor=mia%40site.test",
    });
    expect(mine.data.items.length).toBeGreaterThan(0);
    expect(
      mine.data.items.every(
        (e: { actor: string }) => e.actor === "mia@site.test",
      ),
    ).toBe(true);
    const other = await api.call(audit.GET, { key: api.otherKey });
    expect(other.data.items).toEqual([]);
    const badFilter = await api.call(audit.GET, {
      ...as("admin"),
      path: "/api/v1/audit/?action=deleted.everything",
    });
    expect(badFilter.status).toBe(400);
    expect(badFilter.data.error.field).toBe("action");
  });
});
