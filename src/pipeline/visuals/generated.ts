import { bundledLanguages, codeToTokens, type BundledLanguage } from "shiki";
import {
  GENERATED_CREDIT,
  TYPOGRAPHY_VARIANTS,
  type Visual,
} from "../../compositions/schema";
import type { ContentBlock } from "../content/article";
import type { Candidate, SectionRequest, VisualProvider } from "./provider";

/**
 * How much code a frame shows so it stays readable: narrow vertical frames wrap long lines at
 * fewer characters. Longer blocks end with a "…" line.
 */
const CODE_FRAME = {
  portrait: { lines: 14, chars: 38 },
  landscape: { lines: 12, chars: 72 },
} as const;
const MAX_LIST_ITEMS = 6;
const CODE_THEME = "github-dark";

type CodeToken = Extract<Visual, { type: "code" }>["lines"][number][number];

/** Wraps a highlighted line at `width` characters; continuation lines are indented by two. */
function wrapLine(line: CodeToken[], width: number): CodeToken[][] {
  const out: CodeToken[][] = [[]];
  let used = 0;
  for (const token of line) {
    let text = token.text;
    while (used + text.length > width) {
      const room = width - used;
      out.at(-1)!.push({ ...token, text: text.slice(0, room) });
      text = text.slice(room);
      out.push([{ text: "  ", color: token.color }]);
      used = 2;
    }
    if (text) out.at(-1)!.push({ ...token, text });
    used += text.length;
  }
  return out;
}

const ALIASES: Record<string, string> = {
  py: "python",
  js: "javascript",
  ts: "typescript",
  sh: "bash",
};

/** Highlights a code block with shiki (offline: grammars ship in the package) into frame tokens. */
export async function highlightCode(
  block: Extract<ContentBlock, { type: "code" }>,
  orientation: SectionRequest["orientation"] = "landscape",
): Promise<Extract<Visual, { type: "code" }>> {
  const frame = CODE_FRAME[orientation];
  const wanted = ALIASES[block.language] ?? block.language;
  const lang = (
    wanted in bundledLanguages ? wanted : "text"
  ) as BundledLanguage;
  // Highlighting needs the block's start for context; lines past what a frame shows are dropped.
  const all = block.code.replace(/\t/g, "  ").split("\n");
  const result = await codeToTokens(all.slice(0, frame.lines).join("\n"), {
    lang,
    theme: CODE_THEME,
  });
  const wrapped = result.tokens.flatMap((line) =>
    wrapLine(
      line.map((t) => ({
        text: t.content,
        color: t.color ?? result.fg ?? "#e6edf3",
        ...(t.fontStyle && t.fontStyle & 2 ? { bold: true } : {}),
        ...(t.fontStyle && t.fontStyle & 1 ? { italic: true } : {}),
      })),
      frame.chars,
    ),
  );
  const cut = wrapped.length > frame.lines || all.length > frame.lines;
  return {
    type: "code",
    language: wanted || "code",
    background: result.bg ?? "#0d1117",
    lines: [
      ...wrapped.slice(0, frame.lines),
      ...(cut ? [[{ text: "…", color: result.fg ?? "#e6edf3" }]] : []),
    ],
    credit: GENERATED_CREDIT,
  };
}

const NUMBER =
  /([$€£]?)(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s?(%|percent\b|prozent\b|million\b|billion\b|thousand\b|x\b|times\b)?/iu;

/**
 * What the number measures: the words after it when they read on from it ("70%" "of a
 * developer's time goes into reading"), else the whole sentence.
 */
function statLabel(sentence: string, match: RegExpExecArray) {
  const after = sentence.slice(match.index + match[0].length).trim();
  const label = after.split(/\s+/).length >= 3 ? after : sentence;
  return label.replace(/\s+/g, " ").trim().slice(0, 300);
}

/** The first number in a text worth a callout, with the sentence around it as its label. */
export function findStat(
  text: string,
): Extract<Visual, { type: "stat" }> | null {
  for (const sentence of text.split(/(?<=[.!?])\s+/)) {
    const match = NUMBER.exec(sentence);
    if (!match) continue;
    const value = Number(match[2].replace(/,/g, ""));
    if (!Number.isFinite(value) || (value < 2 && !match[3])) continue;
    const unit = (match[3] ?? "").toLowerCase();
    const suffix =
      unit === "%" || unit.startsWith("per") || unit.startsWith("pro")
        ? "%"
        : unit
          ? ` ${unit}`
          : "";
    const decimals = match[2].includes(".")
      ? Math.min(4, match[2].split(".")[1].length)
      : 0;
    return {
      type: "stat",
      prefix: match[1],
      value,
      decimals,
      suffix: suffix === " x" ? "×" : suffix,
      label: statLabel(sentence, match),
      credit: GENERATED_CREDIT,
    };
  }
  return null;
}

type Uncredited<V> = V extends unknown ? Omit<V, "credit"> : never;

/** A generated scene as a candidate: made here, so credited to the generator. */
const scene = (
  score: number,
  visual: Uncredited<
    Extract<Visual, { type: "list" | "quote" | "typography" }>
  >,
): Candidate => ({ score, visual: { ...visual, credit: GENERATED_CREDIT } });

/**
 * Offline scenes from what the section holds: its article section's code blocks as code frames,
 * a number as a stat callout, a list as bullets, a quote as a quote card, else motion typography.
 * Each block is shown once across the video.
 */
export function generatedProvider(): VisualProvider {
  const used = new Set<ContentBlock>();
  const next = <T extends ContentBlock["type"]>(
    section: SectionRequest,
    type: T,
  ) => {
    const block = section.blocks.find((b) => b.type === type && !used.has(b));
    if (block) used.add(block);
    return block as Extract<ContentBlock, { type: T }> | undefined;
  };
  return {
    name: "generated",
    source: "generated",
    async candidates(section): Promise<Candidate[]> {
      const code = next(section, "code");
      if (code)
        return [
          {
            visual: await highlightCode(code, section.orientation),
            score: 1,
          },
        ];
      const out: Candidate[] = [];
      const stat =
        section.kind === "point" || section.kind === "intro"
          ? findStat(section.text)
          : null;
      if (stat) out.push({ visual: stat, score: 0.8 });
      const list = next(section, "list");
      if (list)
        out.push(
          scene(0.7, {
            type: "list",
            title: (section.overlay ?? "").slice(0, 300),
            items: list.items
              .slice(0, MAX_LIST_ITEMS)
              .map((i) => i.slice(0, 300)),
          }),
        );
      const quote = next(section, "quote");
      if (quote)
        out.push(
          scene(0.6, {
            type: "quote",
            text: quote.text.slice(0, 1000),
            author: quote.cite,
          }),
        );
      out.push(
        scene(0.3, {
          type: "typography",
          text: (section.overlay || section.text).slice(0, 2000),
          variant:
            TYPOGRAPHY_VARIANTS[section.index % TYPOGRAPHY_VARIANTS.length],
        }),
      );
      return out;
    },
  };
}
