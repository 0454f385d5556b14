import { access, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import sharp from "sharp";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as assets from "../../app/api/v1/video/assets/[project_id]/route";
import * as projects from "../../app/api/v1/video/projects/route";
import { loadConfig } from "../../src/config";
import { schema } from "../../src/db";
import type { JobContext } from "../../src/jobs/context";
import { composeRenderProps } from "../../src/services/renders/props";
import { stageTools } from "../../src/pipeline/stages";
import { createApiHarness, runPipeline, type ApiHarness } from "../api/harness";

/**
 * Hostile articles sent through the API (issue 10, points 1 and 2): front matter that would run
 * code, image sources that would read the server's disk or another site's files, and sizes past
 * the limits. Then the worker's own handlers, given such an article stored before the checks.
 */

let api: ApiHarness;
let scratch: string;
/** A file an attack would create if front matter ran code. */
let marker: string;
/** A real upload of the other site: the storage key an attack names. */
let foreignKey: string;

const TEXT =
  "# Tides\n\nThe moon pulls the sea. Twice a day the water rises.\n";

const png = (colour: string, width = 64, height = 48) =>
  sharp({ create: { width, height, channels: 3, background: colour } })
    .png()
    .toBuffer();

const exists = (file: string) =>
  access(file).then(
    () => true,
    () => false,
  );

function create(
  body: string,
  options: {
    format?: "markdown" | "html" | "json";
    title?: string;
    key?: string;
  } = {},
) {
  return api.call(projects.POST, {
    key: options.key,
    json: {
      content: {
        format: options.format ?? "markdown",
        body,
        ...(options.title ? { title: options.title } : {}),
      },
      target_platforms: ["tiktok"],
      start: false,
    },
  });
}

beforeAll(async () => {
  api = await createApiHarness();
  scratch = await mkdtemp(path.join(tmpdir(), "rw-security-"));
  marker = path.join(scratch, "front-matter-ran");
  const other = await create(TEXT, { key: api.otherKey });
  expect(other.status).toBe(201);
  const form = new FormData();
  form.set("section_index", "0");
  form.set(
    "file",
    new Blob([new Uint8Array(await png("#ff0000"))], { type: "image/png" }),
    "secret.png",
  );
  const upload = await api.call(assets.POST, {
    key: api.otherKey,
    params: { project_id: String(other.data.project.id) },
    body: form,
  });
  expect(upload.status).toBe(201);
  foreignKey = upload.data.file_path;
  expect(foreignKey).toMatch(/^projects\/\d+\/assets\//);
  expect(await exists(api.storage.resolve(foreignKey))).toBe(true);
});

afterAll(async () => {
  await api?.close();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

describe("front matter runs no code", () => {
  const payload = () =>
    `{ title: (require("fs").writeFileSync(${JSON.stringify(marker)}, "ran"), "Pwned") }`;

  for (const language of ["js", "javascript"])
    it(`refuses ---${language} front matter with 422 invalid_content, and nothing runs`, async () => {
      for (const title of [undefined, "A title of my own"]) {
        const { status, data } = await create(
          `---${language}\n${payload()}\n---\n${TEXT}`,
          { title },
        );
        expect(status).toBe(422);
        expect(data.error).toMatchObject({
          code: "invalid_content",
          field: "content.body",
        });
        expect(data.error.message).toMatch(/front matter/i);
        expect(data.error.message).toContain(language);
      }
      expect(await exists(marker)).toBe(false);
      const stored = await api.database.db.select().from(schema.contents);
      expect(stored.some((c) => c.body.includes(marker))).toBe(false);
    });

  it("refuses other front matter languages and YAML tags that construct values", async () => {
    for (const opening of ["---coffee", "---toml", "--- js"]) {
      const { status, data } = await create(`${opening}\na = 1\n---\n${TEXT}`);
      expect(status).toBe(422);
      expect(data.error.code).toBe("invalid_content");
    }
    const tagged = await create(
      `---\ntitle: !!js/function "function () { return 1 }"\n---\n${TEXT}`,
    );
    expect(tagged.status).toBe(422);
    expect(tagged.data.error.message).toMatch(/front matter: not valid YAML/i);
  });

  it("still reads YAML front matter", async () => {
    const { status, data } = await create(
      `---\ntitle: Why tides turn\nkeywords: [sea, moon]\n---\n${TEXT}`,
    );
    expect(status).toBe(201);
    expect(data.project.title).toBe("Why tides turn");
  });
});

describe("image sources sent to the service", () => {
  const refused = () => [
    "file:///etc/passwd",
    "/etc/passwd",
    "../../x.png",
    "images/../../../etc/passwd",
    foreignKey,
    `media/${"a".repeat(32)}.jpg`,
    `data:image/png;base64,${Buffer.alloc(256 * 1024 + 3).toString("base64")}`,
    "data:text/html;base64,PGgxPg==",
    "ftp://example.com/x.png",
    "//example.com/x.png",
  ];

  it("refuses every other source in Markdown, with 422 naming the field and the image", async () => {
    for (const src of refused()) {
      const { status, data } = await create(`${TEXT}\n![a picture](${src})\n`);
      expect(status, src.slice(0, 60)).toBe(422);
      expect(data.error).toMatchObject({
        code: "invalid_content",
        field: "content.body",
      });
      expect(data.error.message).toMatch(/^Image 1 .* is refused/);
    }
  });

  it("refuses them in HTML, JSON and the front matter's cover image too", async () => {
    const bodies = [
      {
        format: "html" as const,
        body: `<h1>Tides</h1><p>The moon pulls the sea.</p><img src="${foreignKey}" alt="x">`,
      },
      {
        format: "json" as const,
        body: JSON.stringify({
          title: "Tides",
          body: "The moon pulls the sea.",
          images: [{ src: "file:///etc/passwd" }],
        }),
      },
      {
        format: "markdown" as const,
        body: `---\nimage: /etc/passwd\n---\n${TEXT}`,
      },
    ];
    for (const { format, body } of bodies) {
      const { status, data } = await create(body, { format });
      expect(status, format).toBe(422);
      expect(data.error.code).toBe("invalid_content");
    }
  });

  it("takes http(s) URLs and a data: image up to 256 KB", async () => {
    const small = (await png("#00ff00")).toString("base64");
    const { status } = await create(
      `${TEXT}\n![web](https://example.com/moon.jpg)\n![inline](data:image/png;base64,${small})\n`,
    );
    expect(status).toBe(201);
  });
});

describe("sizes", () => {
  it("refuses an article over 2 MB with 422 invalid_content, and a request over the body limit with 413", async () => {
    const big = `# Big\n\n${"a".repeat(2 * 1024 * 1024 + 1 - 7)}`;
    expect(Buffer.byteLength(big)).toBe(2 * 1024 * 1024 + 1);
    const over = await create(big);
    expect(over.status).toBe(422);
    expect(over.data.error).toMatchObject({
      code: "invalid_content",
      field: "content.body",
    });
    expect(over.data.error.message).toMatch(/at most 2 MB/);
    // Multi-byte characters count as the bytes they take.
    const wide = await create(`# Big\n\n${"é".repeat(1024 * 1024 + 1)}`);
    expect(wide.status).toBe(422);
    const huge = await create("a".repeat(3 * 1024 * 1024));
    expect(huge.status).toBe(413);
    const fits = await create(`# Fits\n\n${"Sea. ".repeat(400_000)}`);
    expect(fits.status).toBe(201);
  });

  it("takes 50 images and refuses 51, naming the limit", async () => {
    const images = (n: number) =>
      Array.from(
        { length: n },
        (_, i) => `![p${i}](https://example.com/${i}.jpg)`,
      ).join("\n");
    expect((await create(`${TEXT}\n${images(50)}\n`)).status).toBe(201);
    const { status, data } = await create(`${TEXT}\n${images(51)}\n`);
    expect(status).toBe(422);
    expect(data.error).toMatchObject({
      code: "invalid_content",
      field: "content.body",
    });
    expect(data.error.message).toMatch(/51 images.*at most 50/);
  });
});

describe("the worker, given such an article stored before these checks", () => {
  it("reads no file the article names and no asset outside the project's folder", async () => {
    const home = path.join(scratch, "home");
    const config = loadConfig({ ...process.env, REELWRIGHT_HOME: home });
    const context = {
      database: api.database,
      boss: api.boss,
      storage: api.storage,
      config,
      tools: stageTools(config),
      workerId: "security-test",
      timing: {
        progressIntervalMs: 1000,
        heartbeatMs: 1000,
        staleAfterMs: 60_000,
      },
      shutdown: new AbortController().signal,
    } as unknown as JobContext;
    const outside = path.join(scratch, "outside.png");
    await sharp(await png("#ffff00", 400, 300)).toFile(outside);
    const inline = (await png("#0000ff", 400, 300)).toString("base64");
    // Written straight to the table, as an older version of the service would have stored it.
    const article = [
      "# Why the sea is blue",
      "",
      "Stand on a cliff above the open ocean and the water looks a deep, clear blue, even on a day when the sky is grey.",
      "",
      "## Water drinks the red light",
      "",
      `![secret](${foreignKey})`,
      `![passwd](file://${outside})`,
      `![absolute](${outside})`,
      `![climb](../../${path.basename(outside)})`,
      `![Sunlight sinking into deep blue water](data:image/png;base64,${inline})`,
      "",
      "Sunlight is a mix of every colour. Water molecules absorb the long red and orange wavelengths first, a little with every metre the light travels. Ten metres down, most of the red is gone. What is left is mostly blue.",
      "",
      "## Blue light comes back",
      "",
      "Some of the blue light bounces off water molecules and tiny particles and returns to the surface. That returning light is what reaches your eyes, so deep clear water looks blue. Shallow water over white sand looks turquoise, because the sand reflects light before the water can absorb it.",
      "",
      "## The sky helps a little",
      "",
      "On a calm day the surface also mirrors the sky, which adds to the blue. On a stormy day the mirror is grey, yet deep water still looks blue from above, because most of the colour comes from below the surface.",
    ].join("\n");
    const [content] = await api.database.db
      .insert(schema.contents)
      .values({
        siteId: api.site.id,
        title: "Tides",
        format: "markdown",
        body: article,
      })
      .returning();
    const [project] = await api.database.db
      .insert(schema.videoProjects)
      .values({
        siteId: api.site.id,
        contentId: content.id,
        title: "Tides",
        projectType: "short",
        targetPresets: ["tiktok"],
      })
      .returning();
    // And a section image row naming the other site's upload.
    await api.database.db.insert(schema.videoAssets).values({
      projectId: project.id,
      assetType: "image",
      source: "uploaded",
      filePath: foreignKey,
      fileUrl: "",
      alt: "",
      sectionIndex: 0,
    });

    await runPipeline(context, project.id);
    const [render] = await api.database.db
      .select()
      .from(schema.renderedVideos)
      .where(eq(schema.renderedVideos.projectId, project.id));
    expect(render).toBeDefined();
    const { props } = await composeRenderProps(context, project, render);
    const images = props.sections
      .map((s) => s.visual)
      .filter((v) => v.type === "image");
    // Only the data: image is shown; the files and the other site's upload never were read.
    expect(new Set(images.map((v) => v.type === "image" && v.src)).size).toBe(
      1,
    );
    const colours = await Promise.all(
      images.map(async (v) => {
        if (v.type !== "image") return null;
        const { dominant } = await sharp(
          context.tools.store.resolve(v.src),
        ).stats();
        return dominant;
      }),
    );
    for (const colour of colours) expect(colour!.b).toBeGreaterThan(200);
  }, 120_000);
});
