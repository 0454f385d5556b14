import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as generateScript from "../../app/api/v1/video/scripts/generate/route";
import * as editScript from "../../app/api/v1/video/scripts/[project_id]/route";
import * as generateVoice from "../../app/api/v1/video/voiceover/generate/route";
import * as previewVoice from "../../app/api/v1/video/voiceover/preview/route";
import * as assets from "../../app/api/v1/video/assets/[project_id]/route";
import * as project from "../../app/api/v1/video/projects/[id]/route";
import { PRIORITIES } from "../../src/jobs/queues";
import {
  createApiHarness,
  projectWithScript,
  type ApiHarness,
} from "./harness";

let api: ApiHarness;
let images: Server;
let imagesUrl: string;
let png: Buffer;

beforeAll(async () => {
  api = await createApiHarness();
  png = await sharp({
    create: { width: 64, height: 48, channels: 3, background: "#3366cc" },
  })
    .png()
    .toBuffer();
  images = createServer((request, response) => {
    if (request.url === "/photo.png") {
      response.writeHead(200, { "content-type": "image/png" });
      response.end(png);
    } else {
      response.writeHead(200, { "content-type": "text/html" });
      response.end("<p>not an image</p>");
    }
  });
  await new Promise<void>((resolve) => images.listen(0, "127.0.0.1", resolve));
  imagesUrl = `http://127.0.0.1:${(images.address() as AddressInfo).port}`;
  // The image server listens on loopback, which the service refuses unless allowed.
  vi.stubEnv("REELWRIGHT_ALLOW_PRIVATE_FETCH_HOSTS", new URL(imagesUrl).host);
});
afterAll(async () => {
  vi.unstubAllEnvs();
  images?.close();
  await api?.close();
});

describe("scripts", () => {
  it("queues a script job", async () => {
    const { project: p } = await projectWithScript(api);
    const { status, data } = await api.call(generateScript.POST, {
      json: { project_id: p.id, provider: "extractive", priority: "low" },
    });
    expect(status).toBe(202);
    const job = await api.boss.getJobById("script", data.job_id);
    expect(job?.data).toEqual({ projectId: p.id, provider: "extractive" });
    expect(job?.priority).toBe(PRIORITIES.low);
    const foreign = await api.call(generateScript.POST, {
      key: api.otherKey,
      json: { project_id: p.id },
    });
    expect(foreign.status).toBe(404);
    const badProvider = await api.call(generateScript.POST, {
      json: { project_id: p.id, provider: "gpt" },
    });
    expect(badProvider.data.error.field).toBe("provider");
  });

  it("saves an edit as the next version, validated against the Script schema", async () => {
    const { project: p, script } = await projectWithScript(api);
    const edited = {
      ...script,
      hook: "Would you live alone on a rock at sea?",
    };
    const { status, data } = await api.call(editScript.PUT, {
      method: "PUT",
      params: { project_id: String(p.id) },
      json: { script: edited },
    });
    expect(status).toBe(201);
    expect(data).toMatchObject({
      version: 2,
      provider: "edited",
      video_type: "short",
    });
    expect(data.script.hook).toBe(edited.hook);
    expect(data.script_text).toContain(edited.hook);

    const detail = await api.call(project.GET, {
      params: { id: String(p.id) },
    });
    expect(detail.data.script.version).toBe(2);

    const broken = await api.call(editScript.PUT, {
      method: "PUT",
      params: { project_id: String(p.id) },
      json: { script: { ...script, points: [] } },
    });
    expect(broken.status).toBe(400);
    expect(broken.data.error.field).toBe("script.points");
    const wrongType = await api.call(editScript.PUT, {
      method: "PUT",
      params: { project_id: String(p.id) },
      json: { script: { ...script, totalEstimatedDurationSec: "long" } },
    });
    expect(wrongType.data.error.field).toBe("script.totalEstimatedDurationSec");
  });
});

describe("voiceover", () => {
  it("queues a narration with the chosen voice kept in the project's settings", async () => {
    const { project: p } = await projectWithScript(api);
    const { status, data } = await api.call(generateVoice.POST, {
      json: { project_id: p.id, speed: 1.2 },
    });
    expect(status).toBe(202);
    expect((await api.boss.getJobById("voiceover", data.job_id))?.data).toEqual(
      {
        projectId: p.id,
      },
    );
    const detail = await api.call(project.GET, {
      params: { id: String(p.id) },
    });
    expect(detail.data.project.settings).toMatchObject({
      voice: { speed: 1.2 },
    });

    const unknownVoice = await api.call(generateVoice.POST, {
      json: { project_id: p.id, voice_id: "nobody" },
    });
    expect(unknownVoice.status).toBe(422);
    expect(unknownVoice.data.error).toMatchObject({
      code: "unknown_voice",
      field: "voice_id",
    });
    const tooFast = await api.call(generateVoice.POST, {
      json: { project_id: p.id, speed: 5 },
    });
    expect(tooFast.data.error.field).toBe("speed");
  });

  it("previews a voice as audio, at most 200 characters", async () => {
    const { status, response } = await api.call(previewVoice.POST, {
      json: { text: "A light on the rocks." },
    });
    expect(status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^audio\//);
    const audio = Buffer.from(await response.arrayBuffer());
    expect(audio.byteLength).toBeGreaterThan(1000);
    const long = await api.call(previewVoice.POST, {
      json: { text: "x".repeat(201) },
    });
    expect(long.status).toBe(400);
    expect(long.data.error.field).toBe("text");
  });
});

describe("assets", () => {
  it("stores an uploaded image for a section with its focus point, replacing the old one", async () => {
    const { project: p } = await projectWithScript(api);
    const upload = (section: string) => {
      const form = new FormData();
      form.set("section_index", section);
      form.set("focus_x", "0.25");
      form.set("focus_y", "0.75");
      form.set("alt", "A lighthouse");
      form.set(
        "file",
        new Blob([new Uint8Array(png)], { type: "image/png" }),
        "light.png",
      );
      return api.call(assets.POST, {
        params: { project_id: String(p.id) },
        body: form,
      });
    };
    const first = await upload("1");
    expect(first.status).toBe(201);
    expect(first.data).toMatchObject({
      section_index: 1,
      width: 64,
      height: 48,
      focus: { x: 0.25, y: 0.75 },
      source: "uploaded",
      alt: "A lighthouse",
    });
    expect(await api.storage.size(first.data.file_path)).toBe(png.byteLength);
    const second = await upload("1");
    expect(await api.storage.size(first.data.file_path)).toBeNull();
    const list = await api.call(assets.GET, {
      params: { project_id: String(p.id) },
    });
    expect(list.data.items.map((a: { id: number }) => a.id)).toEqual([
      second.data.id,
    ]);
  });

  it("fetches an image URL, and refuses what is not an image", async () => {
    const { project: p } = await projectWithScript(api);
    const params = { project_id: String(p.id) };
    const fetched = await api.call(assets.POST, {
      params,
      json: {
        section_index: 0,
        image_url: `${imagesUrl}/photo.png`,
        focus: { x: 0.5, y: 0.1 },
      },
    });
    expect(fetched.status).toBe(201);
    expect(fetched.data.file_url).toBe(`${imagesUrl}/photo.png`);

    const page = await api.call(assets.POST, {
      params,
      json: { section_index: 0, image_url: `${imagesUrl}/page.html` },
    });
    expect(page.status).toBe(422);
    expect(page.data.error.field).toBe("image_url");

    const form = new FormData();
    form.set("section_index", "2");
    form.set("file", new Blob(["%PDF-1.4 not an image"]), "doc.pdf");
    const pdf = await api.call(assets.POST, { params, body: form });
    expect(pdf.status).toBe(415);
    expect(pdf.data.error.field).toBe("file");

    const noFile = new FormData();
    noFile.set("section_index", "2");
    expect(
      (await api.call(assets.POST, { params, body: noFile })).data.error.field,
    ).toBe("file");

    const badFocus = await api.call(assets.POST, {
      params,
      json: {
        section_index: 0,
        image_url: `${imagesUrl}/photo.png`,
        focus: { x: 2, y: 0 },
      },
    });
    expect(badFocus.data.error.field).toBe("focus.x");

    const text = await api.call(assets.POST, {
      params,
      body: "hello",
      headers: { "content-type": "text/plain" },
    });
    expect(text.status).toBe(415);
  });

  it("fetches nothing from loopback or private networks unless allowed", async () => {
    const { project: p } = await projectWithScript(api);
    vi.stubEnv("REELWRIGHT_ALLOW_PRIVATE_FETCH_HOSTS", "");
    try {
      for (const url of [
        `${imagesUrl}/photo.png`,
        "http://10.1.2.3/a.png",
        "http://[::1]/a.png",
        "http://[::ffff:127.0.0.1]/a.png",
        "http://169.254.169.254/latest/meta-data",
        "http://localhost/a.png",
      ]) {
        const { status, data } = await api.call(assets.POST, {
          params: { project_id: String(p.id) },
          json: { section_index: 0, image_url: url },
        });
        expect(status, url).toBe(422);
        expect(data.error.field).toBe("image_url");
      }
    } finally {
      vi.stubEnv(
        "REELWRIGHT_ALLOW_PRIVATE_FETCH_HOSTS",
        new URL(imagesUrl).host,
      );
    }
  });

  it("refuses an upload over the size limit while reading it", async () => {
    const { project: p } = await projectWithScript(api);
    const form = new FormData();
    form.set("section_index", "1");
    form.set("file", new Blob([new Uint8Array(11 * 1024 * 1024)]), "big.png");
    const { status } = await api.call(assets.POST, {
      params: { project_id: String(p.id) },
      body: form,
    });
    expect(status).toBe(413);
  });
});
