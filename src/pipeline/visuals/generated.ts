import { bundledLanguages, codeToTokens, type BundledLanguage } from "shiki";
import {
  GENERATED_CREDIT,
  TYPOGRAPHY_VARIANTS,
  type Visual,
} from "../../compositions/schema";
import type { ContentBlock } from "../content/article";
import type { Candidate, SectionRequest, VisualProvider } from "./provider";

/** A frame shows this much code; longer blocks are cut with a last "…" line. */
const MAX_CODE_LINES = 16;
const MAX_LINE_CHARS = 80;
const MAX_LIST_ITEMS = 6;
const CODE_THEME = "github-dark";

const ALIASES: Record<string, string> = {
  py: "python",
  js: "javascript",
  ts: "typescript",
  sh: "bash",
};

/** Highlights a code block with shiki (offline: grammars ship in the package) into frame tokens. */
export async function highlightCode(
  block: Extract<ContentBlock, { type: "code" }>,
): Promise<Extract<Visual, { type: "code" }>> {
  const wanted = ALIASES[block.language] ?? block.language;
  const lang = (
    wanted in bundledLanguages ? wanted : "text"
  ) as BundledLanguage;
  const all = block.code.replace(/\t/g, "  ").split("\n");
  const lines = all
    .slice(0, MAX_CODE_LINES)
    .map((l) =>
      l.length > MAX_LINE_CHARS ? `${l.slice(0, MAX_LINE_CHARS - 1)}…` : l,
    );
  if (all.length > MAX_CODE_LINES) lines.push("…");
  const result = await codeToTokens(lines.join("\n"), {
    lang,
    theme: CODE_THEME,
  });
  return {
    type: "code",
    language: wanted || "code",
    background: result.bg ?? "#0d1117",
    lines: result.tokens.map((line) =>
      line.map((t) => ({
        text: t.content,
        color: t.color ?? result.fg ?? "#e6edf3",
        ...(t.fontStyle && t.fontStyle & 2 ? { bold: true } : {}),
        ...(t.fontStyle && t.fontStyle & 1 ? { italic: true } : {}),
      })),
    ),
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
      if (code) return [{ visual: await highlightCode(code), score: 1 }];
      const out: Candidate[] = [];
      const stat =
        section.kind === "point" || section.kind === "intro"
          ? findStat(section.text)
          : null;
      if (stat) out.push({ visual: stat, score: 0.8 });
      const list = next(section, "list");
      if (list)
        out.push({
          score: 0.7,
          visual: {
            type: "list",
            title: (section.overlay ?? "").slice(0, 300),
            items: list.items
              .slice(0, MAX_LIST_ITEMS)
              .map((i) => i.slice(0, 300)),
            credit: GENERATED_CREDIT,
          },
        });
      const quote = next(section, "quote");
      if (quote)
        out.push({
          score: 0.6,
          visual: {
            type: "quote",
            text: quote.text.slice(0, 1000),
            author: quote.cite,
            credit: GENERATED_CREDIT,
          },
        });
      out.push({
        score: 0.3,
        visual: {
          type: "typography",
          text: (section.overlay || section.text).slice(0, 2000),
          variant:
            TYPOGRAPHY_VARIANTS[section.index % TYPOGRAPHY_VARIANTS.length],
          credit: GENERATED_CREDIT,
        },
      });
      return out;
    },
  };
}
