import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import sharp from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config";
import { parseContent } from "../../src/pipeline/content";
import {
  makeVideos,
  prepareVideos,
  type MakeEvent,
  type PresetOutcome,
} from "../../src/pipeline/make";
import { probeMedia } from "../../src/pipeline/render";

const STORYBOARD = {
  title: "How a lighthouse keeps ships safe",
  scenes: [
    {
      text: "Long before satellites and radar, a lighthouse was the only friend a sailor had on a dark and stormy coast at night.",
      visual: { image: "tower.jpg" },
      transition: "zoom",
    },
    {
      text: "Each lighthouse flashes its own pattern, so a captain who counts the seconds between flashes knows exactly which stretch of coast lies ahead.",
      transition: "wipe",
      duration_ms: 9000,
    },
    {
      text: "A huge glass lens, built from rings of prisms, bends the light of one small lamp into a beam that can be seen thirty kilometres away.",
      visual: { query: "lighthouse lens" },
      transition: "slide",
    },
    {
      text: "Today most lights run by themselves, but they still shine every night, keeping the same old promise to everyone out at sea.",
      transition: "dissolve",
    },
  ],
};

/** The environment without stock or AI keys: only generated scenes and the storyboard's image. */
function offlineEnv(home: string) {
  const env: NodeJS.ProcessEnv = { ...process.env, REELWRIGHT_HOME: home };
  for (const key of ["PEXELS_API_KEY", "PIXABAY_API_KEY", "OPENAI_API_KEY"])
    delete env[key];
  return env;
}

describe("reading a storyboard", () => {
  it("is recognised by its scenes key and becomes one article section per scene", () => {
    const { article, storyboard } = parseContent({
      text: JSON.stringify(STORYBOARD),
      fileName: "board.json",
    });
    expect(storyboard?.scenes).toHaveLength(4);
    expect(article.sections).toHaveLength(4);
    expect(article.images).toEqual([
      { src: "tower.jpg", alt: STORYBOARD.scenes[0].text },
    ]);
    expect(article.sections[0].imageIndexes).toEqual([0]);
    expect(article.sections[1].imageIndexes).toEqual([]);
  });

  it("names the field that is wrong", () => {
    const bad = (scenes: unknown) =>
      parseContent({ text: JSON.stringify({ title: "T", scenes }) });
    expect(() => bad([])).toThrow(/scenes:.*>=1|scenes: Too small/);
    expect(() => bad([{ text: " " }])).toThrow(
      /scenes\.0\.text: text is empty/,
    );
    expect(() =>
      bad([{ text: "a", visual: { prompt: "x", query: "y" } }]),
    ).toThrow(/scenes\.0\.visual: give exactly one of prompt, image or query/);
    expect(() => bad([{ text: "a", transition: "spin" }])).toThrow(
      /scenes\.0\.transition/,
    );
    expect(() =>
      bad(Array.from({ length: 101 }, () => ({ text: "a" }))),
    ).toThrow(/scenes: Too big/);
    expect(() =>
      bad(
        Array.from({ length: 51 }, (_, i) => ({
          text: "a",
          visual: { image: `${i}.jpg` },
        })),
      ),
    ).toThrow(/51 images; it may have at most 50/);
  });

  it("leaves a JSON article without scenes to the article parser", () => {
    const { storyboard, article } = parseContent({
      text: JSON.stringify({ title: "T", body: "Some text here." }),
    });
    expect(storyboard).toBeNull();
    expect(article.title).toBe("T");
  });
});

describe("making a video from a storyboard", () => {
  let dir: string;
  let outcome: PresetOutcome;
  const events: MakeEvent[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "rw-storyboard-"));
    await sharp({
      create: { width: 800, height: 600, channels: 3, background: "#c2410c" },
    })
      .jpeg()
      .toFile(path.join(dir, "tower.jpg"));
    await writeFile(path.join(dir, "board.json"), JSON.stringify(STORYBOARD));
    [outcome] = await makeVideos({
      articlePath: path.join(dir, "board.json"),
      presets: ["tiktok"],
      outDir: path.join(dir, "out"),
      scale: 0.2,
      music: null,
      config: loadConfig(offlineEnv(path.join(dir, "home"))),
      onEvent: (e) => events.push(e),
    });
  }, 600_000);

  it("renders one section per scene, narrated as written, as a checked MP4", async () => {
    if (!outcome.ok) throw new Error(outcome.error);
    const probe = await probeMedia(outcome.files.video);
    expect(probe.video).toMatchObject({ codec: "h264", width: 216 });
    expect(probe.audio).not.toBeNull();
    const props = JSON.parse(
      await readFile(path.join(dir, "out", "tiktok.props.json"), "utf8"),
    );
    expect(props.sections.map((s: { id: string }) => s.id)).toEqual([
      "scene-1",
      "scene-2",
      "scene-3",
      "scene-4",
    ]);
    expect(props.sections.map((s: { text: string }) => s.text)).toEqual(
      STORYBOARD.scenes.map((s) => s.text),
    );
    expect(
      props.sections.map((s: { transition: string }) => s.transition),
    ).toEqual(["zoom", "wipe", "slide", "dissolve"]);
    expect(props.sections[0].visual).toMatchObject({
      type: "image",
      credit: { source: "article" },
    });
    expect(props.sections[1].visual.type).not.toBe("image");
  });

  it("keeps the scene markers in the metadata", async () => {
    if (!outcome.ok) throw new Error(outcome.error);
    const metadata = JSON.parse(
      await readFile(path.join(dir, "out", "tiktok.metadata.json"), "utf8"),
    );
    expect(metadata.scenes).toHaveLength(4);
    expect(metadata.scenes[1]).toMatchObject({
      id: "scene-2",
      transition: "wipe",
      requestedDurationMs: 9000,
    });
    expect(metadata.scenes[0].startMs).toBe(0);
    expect(metadata.scenes[2].startMs).toBeGreaterThan(
      metadata.scenes[1].startMs,
    );
  });

  it("warns when a scene asks for stock visuals that are not configured", () => {
    expect(
      events.some(
        (e) =>
          e.type === "warning" &&
          /Section 2 asks for stock visuals but no stock source is configured/.test(
            e.message,
          ),
      ),
    ).toBe(true);
  });
});

describe("a storyboard image outside its folder", () => {
  it("is refused like an article's, and a card takes its place", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "rw-storyboard-out-"));
    const board = {
      ...STORYBOARD,
      scenes: [
        { ...STORYBOARD.scenes[0], visual: { image: "../../etc/passwd" } },
        ...STORYBOARD.scenes.slice(1),
      ],
    };
    await writeFile(path.join(dir, "board.json"), JSON.stringify(board));
    const events: MakeEvent[] = [];
    const { prepared } = await prepareVideos({
      articlePath: path.join(dir, "board.json"),
      presets: ["tiktok"],
      outDir: path.join(dir, "out"),
      music: null,
      config: loadConfig(offlineEnv(path.join(dir, "home"))),
      onEvent: (e) => events.push(e),
    });
    expect(
      events.some(
        (e) =>
          e.type === "warning" &&
          /Image \.\.\/\.\.\/etc\/passwd is not used/.test(e.message),
      ),
    ).toBe(true);
    expect(prepared[0].props.sections[0].visual.type).not.toBe("image");
  }, 300_000);
});
