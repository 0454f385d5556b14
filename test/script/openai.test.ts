import { readFile } from "node:fs/promises";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseArticle } from "../../src/pipeline/content";
import { generateExtractiveScript } from "../../src/pipeline/script";
import { generateScriptWithOpenAI } from "../../src/pipeline/script/openai";
import { expectSeoWithinLimits } from "../helpers/seo";
import { FakeOpenAI } from "../fakes/openai-server";

const article = parseArticle({
  text: await readFile("public/demo/article.md", "utf8"),
  fileName: "article.md",
});
const modelScript = generateExtractiveScript(article, { type: "short" });

describe("the OpenAI script provider against a local fake of the API", () => {
  const fake = new FakeOpenAI();
  let client: OpenAI;
  beforeAll(async () => {
    await fake.start();
    client = new OpenAI({
      apiKey: "sk-test",
      baseURL: fake.url,
      maxRetries: 2,
    });
  });
  afterAll(() => fake.stop());

  it("asks for structured output with the script schema and returns the parsed script", async () => {
    fake.chatReplies = [{ status: 200, content: JSON.stringify(modelScript) }];
    const script = await generateScriptWithOpenAI(
      article,
      { type: "short" },
      client,
      "gpt-test",
    );
    expect(script.hook).toBe(modelScript.hook);
    const request = fake.requests.at(-1)!;
    expect(request.body).toMatchObject({
      model: "gpt-test",
      response_format: {
        type: "json_schema",
        json_schema: { name: "video_script", strict: true },
      },
    });
    expect(JSON.stringify(request.body)).toContain(
      "How a Lighthouse Talks to Ships in the Dark",
    );
  });

  it("retries a server error, then succeeds", async () => {
    fake.chatReplies = [
      { status: 500 },
      { status: 200, content: JSON.stringify(modelScript) },
    ];
    await expect(
      generateScriptWithOpenAI(article, { type: "short" }, client),
    ).resolves.toMatchObject({ title: modelScript.title });
  });

  it("refuses a reply that does not fit the schema, naming the field", async () => {
    fake.chatReplies = [
      { status: 200, content: JSON.stringify({ ...modelScript, points: [] }) },
    ];
    await expect(
      generateScriptWithOpenAI(article, { type: "short" }, client),
    ).rejects.toThrow(/points/);
  });

  it("cuts SEO fields that break a platform's limits", async () => {
    const long = {
      ...modelScript,
      seo: {
        ...modelScript.seo,
        youtube: {
          title: "T".repeat(300),
          description: "d ".repeat(4000),
          tags: Array.from({ length: 200 }, (_, i) => `tag${i}`),
        },
      },
    };
    fake.chatReplies = [{ status: 200, content: JSON.stringify(long) }];
    const { seo } = await generateScriptWithOpenAI(
      article,
      { type: "short" },
      client,
    );
    expectSeoWithinLimits(seo);
  });
});
