import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { Visual } from "../../src/compositions/schema";
import { loadConfig } from "../../src/config";
import { prepareVideos } from "../../src/pipeline/make";
import { findStat, highlightCode } from "../../src/pipeline/visuals/generated";

export const PYTHON_ARTICLE = `---
title: Three Python habits that make code easier to read
keywords: [python, code, readability]
---

# Three Python habits that make code easier to read

Python is read far more often than it is written. About 70% of a developer's time goes into reading code, so small habits pay off quickly.

## Name things for what they hold

A good name saves a comment. Compare a loop over single letters with one that says what it counts.

\`\`\`python
def total_price(items):
    # Sum the price of every item in the basket
    return sum(item.price * item.quantity for item in items)
\`\`\`

## Prefer comprehensions for simple loops

A comprehension says in one line what a loop says in four.

\`\`\`python
squares = [n * n for n in range(10) if n % 2 == 0]
print(squares)
\`\`\`

## Keep functions short

Short functions are easier to test and easier to name. They follow a few simple rules:

- do one thing
- take few arguments
- return early

> Readability counts.
> <cite>The Zen of Python</cite>

## Let the tools check you

Type hints and a linter catch mistakes before the code runs.

\`\`\`python
def greet(name: str) -> str:
    return f"Hello, {name}!"
\`\`\`
`;

/** Two visuals look the same when they are the same static card: same type, variant and text. */
const sameCard = (a: Visual, b: Visual) =>
  JSON.stringify(a) === JSON.stringify(b) ||
  (a.type === "typography" &&
    b.type === "typography" &&
    a.variant === b.variant);

describe("generated scenes", () => {
  it("highlights code offline into coloured tokens", async () => {
    const code = await highlightCode({
      type: "code",
      language: "py",
      code: "def f(x):\n    return x * 2  # double",
    });
    expect(code.language).toBe("python");
    expect(code.lines).toHaveLength(2);
    const colours = new Set(code.lines.flat().map((t) => t.color));
    expect(colours.size).toBeGreaterThan(2);
    expect(code.lines[0].map((t) => t.text).join("")).toBe("def f(x):");
  });

  it("wraps long lines for a narrow frame and marks a cut block", async () => {
    const long = `result = compute_the_total(${"argument, ".repeat(8)}last)`;
    const code = await highlightCode(
      {
        type: "code",
        language: "python",
        code: [
          long,
          ...Array.from({ length: 20 }, (_, i) => `x${i} = ${i}`),
        ].join("\n"),
      },
      "portrait",
    );
    const texts = code.lines.map((l) => l.map((t) => t.text).join(""));
    for (const text of texts) expect(text.length).toBeLessThanOrEqual(38);
    expect(texts.slice(0, 3).join("").replace(/\s+/g, "")).toContain(
      long.replace(/\s+/g, "").slice(0, 60),
    );
    expect(texts.at(-1)).toBe("…");
    expect(code.lines.length).toBe(15);
  });

  it("finds a number worth a callout", () => {
    expect(findStat("About 70% of the time goes into reading.")).toMatchObject({
      value: 70,
      suffix: "%",
      label: "of the time goes into reading.",
    });
    expect(findStat("Vienna had $1,250 worth of beans.")).toMatchObject({
      prefix: "$",
      value: 1250,
    });
    expect(findStat("There is 1 way.")).toBeNull();
  });

  it("gives an image-less article with code blocks code frames and scenes, never the same card twice in a row", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "rw-visuals-"));
    await writeFile(path.join(dir, "article.md"), PYTHON_ARTICLE);
    const { prepared, failures } = await prepareVideos({
      articlePath: path.join(dir, "article.md"),
      presets: ["tiktok"],
      outDir: path.join(dir, "out"),
      config: loadConfig({
        ...process.env,
        REELWRIGHT_HOME: path.join(dir, "home"),
        PEXELS_API_KEY: undefined,
        PIXABAY_API_KEY: undefined,
        OPENAI_API_KEY: undefined,
      }),
    });
    expect(failures).toEqual([]);
    const visuals = prepared[0].props.sections.map((s) => s.visual);
    const types = visuals.map((v) => v.type);
    expect(types.filter((t) => t === "code").length).toBeGreaterThanOrEqual(2);
    expect(types).not.toContain("image");
    expect(types).not.toContain("title-card");
    expect(new Set(types).size).toBeGreaterThanOrEqual(3);
    for (let i = 1; i < visuals.length; i++)
      expect(
        sameCard(visuals[i - 1], visuals[i]),
        `sections ${i - 1} and ${i}`,
      ).toBe(false);
    for (const v of visuals) expect(v.credit.source).toBe("generated");
  }, 300_000);
});
