import { execFile } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as health from "../../app/api/v1/health/route";
import * as openapi from "../../app/api/v1/openapi.json/route";
import * as projects from "../../app/api/v1/video/projects/route";
import { operations } from "../../src/api/operations";
import { schema } from "../../src/db";
import { configureServices } from "../../src/services/context";
import {
  deliverWebhook,
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
  verifyWebhook,
} from "../../src/services/webhooks";
import { LocalStorage } from "../../src/storage";
import { createApiHarness, type ApiHarness } from "./harness";

let api: ApiHarness;
beforeAll(async () => {
  api = await createApiHarness();
});
afterAll(() => api?.close());

describe("GET /api/v1/health", () => {
  it("answers 200 with each check named", async () => {
    const { status, data } = await api.call(health.GET);
    expect(status).toBe(200);
    expect(data).toMatchObject({
      ok: true,
      checks: {
        database: { ok: true },
        queue: { ok: true },
        storage: { ok: true },
        browser: { ok: true },
      },
    });
  });

  it("answers 503 naming the failing check", async () => {
    const file = path.join(api.storage.root, "a-file");
    await writeFile(file, "");
    configureServices({
      database: api.database,
      storage: new LocalStorage(path.join(file, "storage")),
      queues: async () => api.boss,
    });
    try {
      const { status, data } = await api.call(health.GET);
      expect(status).toBe(503);
      expect(data.ok).toBe(false);
      expect(data.checks.storage.ok).toBe(false);
      expect(data.checks.storage.detail).toMatch(/ENOTDIR|EEXIST/);
      expect(data.checks.database.ok).toBe(true);
    } finally {
      configureServices({
        database: api.database,
        storage: api.storage,
        queues: async () => api.boss,
      });
    }
  });
});

describe("GET /api/v1/openapi.json", () => {
  it("describes every operation from the same schemas", async () => {
    const { status, data } = await api.call(openapi.GET, { key: null });
    expect(status).toBe(200);
    expect(data.openapi).toBe("3.1.0");
    for (const [id, operation] of Object.entries(operations)) {
      const documented =
        data.paths[operation.path]?.[operation.method.toLowerCase()];
      expect(documented, id).toMatchObject({ operationId: id });
    }
    const create = data.paths["/api/v1/video/projects/"].post;
    const body = create.requestBody.content["application/json"].schema;
    expect(body.properties.target_platforms.items.enum).toEqual([
      "youtube_long",
      "youtube_medium",
      "youtube_short",
      "instagram_reel",
      "instagram_square",
      "instagram_feed",
      "tiktok",
    ]);
    expect(create.responses["401"]).toBeDefined();
    const list = data.paths["/api/v1/video/projects/"].get;
    expect(list.parameters.map((p: { name: string }) => p.name)).toEqual([
      "status",
      "project_type",
      "q",
      "page",
      "per_page",
    ]);
    const edit = data.paths["/api/v1/video/scripts/{project_id}/"].put;
    expect(edit.parameters[0]).toMatchObject({
      name: "project_id",
      in: "path",
      required: true,
    });
    expect(
      data.paths["/api/v1/video/assets/{project_id}/"].post.requestBody.content,
    ).toHaveProperty("multipart/form-data");
  });
});

describe("deliverWebhook", () => {
  let server: Server;
  let url: string;
  let answer = 200;
  const received: Array<{ headers: IncomingMessage["headers"]; body: string }> =
    [];
  const secret = "a-webhook-secret-of-some-length";

  beforeAll(async () => {
    server = createServer((request, response) => {
      let body = "";
      request.on("data", (chunk) => (body += chunk));
      request.on("end", () => {
        received.push({ headers: request.headers, body });
        response.writeHead(answer).end();
      });
    });
    await new Promise<void>((resolve) =>
      server.listen(0, "127.0.0.1", resolve),
    );
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
    vi.stubEnv("REELWRIGHT_ALLOW_PRIVATE_FETCH_HOSTS", new URL(url).host);
  });
  afterAll(() => {
    vi.unstubAllEnvs();
    server?.close();
  });

  const settings = (values: Record<string, unknown>) =>
    api.database.db
      .update(schema.sites)
      .set({ settings: values })
      .where(eq(schema.sites.id, api.site.id));

  it("POSTs the event signed with HMAC-SHA256 of the body, timestamp included", async () => {
    await settings({ webhookUrl: url, webhookSecret: secret });
    const now = new Date("2026-11-23T04:00:00Z");
    const result = await deliverWebhook(
      {
        siteId: api.site.id,
        event: "render.completed",
        data: { renderedVideoId: 7 },
      },
      { now: () => now },
    );
    expect(result).toEqual({ delivered: true, status: 200 });
    const { headers, body } = received.at(-1)!;
    expect(headers["content-type"]).toBe("application/json");
    expect(headers[TIMESTAMP_HEADER]).toBe(String(now.getTime() / 1000));
    expect(JSON.parse(body)).toEqual({
      event: "render.completed",
      timestamp: now.getTime() / 1000,
      site_id: api.site.id,
      data: { renderedVideoId: 7 },
    });
    const signature = headers[SIGNATURE_HEADER] as string;
    expect(signature).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(verifyWebhook(body, signature, secret)).toBe(true);
    expect(verifyWebhook(body.replace("7", "8"), signature, secret)).toBe(
      false,
    );
  });

  it("throws on a non-2xx answer so the queue retries", async () => {
    answer = 503;
    await expect(
      deliverWebhook({ siteId: api.site.id, event: "render.failed", data: {} }),
    ).rejects.toThrow(/503/);
    answer = 200;
  });

  it("sends nothing to a site without a webhook", async () => {
    await settings({});
    const before = received.length;
    expect(
      await deliverWebhook({
        siteId: api.site.id,
        event: "render.failed",
        data: {},
      }),
    ).toEqual({ delivered: false });
    expect(received.length).toBe(before);
  });
});

describe("reelwright sites", () => {
  const reelwright = (...args: string[]) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) =>
      execFile(
        process.execPath,
        [path.resolve("bin/reelwright.js"), "sites", ...args],
        {
          env: {
            ...process.env,
            DATABASE_URL: api.database.url,
            LOG_LEVEL: "silent",
          },
        },
        (error, stdout, stderr) =>
          resolve({
            code: error ? Number(error.code ?? 1) : 0,
            stdout,
            stderr,
          }),
      ),
    );

  it("adds a site and prints a key that authenticates, then lists the sites", async () => {
    const added = await reelwright("add", "Lighthouse Weekly");
    expect(added.code).toBe(0);
    const key = added.stdout.trim();
    expect(key).toMatch(/^rw_[\w-]{43}$/);
    expect(added.stderr).toMatch(/lighthouse-weekly-2/);
    const { status, data } = await api.call(projects.GET, { key });
    expect(status).toBe(200);
    expect(data.total).toBe(0);
    const [stored] = await api.database.db
      .select()
      .from(schema.apiKeys)
      .where(eq(schema.apiKeys.prefix, key.slice(0, 10)));
    expect(stored.keyHash).not.toContain(key);

    const listed = await reelwright("list");
    expect(listed.stdout).toMatch(
      /lighthouse-weekly-2\s+Lighthouse Weekly \(1 key\)/,
    );
    expect(listed.stdout).toMatch(/other-site/);
  });

  it("points a site's webhooks at a URL with a new secret, and turns them off", async () => {
    const on = await reelwright(
      "webhook",
      "other-site",
      "https://hooks.example/reelwright",
    );
    expect(on.code).toBe(0);
    const secret = on.stdout.trim();
    const settings = async () =>
      (
        await api.database.db
          .select({ settings: schema.sites.settings })
          .from(schema.sites)
          .where(eq(schema.sites.id, api.otherSite.id))
      )[0].settings;
    expect(await settings()).toEqual({
      webhookUrl: "https://hooks.example/reelwright",
      webhookSecret: secret,
    });
    expect(
      (await reelwright("webhook", "other-site", "ftp://x")).stderr,
    ).toMatch(/<url> must be an http\(s\) URL/);
    // What the worker's fetch guard would refuse for sure is refused now, the settings untouched.
    const metadata = await reelwright(
      "webhook",
      "other-site",
      "http://169.254.169.254/latest",
    );
    expect(metadata.code).not.toBe(0);
    expect(metadata.stderr).toMatch(
      /<url> refused: 169\.254\.169\.254 is a link-local address \(allow it with REELWRIGHT_ALLOW_PRIVATE_FETCH_HOSTS\)/,
    );
    expect((await settings()).webhookUrl).toBe(
      "https://hooks.example/reelwright",
    );
    await reelwright("webhook", String(api.otherSite.id), "off");
    expect(await settings()).toEqual({});
  });
});
