import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as projects from "../../app/api/v1/video/projects/route";
import * as project from "../../app/api/v1/video/projects/[id]/route";
import * as publish from "../../app/api/v1/video/publish/route";
import * as review from "../../app/api/v1/video/rendered/[id]/review/route";
import * as signIn from "../../app/api/v1/auth/sign-in/route";
import * as signOut from "../../app/api/v1/auth/sign-out/route";
import * as me from "../../app/api/v1/auth/me/route";
import { SESSION_COOKIE } from "../../src/auth/sessions";
import { createUser } from "../../src/auth/users";
import {
  createApiHarness,
  projectWithScript,
  type ApiHarness,
} from "./harness";

/** The API with a signed-in team member's cookie instead of a site key. */

let api: ApiHarness;
const PASSWORD = "correct horse battery staple";

beforeAll(async () => {
  api = await createApiHarness();
  for (const [email, role, siteId] of [
    ["mia@site.test", "marketer", api.site.id],
    ["dana@site.test", "designer", api.site.id],
    ["olive@other.test", "marketer", api.otherSite.id],
  ] as const)
    await createUser(api.database.db, {
      siteId,
      email,
      name: email,
      role,
      password: PASSWORD,
    });
});
afterAll(() => api?.close());

async function cookieFor(email: string) {
  const answer = await api.call(signIn.POST, {
    key: null,
    path: "/api/v1/auth/sign-in",
    json: { email, password: PASSWORD },
  });
  expect(answer.status).toBe(200);
  const setCookie = answer.response.headers.get("set-cookie")!;
  expect(setCookie).toContain("HttpOnly");
  expect(setCookie).toContain("SameSite=Lax");
  return setCookie.split(";")[0];
}

describe("session cookies on the API", () => {
  it("signs in, answers who is signed in, and refuses a wrong password", async () => {
    const wrong = await api.call(signIn.POST, {
      key: null,
      json: { email: "mia@site.test", password: "nope nope nope" },
    });
    expect(wrong.status).toBe(401);
    expect(wrong.data.error.code).toBe("invalid_credentials");
    const cookie = await cookieFor("mia@site.test");
    const who = await api.call(me.GET, { key: null, headers: { cookie } });
    expect(who.data.user.role).toBe("marketer");
    expect(who.data.site.id).toBe(api.site.id);
    expect(who.data.permissions).toContain("publish");
  });

  it("acts for the user's own site only", async () => {
    const { project: mine } = await projectWithScript(api);
    const mia = await cookieFor("mia@site.test");
    const olive = await cookieFor("olive@other.test");
    const list = await api.call(projects.GET, {
      key: null,
      path: "/api/v1/video/projects/",
      headers: { cookie: mia },
    });
    expect(list.status).toBe(200);
    expect(list.data.items.map((p: { id: number }) => p.id)).toContain(mine.id);
    const stranger = await api.call(project.GET, {
      key: null,
      params: { id: String(mine.id) },
      headers: { cookie: olive },
    });
    expect(stranger.status).toBe(404);
  });

  it("gives a designer 403 on review and publish", async () => {
    const dana = await cookieFor("dana@site.test");
    const published = await api.call(publish.POST, {
      key: null,
      headers: { cookie: dana },
      json: { rendered_video_id: 1, social_account_id: 1 },
    });
    expect(published.status).toBe(403);
    expect(published.data.error.code).toBe("forbidden");
    const reviewed = await api.call(review.POST, {
      key: null,
      params: { id: "1" },
      headers: { cookie: dana },
      json: { decision: "approve" },
    });
    expect(reviewed.status).toBe(403);
  });

  it("refuses a cookie-carried change from another origin", async () => {
    const mia = await cookieFor("mia@site.test");
    const answer = await api.call(projects.POST, {
      key: null,
      headers: {
        cookie: mia,
        origin: "https://evil.example",
        host: "localhost",
      },
      json: { content_id: 1, target_platforms: ["tiktok"] },
    });
    expect(answer.status).toBe(403);
  });

  it("signs out: the cookie no longer works", async () => {
    const mia = await cookieFor("mia@site.test");
    const out = await api.call(signOut.POST, {
      key: null,
      headers: { cookie: mia },
    });
    expect(out.status).toBe(204);
    const after = await api.call(projects.GET, {
      key: null,
      path: "/api/v1/video/projects/",
      headers: { cookie: mia },
    });
    expect(after.status).toBe(401);
    expect(mia.startsWith(`${SESSION_COOKIE}=`)).toBe(true);
  });
});
