import type { Preset } from "./presets";

export type Box = { left: number; top: number; width: number; height: number };

/** Space kept between the captions and any other text. */
const GAP = 24;

/**
 * Where captions may draw, in output pixels: vertical presets a band at the bottom of the safe
 * area, the long preset a lower third. Every other text fits into `contentBox`, above it.
 */
export function captionBox(preset: Preset, width: number): Box {
  const scale = width / preset.width;
  const height = preset.height * scale;
  const safe = preset.safeArea;
  const vertical = preset.captionLayout === "pages";
  const boxHeight = (vertical ? 0.24 : 0.2) * height;
  const bottom = height - (safe.bottom + (vertical ? 0 : 30)) * scale;
  return {
    left: safe.left * scale,
    top: bottom - boxHeight,
    width: width - (safe.left + safe.right) * scale,
    height: boxHeight,
  };
}

/** The safe area above the captions: cards, headlines and chapter titles stay inside it. */
export function contentBox(preset: Preset, width: number): Box {
  const scale = width / preset.width;
  const captions = captionBox(preset, width);
  const top = preset.safeArea.top * scale;
  return {
    left: preset.safeArea.left * scale,
    top,
    width: width - (preset.safeArea.left + preset.safeArea.right) * scale,
    height: captions.top - GAP * scale - top,
  };
}

/** The width a line of text may take: the safe area's, less 20 preset pixels a side. */
export const safeTextWidth = (preset: Preset, width: number) =>
  width -
  (preset.safeArea.left + preset.safeArea.right + 40) * (width / preset.width);

export type Measure = (text: string, fontSize: number) => number;

/** Lines `text` wraps into at `boxWidth`; a word wider than the box breaks across lines. */
export function lineCount(
  text: string,
  boxWidth: number,
  fontSize: number,
  measure: Measure,
) {
  const words = text.split(/\s+/).filter(Boolean);
  const space = measure(" ", fontSize);
  let lines = 1;
  let current = 0;
  for (const word of words) {
    const w = measure(word, fontSize);
    if (w > boxWidth) {
      lines += (current > 0 ? 1 : 0) + Math.ceil(w / boxWidth) - 1;
      current = w % boxWidth;
    } else if (current > 0 && current + space + w > boxWidth) {
      lines++;
      current = w;
    } else current += (current > 0 ? space : 0) + w;
  }
  return lines;
}

const sentencesOf = (text: string) =>
  text.match(/[^.!?…]+(?:[.!?…]+|$)\s*/gu)?.map((s) => s.trim()) ?? [text];

/**
 * The largest size (≤ max) at which `text` fits the box, whole words first; at `min` it breaks
 * long words; if it still does not fit, whole sentences are dropped from the end, then words,
 * with an ellipsis. Never returns text that overflows the box at the returned size.
 */
export function fitText(options: {
  text: string;
  boxWidth: number;
  boxHeight: number;
  max: number;
  min: number;
  lineHeight: number;
  measure: Measure;
}): { text: string; fontSize: number } {
  const { boxWidth, boxHeight, max, min, lineHeight, measure } = options;
  const text = options.text.replace(/\s+/g, " ").trim();
  const fits = (t: string, size: number) =>
    lineCount(t, boxWidth, size, measure) * size * lineHeight <= boxHeight;
  const words = text.split(" ");
  for (let size = max; size >= min; size *= 0.92) {
    const widest = Math.max(0, ...words.map((w) => measure(w, size)));
    if (widest <= boxWidth && fits(text, size))
      return { text, fontSize: Math.floor(size) };
  }
  if (fits(text, min)) return { text, fontSize: min };
  const sentences = sentencesOf(text);
  for (let n = sentences.length - 1; n >= 1; n--) {
    const shorter = sentences.slice(0, n).join(" ");
    if (fits(shorter, min)) return { text: shorter, fontSize: min };
  }
  const first = sentences[0].split(" ");
  for (let n = first.length - 1; n >= 1; n--) {
    const shorter = `${first
      .slice(0, n)
      .join(" ")
      .replace(/[,;:.!?]+$/, "")}…`;
    if (fits(shorter, min)) return { text: shorter, fontSize: min };
  }
  return { text: "", fontSize: min };
}

/**
 * Several paragraphs (a list's title and items) at one size, each wrapping on its own, separated
 * by `gap` lines: the largest size that fits; at `min`, items are dropped from the end and the
 * last one kept is cut like `fitText`.
 */
export function fitParagraphs(options: {
  paragraphs: string[];
  boxWidth: number;
  boxHeight: number;
  max: number;
  min: number;
  lineHeight: number;
  gap: number;
  measure: Measure;
}): { paragraphs: string[]; fontSize: number } {
  const { boxWidth, boxHeight, max, min, lineHeight, gap, measure } = options;
  const height = (paragraphs: string[], size: number) =>
    paragraphs.reduce(
      (sum, p) => sum + lineCount(p, boxWidth, size, measure) * lineHeight,
      gap * (paragraphs.length - 1),
    ) * size;
  for (let size = max; size >= min; size *= 0.92) {
    if (height(options.paragraphs, size) <= boxHeight)
      return { paragraphs: options.paragraphs, fontSize: Math.floor(size) };
  }
  for (let n = options.paragraphs.length; n >= 1; n--) {
    const kept = options.paragraphs.slice(0, n - 1);
    const room = boxHeight - (kept.length ? height(kept, min) + gap * min : 0);
    const last = fitText({
      text: options.paragraphs[n - 1],
      boxWidth,
      boxHeight: room,
      max: min,
      min,
      lineHeight,
      measure,
    });
    if (last.text) return { paragraphs: [...kept, last.text], fontSize: min };
  }
  return { paragraphs: [], fontSize: min };
}
