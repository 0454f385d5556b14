import { execFile } from "node:child_process";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { eq } from "drizzle-orm";
import { chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as signIn from "../../app/api/v1/auth/sign-in/route";
import * as me from "../../app/api/v1/auth/me/route";
import * as health from "../../app/api/v1/health/route";
import * as keys from "../../app/api/v1/keys/route";
import * as key from "../../app/api/v1/keys/[id]/route";
import * as rotate from "../../app/api/v1/keys/[id]/rotate/route";
import * as projects from "../../app/api/v1/video/projects/route";
import * as render from "../../app/api/v1/video/render/route";
import * as files from "../../app/api/v1/video/rendered/[id]/files/[kind]/route";
import * as connect from "../../app/api/v1/accounts/connect/route";
import * as callback from "../../app/api/v1/accounts/callback/[platform]/route";
import { safeNextPath } from "../../src/auth/redirects";
import { signIn as signInService } from "../../src/auth/sessions";
import { SIGN_IN_LIMITS, SignInThrottledError } from "../../src/auth/throttle";
import { createUser } from "../../src/auth/users";
import { openDatabase, schema } from "../../src/db";
import { revokeApiKey } from "../../src/services/sites";
import { ensureNextBuild, startNext } from "../../scripts/next-server";
import {
  createApiHarness,
  projectWithScript,
  type ApiHarness,
  type Call,
} from "../api/harness";
import { FakeYouTube } from "../fakes/youtube-server";

/**
 * Point 4 of issue 10, attacked through the real route handlers on a real Postgres (and the built
 * app where the answer is Next's): sign-in storms, revoked and rotated keys, OAuth state from
 * another session, open redirects, headers, malformed credentials, what health tells strangers.
 */

const run = promisify(execFile);
const PASSWORD = "correct horse battery staple";
let api: ApiHarness;
let youtube: FakeYouTube;

beforeAll(async () => {
  api = await createApiHarness();
  youtube = await new FakeYouTube().start();
  for (const [email, role, siteId] of [
    ["ada@site.test", "admin", api.site.id],
    ["mia@site.test", "marketer", api.site.id],
    ["storm@site.test", "marketer", api.site.id],
    ["otto@other.test", "admin", api.otherSite.id],
  ] as const)
    await createUser(api.database.db, {
      siteId,
      email,
      name: email,
      role,
      password: PASSWORD,
    });
  for (const [name, value] of Object.entries({
    REELWRIGHT_SECRET_KEY: Buffer.alloc(32, 7).toString("base64"),
    REELWRIGHT_PUBLIC_URL: "https://app.example",
    YOUTUBE_CLIENT_ID: "yt-client",
    YOUTUBE_CLIENT_SECRET: "yt-secret",
    YOUTUBE_OAUTH_BASE_URL: youtube.url,
    YOUTUBE_API_BASE_URL: youtube.url,
  }))
    vi.stubEnv(name, value);
}, 60_000);

afterAll(async () => {
  vi.unstubAllEnvs();
  await youtube?.stop();
  await api?.close();
});

const signInFrom = (ip: string, email: string, password: string) =>
  api.call(signIn.POST, {
    key: null,
    path: "/api/v1/auth/sign-in",
    headers: { "x-forwarded-for": ip },
    json: { email, password },
  });

/** A fresh session of `email` (as one browser would hold it). */
async function cookieFor(email: string, ip = "198.51.100.1") {
  const answer = await signInFrom(ip, email, PASSWORD);
  expect(answer.status).toBe(200);
  return answer.response.headers.get("set-cookie")!.split(";")[0];
}

const asCookie = (cookie: string, call: Call = {}): Call => ({
  ...call,
  key: null,
  headers: { cookie, ...call.headers },
});

describe("sign-in under attack", () => {
  let fileId: string;

  beforeAll(async () => {
    // A render with a file on disk, for a download during the storm.
    const { project } = await projectWithScript(api);
    const queued = await api.call(render.POST, {
      json: { project_id: project.id, presets: ["tiktok"] },
    });
    fileId = String(queued.data.renders[0].id);
    const file = `projects/${project.id}/renders/${fileId}/tiktok.mp4`;
    await api.storage.write(file, (tmp) =>
      writeFile(tmp, Buffer.alloc(256 * 1024, 1)),
    );
    await api.database.db
      .update(schema.renderedVideos)
      .set({ status: "completed", filePath: file })
      .where(eq(schema.renderedVideos.id, Number(fileId)));
  });

  it("answers 30 parallel bad sign-ins with 401s, then 429s with Retry-After, and locks the email; a download during the storm still answers", async () => {
    const storm = Promise.all(
      Array.from({ length: 30 }, () =>
        signInFrom("203.0.113.5", "storm@site.test", "wrong password!"),
      ),
    );
    // Authenticated requests while the hashes run: a file download and a list.
    const [download, list] = await Promise.all([
      api.call(files.GET, { params: { id: fileId, kind: "video" } }),
      api.call(projects.GET, { path: "/api/v1/video/projects/" }),
    ]);
    expect(download.status).toBe(200);
    expect((await download.response.arrayBuffer()).byteLength).toBe(256 * 1024);
    expect(list.status).toBe(200);

    const answers = await storm;
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(
      SIGN_IN_LIMITS.perEmail,
    );
    const limited = answers.filter((a) => a.status === 429);
    expect(limited).toHaveLength(30 - SIGN_IN_LIMITS.perEmail);
    for (const answer of limited) {
      expect(answer.data.error.code).toBe("too_many_attempts");
      const wait = Number(answer.response.headers.get("retry-after"));
      expect(wait).toBeGreaterThan(0);
      expect(wait).toBeLessThanOrEqual(SIGN_IN_LIMITS.lockMs / 1000);
    }

    // Locked: even the right password, from anywhere, waits.
    const right = await signInFrom("192.0.2.77", "storm@site.test", PASSWORD);
    expect(right.status).toBe(429);
    expect(right.response.headers.get("retry-after")).toMatch(/^\d+$/);
    // The address is not locked by ten failures: another user signs in from it.
    expect(
      (await signInFrom("203.0.113.5", "mia@site.test", PASSWORD)).status,
    ).toBe(200);
  }, 120_000);

  it("keeps the lock in Postgres: another process's connection sees it", async () => {
    const other = await openDatabase(api.database.url);
    try {
      const refused = await signInService(
        other.db,
        "storm@site.test",
        PASSWORD,
        "192.0.2.99",
      ).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(SignInThrottledError);
      expect((refused as SignInThrottledError).reason).toBe("email_locked");
    } finally {
      await other.close();
    }
  });

  it("bounds hashes at once (503 beyond the queue) and limits one address to 30 attempts", async () => {
    const answers = await Promise.all(
      Array.from({ length: SIGN_IN_LIMITS.perIp }, (_, i) =>
        signInFrom("203.0.113.9", `nobody${i}@site.test`, "wrong password!"),
      ),
    );
    const statuses = answers.map((a) => a.status);
    const busy = answers.filter((a) => a.status === 503);
    // Two hashing, sixteen waiting: the rest are turned away at once (a few more may get in
    // if a hash finishes while the last ones are still being counted).
    expect(busy.length).toBeGreaterThan(0);
    expect(busy.length).toBeLessThanOrEqual(
      SIGN_IN_LIMITS.perIp -
        SIGN_IN_LIMITS.hashConcurrency -
        SIGN_IN_LIMITS.hashQueue,
    );
    expect(busy[0].data.error.code).toBe("busy");
    expect(busy[0].response.headers.get("retry-after")).toBe("2");
    expect(statuses.filter((s) => s === 401).length + busy.length).toBe(
      SIGN_IN_LIMITS.perIp,
    );
    const next = await signInFrom("203.0.113.9", "mia@site.test", PASSWORD);
    expect(next.status).toBe(429);
    expect(next.data.error.code).toBe("too_many_attempts");
    expect(next.response.headers.get("retry-after")).toMatch(/^\d+$/);
  }, 120_000);
});

describe("API keys", () => {
  let admin: string;
  beforeAll(async () => {
    admin = await cookieFor("ada@site.test");
  });

  it("lists, creates (the key shown once) and is refused to keys and marketers", async () => {
    const created = await api.call(
      keys.POST,
      asCookie(admin, { json: { name: "CMS import" } }),
    );
    expect(created.status).toBe(201);
    expect(created.data.secret).toMatch(/^rw_/);
    expect(created.data.key).toMatchObject({
      name: "CMS import",
      prefix: created.data.secret.slice(0, 10),
      revoked_at: null,
    });
    const listed = await api.call(keys.GET, asCookie(admin));
    expect(listed.status).toBe(200);
    const mine = listed.data.items.find(
      (k: { id: number }) => k.id === created.data.key.id,
    );
    expect(mine).toBeDefined();
    expect(JSON.stringify(listed.data)).not.toContain(created.data.secret);
    expect(JSON.stringify(listed.data)).not.toMatch(/key_hash|[0-9a-f]{64}/);

    // A key may not mint keys (a leaked key could not outlive its revocation).
    const byKey = await api.call(keys.POST, { json: { name: "sneaky" } });
    expect(byKey.status).toBe(403);
    const marketer = await cookieFor("mia@site.test");
    expect((await api.call(keys.GET, asCookie(marketer))).status).toBe(403);
    // Another site's admin cannot touch this site's key.
    const otto = await cookieFor("otto@other.test");
    const foreign = await api.call(
      key.DELETE,
      asCookie(otto, { params: { id: String(created.data.key.id) } }),
    );
    expect(foreign.status).toBe(404);
  });

  it("refuses a revoked key at once, here and in another process", async () => {
    const created = await api.call(
      keys.POST,
      asCookie(admin, { json: { name: "to revoke" } }),
    );
    const secret: string = created.data.secret;
    const list = () =>
      api.call(projects.GET, { key: secret, path: "/api/v1/video/projects/" });
    expect((await list()).status).toBe(200);

    // Revoked through another pool, as another app instance would.
    const other = await openDatabase(api.database.url);
    try {
      const revoked = await revokeApiKey(
        other.db,
        api.site.id,
        created.data.key.id,
      );
      expect(revoked?.revokedAt).toBeInstanceOf(Date);
    } finally {
      await other.close();
    }
    const refused = await list();
    expect(refused.status).toBe(401);
    expect(refused.data.error.code).toBe("unauthorized");

    // A separate Node process asks the database for the key: refused as well.
    const live = await api.call(
      keys.POST,
      asCookie(admin, { json: { name: "still live" } }),
    );
    const { stdout } = await run(
      path.resolve("node_modules/.bin/tsx"),
      [
        "-e",
        `import { openDatabase } from "./src/db/index.ts";
         import { authenticate } from "./src/services/sites.ts";
         (async () => {
           const db = await openDatabase(process.env.URL);
           const revoked = await authenticate(db.db, process.env.REVOKED);
           const live = await authenticate(db.db, process.env.LIVE);
           console.log(JSON.stringify({ revoked: revoked?.site.id ?? null, live: live?.site.id ?? null }));
           await db.close();
         })();`,
      ],
      {
        env: {
          ...process.env,
          URL: api.database.url,
          REVOKED: secret,
          LIVE: live.data.secret,
        },
      },
    );
    expect(JSON.parse(stdout.trim().split("\n").pop()!)).toEqual({
      revoked: null,
      live: api.site.id,
    });
  }, 60_000);

  it("revokes through the API and rotates: the new key works, the old one fails", async () => {
    const created = await api.call(
      keys.POST,
      asCookie(admin, { json: { name: "rotating" } }),
    );
    const old: string = created.data.secret;
    const id = String(created.data.key.id);
    const rotated = await api.call(
      rotate.POST,
      asCookie(admin, { params: { id } }),
    );
    expect(rotated.status).toBe(201);
    expect(rotated.data.replaced).toBe(created.data.key.id);
    expect(rotated.data.key.name).toBe("rotating");
    expect(rotated.data.secret).not.toBe(old);
    const use = (k: string) =>
      api.call(projects.GET, { key: k, path: "/api/v1/video/projects/" });
    expect((await use(old)).status).toBe(401);
    expect((await use(rotated.data.secret)).status).toBe(200);
    // A revoked key cannot be rotated back to life.
    expect(
      (await api.call(rotate.POST, asCookie(admin, { params: { id } }))).status,
    ).toBe(404);

    const revoked = await api.call(
      key.DELETE,
      asCookie(admin, { params: { id: String(rotated.data.key.id) } }),
    );
    expect(revoked.status).toBe(200);
    expect(revoked.data.revoked_at).toBeTruthy();
    expect((await use(rotated.data.secret)).status).toBe(401);
  });
});

describe("OAuth state", () => {
  const connectAs = async (call: Call) => {
    const answer = await api.call(connect.POST, {
      ...call,
      json: { platform: "youtube" },
    });
    expect(answer.status).toBe(200);
    return new URL(answer.data.url);
  };
  const back = async (url: URL, cookie?: string, code = "unused") => {
    const answer = await api.call(callback.GET, {
      key: null,
      path: `/api/v1/accounts/callback/youtube?state=${url.searchParams.get("state")}&code=${code}`,
      params: { platform: "youtube" },
      headers: cookie ? { cookie } : {},
    });
    expect(answer.status).toBe(303);
    return new URL(answer.response.headers.get("location")!).searchParams;
  };
  const accounts = () =>
    api.database.db
      .select()
      .from(schema.socialAccounts)
      .where(eq(schema.socialAccounts.siteId, api.site.id));

  it("refuses a callback carrying another browser's session, or none", async () => {
    const mine = await cookieFor("ada@site.test");
    const theirs = await cookieFor("ada@site.test", "198.51.100.2");
    const url = await connectAs(asCookie(mine));
    expect((await back(url, theirs)).get("error")).toBe("session_mismatch");
    // The state is spent: even the right session cannot use it now.
    expect((await back(url, mine)).get("error")).toBe("unknown_state");
    const again = await connectAs(asCookie(mine));
    expect((await back(again)).get("error")).toBe("session_mismatch");
    expect(await accounts()).toHaveLength(0);

    // The browser that started it finishes it.
    const third = await connectAs(asCookie(mine));
    const code = youtube.grantCode(third.searchParams.get("code_challenge")!);
    expect((await back(third, mine, code)).get("connected")).toBe("youtube");
    expect(await accounts()).toHaveLength(1);
  });

  it("refuses a flow started with a key that was revoked, or finished in another site's session", async () => {
    const admin = await cookieFor("ada@site.test");
    const made = await api.call(
      keys.POST,
      asCookie(admin, { json: { name: "oauth" } }),
    );
    const url = await connectAs({ key: made.data.secret });
    const otto = await cookieFor("otto@other.test");
    expect((await back(url, otto)).get("error")).toBe("session_mismatch");
    const second = await connectAs({ key: made.data.secret });
    await api.call(
      key.DELETE,
      asCookie(admin, { params: { id: String(made.data.key.id) } }),
    );
    expect((await back(second)).get("error")).toBe("session_mismatch");
  });
});

describe("credentials that are not even well formed", () => {
  it("answers 401, never 500", async () => {
    const malformed: Record<string, string>[] = [
      { cookie: "reelwright_session=%E0%A4%A" },
      { cookie: "reelwright_session=%" },
      { cookie: `reelwright_session=${"x".repeat(8000)}` },
      { cookie: "reelwright_session" },
      { authorization: "Bearer" },
      { authorization: "Bearer rw_%%%" },
      { authorization: `Bearer rw_${"a".repeat(5000)}` },
      { authorization: "Basic Zm9vOmJhcg==" },
      { authorization: "Bearer a b c" },
    ];
    for (const headers of malformed) {
      const answer = await api.call(projects.GET, {
        key: null,
        path: "/api/v1/video/projects/",
        headers,
      });
      expect(answer.status, JSON.stringify(headers)).toBe(401);
      const who = await api.call(me.GET, { key: null, headers });
      expect(who.status).toBe(401);
    }
  });
});

describe("health", () => {
  it("tells a stranger only whether all is well; a key or an admin sees each check", async () => {
    const stranger = await api.call(health.GET, { key: null });
    expect(stranger.status).toBe(200);
    expect(stranger.data).toEqual({ ok: true });
    const withKey = await api.call(health.GET);
    expect(withKey.data.checks.database.ok).toBe(true);
    const marketer = await cookieFor("mia@site.test");
    expect((await api.call(health.GET, asCookie(marketer))).data).toEqual({
      ok: true,
    });
    const admin = await cookieFor("ada@site.test");
    expect(
      (await api.call(health.GET, asCookie(admin))).data.checks.queue,
    ).toBeDefined();
  });
});

describe("redirects after sign-in", () => {
  it("keeps only this app's paths", () => {
    expect(safeNextPath("/projects/3")).toBe("/projects/3");
    expect(safeNextPath("/projects/3?tab=a#x")).toBe("/projects/3?tab=a#x");
    for (const evil of [
      "//evil.example",
      "//evil.example/projects",
      "/\\evil.example",
      "\\\\evil.example",
      "https://evil.example",
      "javascript:alert(1)",
      "/\t/evil.example",
      "/%0a/evil.example".replace("%0a", "\n"),
      "evil.example",
      "",
      null,
    ])
      expect(safeNextPath(evil), String(evil)).toBe("/projects");
  });
});

describe("the built app", () => {
  let server: Awaited<ReturnType<typeof startNext>>;
  beforeAll(async () => {
    await ensureNextBuild();
    server = await startNext({
      DATABASE_URL: api.database.url,
      REELWRIGHT_HOME: path.dirname(api.storage.root),
      REELWRIGHT_STORAGE_DIR: api.storage.root,
    });
  }, 600_000);
  afterAll(() => server?.stop());

  it("sends the security headers on pages and API answers", async () => {
    for (const route of [
      "/sign-in",
      "/api/v1/health",
      "/api/v1/openapi.json",
    ]) {
      const response = await fetch(`${server.url}${route}`);
      const csp = response.headers.get("content-security-policy") ?? "";
      expect(csp, route).toContain("frame-ancestors 'none'");
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("media-src 'self' data: blob:");
      expect(response.headers.get("x-frame-options")).toBe("DENY");
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
      expect(response.headers.get("referrer-policy")).toBe(
        "strict-origin-when-cross-origin",
      );
    }
  });

  it("redirects a page request without a live session to sign-in, with a safe next, before any page is sent", async () => {
    for (const [cookie, route] of [
      [undefined, "/projects?status=draft"],
      ["reelwright_session=forged", "/projects"],
      ["reelwright_session=%", "/accounts"],
    ] as const) {
      const response = await fetch(`${server.url}${route}`, {
        redirect: "manual",
        headers: cookie ? { cookie } : {},
      });
      expect(response.status, route).toBe(307);
      const location = new URL(response.headers.get("location")!, server.url);
      expect(location.pathname).toBe("/sign-in");
      expect(location.searchParams.get("next")).toBe(route);
      expect(await response.text()).not.toContain("Loading your workspace");
    }
    const health = await (await fetch(`${server.url}/api/v1/health`)).json();
    expect(health).toEqual({ ok: true });
  });

  it("lands on a local page whatever next the sign-in link carries", async () => {
    const browser = await chromium.launch({
      executablePath:
        process.env.E2E_CHROMIUM ?? "/usr/lib/chromium/chromium-headless-shell",
      args: ["--no-sandbox", "--disable-gpu"],
    });
    try {
      for (const [next, expected] of [
        ["//evil.example/x", "/projects"],
        ["/\\evil.example", "/projects"],
        ["https://evil.example/", "/projects"],
        ["/analytics", "/analytics"],
      ]) {
        const page = await (await browser.newContext()).newPage();
        const violations: string[] = [];
        page.on("console", (m) => {
          if (/Content Security Policy/i.test(m.text()))
            violations.push(m.text());
        });
        await page.goto(
          `${server.url}/sign-in?next=${encodeURIComponent(next)}`,
        );
        await page.getByLabel("Email").fill("mia@site.test");
        await page.getByLabel("Password").fill(PASSWORD);
        await page.getByRole("button", { name: "Sign in" }).click();
        await page.waitForURL((url) => url.pathname === expected, {
          timeout: 30_000,
        });
        expect(new URL(page.url()).origin).toBe(server.url);
        expect(violations).toEqual([]);
        await page.context().close();
      }
    } finally {
      await browser.close();
    }
  }, 120_000);
});
