import { randomBytes } from "node:crypto";
import {
  createServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as assets from "../../app/api/v1/video/assets/[project_id]/route";
import * as projects from "../../app/api/v1/video/projects/route";
import * as clipSources from "../../app/api/v1/video/clips/route";
import * as automation from "../../app/api/v1/site/automation/route";
import { loadConfig } from "../../src/config";
import { schema } from "../../src/db";
import { sendJob } from "../../src/jobs/queues";
import { runWorker, type Worker } from "../../src/jobs/worker";
import {
  addressRefusal,
  FetchRefused,
  guardedFetch,
  urlRefusal,
  type AllowedHost,
} from "../../src/net/fetch-guard";
import { loadArticleImages } from "../../src/pipeline/content";
import { MediaStore } from "../../src/pipeline/media-store";
import { createApiHarness, type ApiHarness } from "../api/harness";
import { JOBS_HOME, waitFor } from "../jobs/helpers";

/**
 * Issue #10, point 3: a user-supplied URL never reaches loopback or a private network, whatever its
 * spelling, DNS answer or redirect. "internal" stands for a host inside the network (it counts
 * every request it gets); "external" for a host the operator allowed by host:port, which answers
 * what a hostile site would: redirects to the internal one, endless redirects, huge or wrong bodies.
 */

const SECRET_BODY = "internal-secret-4f1c";
let png: Buffer;

type Fake = { server: Server; port: number; host: string; hits: string[] };

async function fake(
  handle: (request: IncomingMessage, response: ServerResponse) => void,
): Promise<Fake> {
  const hits: string[] = [];
  const server = createServer((request, response) => {
    hits.push(request.url ?? "");
    handle(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { server, port, host: `127.0.0.1:${port}`, hits };
}

let internal: Fake;
let external: Fake;
let allowed: AllowedHost[];

beforeAll(async () => {
  png = await sharp({
    create: { width: 64, height: 48, channels: 3, background: "#3366cc" },
  })
    .png()
    .toBuffer();
  internal = await fake((_request, response) => {
    response.writeHead(200, { "content-type": "image/png" });
    response.end(png);
  });
  external = await fake((request, response) => {
    const url = new URL(request.url ?? "/", "http://x");
    const hops = Number(url.searchParams.get("hops") ?? 0);
    if (url.pathname === "/to-internal")
      response
        .writeHead(302, { location: `http://127.0.0.1:${internal.port}/x.png` })
        .end();
    else if (url.pathname === "/to-file")
      response.writeHead(302, { location: "file:///etc/passwd" }).end();
    else if (url.pathname === "/chain")
      response
        .writeHead(302, {
          location: hops > 0 ? `/chain?hops=${hops - 1}` : "/photo.png",
        })
        .end();
    else if (url.pathname === "/photo.png")
      response.writeHead(200, { "content-type": "image/png" }).end(png);
    else if (url.pathname === "/page")
      response.writeHead(200, { "content-type": "text/html" }).end("<p></p>");
    else if (url.pathname === "/endless") {
      // No content-length: the cap must hold while streaming.
      response.writeHead(200, { "content-type": "image/png" });
      const chunk = Buffer.alloc(64 * 1024);
      const write = () => {
        while (response.write(chunk));
        if (!response.destroyed) response.once("drain", write);
      };
      response.on("close", () => response.removeAllListeners("drain"));
      write();
    } else if (url.pathname === "/slow") {
      response.writeHead(200, { "content-type": "image/png" });
      response.write(png.subarray(0, 10));
    } else
      response
        .writeHead(404, { "content-type": "text/plain" })
        .end(SECRET_BODY);
  });
  allowed = [{ host: "127.0.0.1", port: external.port }];
});

afterAll(async () => {
  for (const { server } of [internal, external]) {
    server?.closeAllConnections();
    server?.close();
  }
});

/** The attacks of the issue: the internal server by every spelling, and by a redirect. */
const ATTACKS: Record<string, () => string> = {
  loopback: () => `http://127.0.0.1:${internal.port}/x.png`,
  "IPv4-mapped IPv6": () => `http://[::ffff:127.0.0.1]:${internal.port}/`,
  decimal: () => `http://2130706433:${internal.port}/`,
  octal: () => `http://0177.0.0.1:${internal.port}/`,
  hex: () => `http://0x7f.1:${internal.port}/`,
  localhost: () => `http://localhost:${internal.port}/`,
  "redirect to loopback": () => `http://${external.host}/to-internal`,
};
const attacks = () => Object.values(ATTACKS).map((url) => url());
/**
 * Markdown percent-encodes the brackets of an IPv6 host, so the API refuses that one as an invalid
 * URL before any worker sees it (checked below); the others reach the worker.
 */
const markdownAttacks = () =>
  Object.entries(ATTACKS)
    .filter(([name]) => name !== "IPv4-mapped IPv6")
    .map(([, url]) => url());

/** Every spelling the guard refuses for sure from the URL's text, and why. */
const REFUSED_BY_TEXT: Array<[string, string]> = [
  [
    "http://127.0.0.1:8080/talk.mp4",
    "refused: 127.0.0.1 is a loopback address",
  ],
  [
    "http://[::ffff:127.0.0.1]/talk.mp4",
    "refused: ::ffff:7f00:1 is an IPv4-mapped IPv6 address",
  ],
  ["http://2130706433/talk.mp4", "refused: 127.0.0.1 is a loopback address"],
  ["http://0x7f.1/talk.mp4", "refused: 127.0.0.1 is a loopback address"],
  ["http://0177.0.0.1/talk.mp4", "refused: 127.0.0.1 is a loopback address"],
  ["http://127.0.0.1./talk.mp4", "refused: 127.0.0.1 is a loopback address"],
  ["http://localhost/talk.mp4", "refused: localhost is a loopback address"],
  [
    "http://LocalHost.:81/talk.mp4",
    "refused: localhost. is a loopback address",
  ],
  [
    "https://videos.localhost/talk.mp4",
    "refused: videos.localhost is a loopback address",
  ],
  ["http://[::1]/talk.mp4", "refused: ::1 is a loopback address"],
  ["http://10.0.0.7/talk.mp4", "refused: 10.0.0.7 is a private address"],
  [
    "http://169.254.169.254/latest/meta-data/",
    "refused: 169.254.169.254 is a link-local address",
  ],
  ["http://[fe80::1]/talk.mp4", "refused: fe80::1 is a link-local address"],
  ["http://0/talk.mp4", "refused: 0.0.0.0 is an unspecified address"],
  [
    "https://user:secret@videos.example.com/talk.mp4",
    "refused: videos.example.com with credentials in the URL",
  ],
];

const fetchImage = (url: string, options: { maxBytes?: number } = {}) =>
  guardedFetch(url, {
    allowedHosts: allowed,
    timeoutMs: 5_000,
    maxBytes: options.maxBytes ?? 1_000_000,
    contentTypes: ["image/*"],
  });

describe("address classification", () => {
  it.each([
    ["127.0.0.1", "a loopback address"],
    ["127.255.0.9", "a loopback address"],
    ["10.1.2.3", "a private address"],
    ["172.16.0.1", "a private address"],
    ["172.31.255.254", "a private address"],
    ["192.168.1.1", "a private address"],
    ["169.254.169.254", "a link-local address"],
    ["100.64.0.1", "a carrier-grade NAT address"],
    ["0.0.0.0", "an unspecified address"],
    ["224.0.0.1", "a multicast address"],
    ["255.255.255.255", "a broadcast address"],
    ["::1", "a loopback address"],
    ["::", "an unspecified address"],
    ["fe80::1", "a link-local address"],
    ["fc00::1", "a unique-local address"],
    ["fd12:3456::1", "a unique-local address"],
    ["ff02::1", "a multicast address"],
    ["::ffff:127.0.0.1", "an IPv4-mapped IPv6 address"],
    ["::ffff:8.8.8.8", "an IPv4-mapped IPv6 address"],
    ["::7f00:1", "an IPv4-compatible IPv6 address"],
    ["64:ff9b::10.0.0.1", "a NAT64 address of a private address"],
    ["64:ff9b::7f00:1", "a NAT64 address of a loopback address"],
    ["2002:7f00:1::", "a 6to4 address"],
  ])("refuses %s as %s", (address, reason) => {
    expect(addressRefusal(address)).toBe(reason);
  });

  it.each([
    "8.8.8.8",
    "93.184.216.34",
    "172.32.0.1",
    "2606:4700::1111",
    "64:ff9b::808:808",
  ])("lets the public address %s through", (address) => {
    expect(addressRefusal(address)).toBeNull();
  });
});

describe("REELWRIGHT_ALLOW_PRIVATE_FETCH_HOSTS", () => {
  it("reads host and host:port entries, normalised like a URL's host", () => {
    const config = loadConfig({
      REELWRIGHT_ALLOW_PRIVATE_FETCH_HOSTS:
        " images.intranet , 127.0.0.1:8080,[::1]:9000, 2130706433:81 ,Wiki.Corp",
    });
    expect(config.REELWRIGHT_ALLOW_PRIVATE_FETCH_HOSTS).toEqual([
      { host: "images.intranet", port: undefined },
      { host: "127.0.0.1", port: 8080 },
      { host: "::1", port: 9000 },
      { host: "127.0.0.1", port: 81 },
      { host: "wiki.corp", port: undefined },
    ]);
    expect(loadConfig({}).REELWRIGHT_ALLOW_PRIVATE_FETCH_HOSTS).toEqual([]);
  });

  it.each(["http://a.b", "host:port", "a:70000", "a/b", "user@host"])(
    "refuses the entry %s, naming the variable",
    (entry) => {
      expect(() =>
        loadConfig({ REELWRIGHT_ALLOW_PRIVATE_FETCH_HOSTS: entry }),
      ).toThrow(/REELWRIGHT_ALLOW_PRIVATE_FETCH_HOSTS/);
    },
  );

  it("allows exactly the listed host:port, not another port of the same host", async () => {
    const ok = await fetchImage(`http://${external.host}/photo.png`);
    expect(ok.body.equals(png)).toBe(true);
    await expect(
      fetchImage(`http://127.0.0.1:${internal.port}/x.png`),
    ).rejects.toThrow(`refused: 127.0.0.1 is a loopback address`);
    const anyPort = await guardedFetch(
      `http://127.0.0.1:${internal.port}/x.png`,
      {
        allowedHosts: [{ host: "127.0.0.1" }],
        timeoutMs: 5_000,
        maxBytes: 1_000_000,
      },
    );
    expect(anyPort.status).toBe(200);
    expect(internal.hits).toHaveLength(1);
    internal.hits.length = 0;
  });
});

describe("the guard's limits", () => {
  it("follows at most 3 redirects, each checked again", async () => {
    const three = await fetchImage(`http://${external.host}/chain?hops=2`);
    expect(three.url).toBe(`http://${external.host}/photo.png`);
    await expect(
      fetchImage(`http://${external.host}/chain?hops=3`),
    ).rejects.toThrow(`${external.host} redirected more than 3 times`);
    await expect(fetchImage(`http://${external.host}/to-file`)).rejects.toThrow(
      "refused: file: is not http or https",
    );
  });

  it("stops reading a body past the size limit, with or without a content-length", async () => {
    await expect(
      fetchImage(`http://${external.host}/photo.png`, { maxBytes: 100 }),
    ).rejects.toThrow(`${external.host} sent more than the 100 byte limit`);
    await expect(
      fetchImage(`http://${external.host}/endless`, { maxBytes: 2_000_000 }),
    ).rejects.toThrow(`${external.host} sent more than the 2 MB limit`);
  });

  it("refuses a content type the caller did not ask for", async () => {
    await expect(fetchImage(`http://${external.host}/page`)).rejects.toThrow(
      `${external.host} answered content-type text/html, not image/*`,
    );
  });

  it("gives up after its total time", async () => {
    await expect(
      guardedFetch(`http://${external.host}/slow`, {
        allowedHosts: allowed,
        timeoutMs: 500,
        maxBytes: 1_000_000,
      }),
    ).rejects.toThrow(`${external.host} gave no answer within 0.5 s`);
  });

  it("names the status, never the body, of a failed answer", async () => {
    const error = await fetchImage(`http://${external.host}/secret`).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(FetchRefused);
    expect((error as Error).message).toBe(`${external.host} answered 404`);
  });

  it.each(Object.keys(ATTACKS))(
    "refuses the %s attack before any request reaches the internal host",
    async (attack) => {
      await expect(fetchImage(ATTACKS[attack]())).rejects.toThrow(/refused: /);
      expect(internal.hits).toEqual([]);
    },
  );
});

describe("through the API: an asset's image_url, a clip source_url, a feed_url", () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await createApiHarness();
    vi.stubEnv("REELWRIGHT_ALLOW_PRIVATE_FETCH_HOSTS", external.host);
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    await api?.close();
  });

  const setImage = async (url: string) => {
    const created = await api.call(projects.POST, {
      json: {
        content: { format: "markdown", body: "# Title\n\nSome words here." },
        target_platforms: ["tiktok"],
        start: false,
      },
    });
    expect(created.status).toBe(201);
    return api.call(assets.POST, {
      params: { project_id: String(created.data.project.id) },
      json: { section_index: 0, image_url: url },
    });
  };

  it("takes an image from an allowed host, through a redirect", async () => {
    const { status } = await setImage(`http://${external.host}/chain?hops=1`);
    expect(status).toBe(201);
  });

  it.each([
    ["loopback", "refused: 127.0.0.1 is a loopback address"],
    [
      "IPv4-mapped IPv6",
      "refused: ::ffff:7f00:1 is an IPv4-mapped IPv6 address",
    ],
    ["decimal", "refused: 127.0.0.1 is a loopback address"],
    ["octal", "refused: 127.0.0.1 is a loopback address"],
    ["hex", "refused: 127.0.0.1 is a loopback address"],
    [
      "localhost",
      /refused: localhost resolves to (127\.0\.0\.1|::1), a loopback address/,
    ],
    ["redirect to loopback", "refused: 127.0.0.1 is a loopback address"],
  ])(
    "answers 422 to the %s attack with zero hits on the internal host",
    async (attack, message) => {
      const { status, data } = await setImage(ATTACKS[attack]());
      expect(status).toBe(422);
      expect(data.error).toMatchObject({
        code: "image_rejected",
        field: "image_url",
      });
      expect(data.error.message).toMatch(message);
      expect(internal.hits).toEqual([]);
    },
  );

  // URLs kept for a job to fetch later: refused when given when their text decides.
  const sourceRows = async () =>
    (await api.database.db.select().from(schema.clipSources)).length;

  it.each(REFUSED_BY_TEXT)(
    "answers 422 naming source_url to %s, making no row",
    async (url, reason) => {
      const before = await sourceRows();
      const { status, data } = await api.call(clipSources.POST, {
        json: { source_url: url, count: 1 },
      });
      expect(status).toBe(422);
      expect(data.error).toMatchObject({
        code: "url_refused",
        field: "source_url",
        message: `source_url: ${reason}`,
      });
      expect(await sourceRows()).toBe(before);
    },
  );

  it("takes a source on an allowed host, and a name only DNS can judge", async () => {
    for (const url of [
      `http://${external.host}/talk.mp4`,
      "https://videos.example.com/talk.mp4",
    ]) {
      const { status, data } = await api.call(clipSources.POST, {
        json: { source_url: url, count: 1 },
      });
      expect(status, url).toBe(202);
      expect(data.source).toMatchObject({ origin: url, status: "queued" });
    }
  });

  it("refuses a feed_url the guard would refuse, and takes an allowed one", async () => {
    const put = (json: Record<string, unknown>) =>
      api.call(automation.PUT, { method: "PUT", json });
    const refused = await put({ feed_url: "http://0x7f.1/feed.xml" });
    expect(refused.status).toBe(422);
    expect(refused.data.error).toMatchObject({
      code: "url_refused",
      field: "feed_url",
    });
    expect((await api.call(automation.GET)).data.feed_url).toBeNull();
    const allowed = await put({ feed_url: `http://${external.host}/feed.xml` });
    expect(allowed.status).toBe(200);
    expect(allowed.data.feed_url).toBe(`http://${external.host}/feed.xml`);
  });
});

describe("refused from the URL's text alone (urlRefusal)", () => {
  it.each(REFUSED_BY_TEXT)("refuses %s: %s", (url, reason) => {
    expect(urlRefusal(url, [])).toBe(reason);
  });

  it("refuses what is not an http(s) URL", () => {
    expect(urlRefusal("file:///etc/passwd", [])).toBe(
      "refused: file: is not http or https",
    );
    expect(urlRefusal("not a url", [])).toBe("not a URL");
  });

  it("leaves names that need DNS, and public addresses, to the guard at connect time", () => {
    for (const url of [
      "https://videos.example.com/talk.mp4",
      "http://internal.corp:8080/talk.mp4",
      "http://8.8.8.8/talk.mp4",
      "http://[2606:4700::1111]/talk.mp4",
    ])
      expect(urlRefusal(url, []), url).toBeNull();
  });

  it("lets an operator-allowed host through, by host or host:port, in any spelling", () => {
    const hosts = [{ host: "127.0.0.1", port: 8080 }, { host: "localhost" }];
    expect(urlRefusal("http://127.0.0.1:8080/a.mp4", hosts)).toBeNull();
    expect(urlRefusal("http://2130706433:8080/a.mp4", hosts)).toBeNull();
    expect(urlRefusal("http://localhost:3000/a.mp4", hosts)).toBeNull();
    expect(urlRefusal("http://127.0.0.1:8081/a.mp4", hosts)).toBe(
      "refused: 127.0.0.1 is a loopback address",
    );
  });

  it("agrees with the guard: each refused spelling is refused when fetched, nothing reached", async () => {
    for (const [url] of REFUSED_BY_TEXT)
      await expect(
        guardedFetch(url, { allowedHosts: [], timeoutMs: 5_000, maxBytes: 10 }),
        url,
      ).rejects.toBeInstanceOf(FetchRefused);
    expect(internal.hits).toEqual([]);
  });
});

describe("through the worker: an imported article's images", () => {
  let api: ApiHarness;
  let worker: Worker;
  let dir: string;

  beforeAll(async () => {
    api = await createApiHarness();
    dir = await mkdtemp(path.join(tmpdir(), "rw-fetch-guard-"));
    const env = {
      ...process.env,
      REELWRIGHT_HOME: JOBS_HOME,
      DATABASE_URL: api.database.url,
      REELWRIGHT_SECRET_KEY: randomBytes(32).toString("base64"),
      REELWRIGHT_ALLOW_PRIVATE_FETCH_HOSTS: external.host,
    };
    worker = await runWorker({
      database: api.database,
      storage: api.storage,
      config: loadConfig(env),
      env,
      pollingIntervalSeconds: 0.5,
    });
  }, 120_000);
  afterAll(async () => {
    await worker?.stop();
    await api?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("reports each internal image as a problem with a clear reason, fetching none", async () => {
    const { images, problems } = await loadArticleImages(
      { images: attacks().map((src) => ({ src, alt: "" })) },
      {
        store: new MediaStore(path.join(dir, "media")),
        maxWidth: 640,
        maxHeight: 640,
        localFiles: null,
        allowedHosts: loadConfig({
          REELWRIGHT_ALLOW_PRIVATE_FETCH_HOSTS: external.host,
        }).REELWRIGHT_ALLOW_PRIVATE_FETCH_HOSTS,
      },
    );
    expect(images).toEqual([]);
    expect(problems).toHaveLength(attacks().length);
    for (const problem of problems)
      expect(problem.reason).toMatch(/^refused: /);
    expect(internal.hits).toEqual([]);
  });

  it("refuses an article whose Markdown image names an IPv6 host, fetching nothing", async () => {
    const created = await api.call(projects.POST, {
      json: {
        content: {
          format: "markdown",
          body: `# Title\n\nA paragraph long enough to be an article.\n\n![x](${ATTACKS["IPv4-mapped IPv6"]()})\n`,
        },
        target_platforms: ["youtube_short"],
        start: false,
      },
    });
    expect(created.status).toBe(422);
    expect(created.data.error).toMatchObject({
      code: "invalid_content",
      field: "content.body",
    });
    expect(internal.hits).toEqual([]);
  });

  it("renders a project imported through the API with fallback visuals and zero hits on the internal host", async () => {
    const externalHitsBefore = external.hits.length;
    const body = `# Why the sea is blue

Stand on a cliff above the open ocean and the water looks a deep, clear blue, even on a day when the sky is grey.

## Water drinks the red light

${markdownAttacks()
  .map((url, i) => `![image ${i}](${url})`)
  .join("\n\n")}

Sunlight is a mix of every colour. Water molecules absorb the long red and orange wavelengths first, a little with every metre the light travels. Ten metres down, most of the red is gone. What is left is mostly blue.

## Blue light comes back

Some of the blue light bounces off water molecules and tiny particles and returns to the surface. That returning light is what reaches your eyes, so deep clear water looks blue.
`;
    const created = await api.call(projects.POST, {
      json: {
        content: { format: "markdown", body },
        target_platforms: ["youtube_short"],
        start: false,
      },
    });
    expect(created.status).toBe(201);
    const projectId = created.data.project.id as number;
    // As the API would queue it, at a tenth of the size to keep the render short.
    await sendJob(
      "pipeline",
      { projectId, scale: 0.1 },
      { boss: worker.boss, priority: "high" },
    );
    const project = await waitFor(
      "the project to leave the chain",
      async () => {
        const [row] = await api.database.db
          .select()
          .from(schema.videoProjects)
          .where(eq(schema.videoProjects.id, projectId));
        return (row.status === "review" || row.status === "failed") && row;
      },
      280_000,
      500,
    );
    expect(project.error).toBeNull();
    expect(project.status).toBe("review");
    // The redirecting host was asked (the worker did fetch), the internal one never.
    expect(external.hits.length).toBeGreaterThan(externalHitsBefore);
    expect(internal.hits).toEqual([]);
  }, 300_000);
});
