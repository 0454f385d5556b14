import { mkdtemp, readFile, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { PRESETS } from "../../src/compositions/presets";
import { videoPropsSchema } from "../../src/compositions/schema";
import { loadConfig } from "../../src/config";
import { ensureBundle, renderVideo } from "../../src/pipeline/render";

let serveUrl: string;
let dir: string;
beforeAll(async () => {
  const config = loadConfig();
  serveUrl = await ensureBundle({
    homeDir: config.homeDir,
    mediaDir: config.mediaDir,
  });
  dir = await mkdtemp(path.join(tmpdir(), "rw-quality-"));
}, 300_000);

describe("quality presets", () => {
  it("renders a draft at half size with a fast encoder, still High profile and checked by ffprobe", async () => {
    const props = videoPropsSchema.parse(
      JSON.parse(await readFile("public/sample/instagram_square.json", "utf8")),
    );
    const render = (quality: "draft" | "premium") =>
      renderVideo({
        serveUrl,
        props,
        outFile: path.join(dir, `${quality}.mp4`),
        quality,
        scale: quality === "premium" ? 0.5 : 1,
        frameRange: [0, 29],
      });
    const draft = await render("draft");
    expect(draft.video).toMatchObject({
      codec: "h264",
      profile: "High",
      width: PRESETS.instagram_square.width / 2,
      height: PRESETS.instagram_square.height / 2,
      pixelFormat: "yuv420p",
    });
    // The same size at premium: a lower rate factor spends more bits.
    const premium = await render("premium");
    expect(premium.video).toMatchObject({ width: 540, height: 540 });
    expect((await stat(path.join(dir, "premium.mp4"))).size).toBeGreaterThan(
      (await stat(path.join(dir, "draft.mp4"))).size,
    );
  }, 300_000);
});
