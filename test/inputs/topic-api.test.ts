import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as projects from "../../app/api/v1/video/projects/route";
import { schema } from "../../src/db";
import { createApiHarness, type ApiHarness } from "../api/harness";

let api: ApiHarness;
beforeAll(async () => {
  api = await createApiHarness();
});
afterAll(() => api?.close());

const topicProject = (body: string) => ({
  content: { format: "topic", body },
  target_platforms: ["tiktok"],
  start: false,
});

/** Runs `body` with these variables set in the process environment, then puts it back. */
async function withEnv<T>(
  vars: Record<string, string>,
  body: () => Promise<T>,
) {
  const saved = Object.fromEntries(
    Object.keys(vars).map((k) => [k, process.env[k]]),
  );
  Object.assign(process.env, vars);
  try {
    return await body();
  } finally {
    for (const [k, v] of Object.entries(saved))
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
  }
}

describe("a topic sent to the API", () => {
  it("is refused offline with a 422 naming content.format and the remedy", async () => {
    const { status, data } = await withEnv(
      { SCRIPT_PROVIDER: "extractive" },
      () =>
        api.call(projects.POST, {
          json: topicProject("why tides are predictable"),
        }),
    );
    expect(status).toBe(422);
    expect(data.error).toMatchObject({
      code: "invalid_content",
      field: "content.format",
    });
    expect(data.error.message).toMatch(
      /a topic needs a script provider with a model.*SCRIPT_PROVIDER=openai/,
    );
  });

  it("is stored as a topic when a model writes scripts, titled by the topic", async () => {
    const { status, data } = await withEnv(
      { SCRIPT_PROVIDER: "openai", OPENAI_API_KEY: "sk-test" },
      () =>
        api.call(projects.POST, {
          json: topicProject("why tides are predictable"),
        }),
    );
    expect(status).toBe(201);
    expect(data.project.title).toBe("why tides are predictable");
    const stored = await api.database.db.select().from(schema.contents);
    expect(stored.at(-1)).toMatchObject({
      format: "topic",
      body: "why tides are predictable",
    });
  });

  it("refuses a topic longer than a topic (422 on content.body)", async () => {
    const { status, data } = await withEnv(
      { SCRIPT_PROVIDER: "openai", OPENAI_API_KEY: "sk-test" },
      () => api.call(projects.POST, { json: topicProject("x ".repeat(400)) }),
    );
    expect(status).toBe(422);
    expect(data.error.field).toBe("content.body");
  });
});
