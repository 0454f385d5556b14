import { readFile, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseSrt } from "@remotion/captions";
import sharp from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config";
import {
  makeVideos,
  type MakeEvent,
  type PresetOutcome,
} from "../../src/pipeline/make";
import { probeMedia } from "../../src/pipeline/render";

const BOARD = {
  title: "Three facts about octopuses",
  scenes: [
    {
      text: "An octopus has three hearts. Two pump blood through the gills, and the third sends it around the rest of the body.",
      visual: { image: "octopus.jpg" },
    },
    {
      text: "Its blood is blue, because it carries oxygen with copper instead of iron, which works better in cold water with little oxygen.",
      visual: { prompt: "a blue octopus in cold deep water" },
    },
    {
      text: "And most of its neurons are not in its head at all: they sit in its eight arms, which can taste and touch on their own.",
    },
    {
      text: "So the next time you see an octopus, remember that you are looking at an animal with three hearts, blue blood and arms that think for themselves, living quietly in the sea.",
    },
  ],
};

describe("a faceless video without captions", () => {
  let dir: string;
  let outcome: PresetOutcome;
  const events: MakeEvent[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "rw-faceless-"));
    await sharp({
      create: { width: 640, height: 480, channels: 3, background: "#7c3aed" },
    })
      .jpeg()
      .toFile(path.join(dir, "octopus.jpg"));
    await writeFile(path.join(dir, "board.json"), JSON.stringify(BOARD));
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      REELWRIGHT_HOME: path.join(dir, "home"),
      // An AI key is set: a faceless video must still not ask for AI images.
      OPENAI_API_KEY: "sk-unused",
      OPENAI_BASE_URL: "http://127.0.0.1:9/v1",
    };
    delete env.PEXELS_API_KEY;
    delete env.PIXABAY_API_KEY;
    [outcome] = await makeVideos({
      articlePath: path.join(dir, "board.json"),
      presets: ["instagram_reel"],
      outDir: path.join(dir, "out"),
      faceless: true,
      captions: false,
      music: null,
      scale: 0.2,
      config: loadConfig(env),
      onEvent: (e) => events.push(e),
    });
  }, 600_000);

  it("renders a checked MP4 with generated visuals only and no captions drawn", async () => {
    if (!outcome.ok) throw new Error(outcome.error);
    const probe = await probeMedia(outcome.files.video);
    expect(probe.video).toMatchObject({ codec: "h264", width: 216 });
    expect(probe.audio).not.toBeNull();
    const props = JSON.parse(
      await readFile(
        path.join(dir, "out", "instagram_reel.props.json"),
        "utf8",
      ),
    );
    expect(props.captions).toEqual([]);
    expect(props.sections).toHaveLength(4);
    for (const section of props.sections)
      expect(section.visual.credit.source).toBe("generated");
    expect(
      events.some(
        (e) =>
          e.type === "warning" &&
          /faceless video shows generated and stock visuals only: the 1 image/.test(
            e.message,
          ),
      ),
    ).toBe(true);
  });

  it("writes the word-level caption JSON, the SRT and VTT beside the video", async () => {
    if (!outcome.ok) throw new Error(outcome.error);
    expect(outcome.files.captions).toBe(
      path.join(dir, "out", "instagram_reel.captions.json"),
    );
    const json = JSON.parse(await readFile(outcome.files.captions!, "utf8"));
    expect(json.language).toBe("en");
    const spoken = BOARD.scenes
      .map((s) => s.text)
      .join(" ")
      .split(" ");
    expect(json.words.map((w: { text: string }) => w.text)).toEqual(spoken);
    for (const [i, word] of json.words.entries()) {
      expect(word.endMs).toBeGreaterThan(word.startMs);
      if (i)
        expect(word.startMs).toBeGreaterThanOrEqual(json.words[i - 1].startMs);
    }
    const { captions } = parseSrt({
      input: await readFile(outcome.files.srt, "utf8"),
    });
    expect(captions.length).toBeGreaterThan(3);
    expect(outcome.metadata.files.captions).toBe(
      "instagram_reel.captions.json",
    );
  });
});
