import { execFile } from "node:child_process";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config";
import { parseArticle } from "../../src/pipeline/content";
import { prepareVideos, TopicNeedsModelError } from "../../src/pipeline/make";
import {
  createScript,
  generateExtractiveScript,
} from "../../src/pipeline/script";
import {
  generateExtractiveStoryScript,
  generateStoryScriptWithOpenAI,
} from "../../src/pipeline/script/story";
import { narrationSegments } from "../../src/pipeline/script/script";
import { FakeOpenAI } from "../fakes/openai-server";

const STORY = `Mara kept the lighthouse on Gull Island for forty years. Every evening she climbed the hundred and twelve steps with a can of oil.

One winter night the lamp went dark. The wind had cracked a pane of glass and the flame was gone. Out on the black water, the fishing boat of her neighbour Tomas was feeling its way home through the storm. Mara lit a hand lantern, wrapped her coat around the broken pane and held the light up to the glass with both hands until her arms shook. She did not let it fall once, not even when the rain came sideways through the cracks and the stairs below her filled with cold water.

At dawn Tomas knocked on her door with a basket of fish. He said he had seen a small light, steady as a star, and steered for it all night.`;

const story = parseArticle({ text: STORY, fileName: "story.txt" });

describe("a story told in beats, offline", () => {
  const script = generateExtractiveStoryScript(story, { type: "short" });

  it("keeps every sentence, in order, one section per beat", () => {
    expect(script.scenes).toHaveLength(script.points.length);
    expect(narrationSegments(script)).toEqual(script.points.map((p) => p.text));
    expect(script.points.map((p) => p.text).join(" ")).toBe(
      STORY.replace(/\s+/g, " "),
    );
  });

  it("splits a long paragraph by its sentences, and gives each beat a cue naming who and where", () => {
    // Three paragraphs; the second has more than 40 words.
    expect(script.points.length).toBeGreaterThan(3);
    for (const point of script.points)
      expect(point.text.split(" ").length).toBeLessThanOrEqual(70);
    expect(script.points[0].visualCue).toMatch(/Gull/);
    expect(script.points.at(-1)!.visualCue).toMatch(/Tomas/);
  });

  it("goes through createScript when the input is a story", async () => {
    const viaProvider = await createScript(
      story,
      { type: "short", input: "story" },
      "extractive",
    );
    expect(viaProvider.points).toEqual(script.points);
  });
});

describe("stories and topics with the OpenAI provider (local fake)", () => {
  const fake = new FakeOpenAI();
  let client: OpenAI;
  beforeAll(async () => {
    await fake.start();
    client = new OpenAI({ apiKey: "sk-test", baseURL: fake.url });
  });
  afterAll(() => fake.stop());

  it("asks for the story's beats with structured output and narrates them", async () => {
    fake.chatReplies = [
      {
        status: 200,
        content: JSON.stringify({
          beats: [
            {
              text: "Mara kept the lighthouse on Gull Island for forty years.",
              characters: ["Mara"],
              location: "Gull Island lighthouse",
              emphasis: "forty years",
              visualCue: "an old keeper climbing a lighthouse stair",
            },
            {
              text: "One winter night the lamp went dark.",
              characters: [],
              location: "the lamp room",
              emphasis: "dark",
              visualCue: "a dark lighthouse lamp in a storm",
            },
          ],
        }),
      },
    ];
    const script = await generateStoryScriptWithOpenAI(
      story,
      { type: "short" },
      client,
      "gpt-test",
    );
    expect(script.points.map((p) => p.text)).toEqual([
      "Mara kept the lighthouse on Gull Island for forty years.",
      "One winter night the lamp went dark.",
    ]);
    expect(script.points[0].visualCue).toBe(
      "an old keeper climbing a lighthouse stair, Gull Island lighthouse, Mara",
    );
    expect(fake.requests.at(-1)!.body).toMatchObject({
      model: "gpt-test",
      response_format: {
        type: "json_schema",
        json_schema: { name: "story_beats", strict: true },
      },
    });
  });

  it("writes a topic's script with the model, and the video is prepared from it", async () => {
    const home = await mkdtemp(path.join(tmpdir(), "rw-topic-"));
    const longer = parseArticle({
      text: `${STORY}\n\n${STORY.replace(/Mara/g, "Ines")}`,
      fileName: "a.md",
    });
    const modelScript = generateExtractiveScript(longer, { type: "short" });
    fake.chatReplies = [{ status: 200, content: JSON.stringify(modelScript) }];
    const { prepared, failures } = await prepareVideos({
      topic: "why lighthouses flash in patterns",
      presets: ["tiktok"],
      outDir: path.join(home, "out"),
      music: null,
      config: loadConfig({
        ...process.env,
        REELWRIGHT_HOME: home,
        SCRIPT_PROVIDER: "openai",
        OPENAI_API_KEY: "sk-test",
        OPENAI_BASE_URL: fake.url,
        VISUAL_SOURCES: "generated",
        VOICE_PROVIDER: "festival",
      }),
    });
    expect(failures).toEqual([]);
    expect(prepared[0].script.hook).toBe(modelScript.hook);
    expect(prepared[0].props.sections.length).toBe(
      modelScript.points.length + 3,
    );
    const asked = JSON.stringify(fake.requests.at(-1)!.body);
    expect(asked).toContain("Topic: why lighthouses flash in patterns");
    expect(asked).toContain("There is no article");
  }, 300_000);
});

describe("a topic offline", () => {
  it("is refused by the pipeline, saying a model is needed", async () => {
    await expect(
      prepareVideos({
        topic: "why tides are predictable",
        presets: ["tiktok"],
        outDir: tmpdir(),
        config: loadConfig({ ...process.env, SCRIPT_PROVIDER: "extractive" }),
      }),
    ).rejects.toThrow(TopicNeedsModelError);
  });

  it("is a usage error in the CLI (exit code 2) naming --topic", async () => {
    const { code, stderr } = await new Promise<{
      code: number;
      stderr: string;
    }>((resolve) =>
      execFile(
        process.execPath,
        [
          path.resolve("bin/reelwright.js"),
          "make",
          "--topic",
          "why tides are predictable",
        ],
        {
          env: {
            ...process.env,
            LOG_LEVEL: "silent",
            SCRIPT_PROVIDER: "extractive",
          },
        },
        (error, _stdout, stderr) =>
          resolve({ code: error ? Number(error.code ?? 1) : 0, stderr }),
      ),
    );
    expect(code).toBe(2);
    expect(stderr).toMatch(
      /--topic: a topic needs a script provider with a model .*SCRIPT_PROVIDER=openai/,
    );
  });

  it("refuses a file and a topic together", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "rw-topic-cli-"));
    await writeFile(path.join(dir, "a.md"), "# A\n\nText.");
    const code = await new Promise<number>((resolve) =>
      execFile(
        process.execPath,
        [
          path.resolve("bin/reelwright.js"),
          "make",
          path.join(dir, "a.md"),
          "--topic",
          "tides",
        ],
        { env: { ...process.env, LOG_LEVEL: "silent" } },
        (error) => resolve(error ? Number(error.code ?? 1) : 0),
      ),
    );
    expect(code).toBe(2);
  });
});
