import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { bundle } from "@remotion/bundler";
import {
  renderStill,
  selectComposition,
  type HeadlessBrowser,
} from "@remotion/renderer";
import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  compositionId,
  PRESET_IDS,
  PRESETS,
  type PresetId,
} from "../../src/compositions/presets";
import {
  GENERATED_CREDIT,
  videoPropsSchema,
  type VideoProps,
  type Visual,
} from "../../src/compositions/schema";
import { resolveBrowserExecutable } from "../../src/render-settings";
import { startBrowser } from "../../src/pipeline/render";

/** The worst cases: the longest text a section may carry, German compounds, emoji. */
const LONGEST = Array.from(
  { length: 40 },
  (_, i) =>
    `Sentence ${i + 1} of a very long section goes on about coffee houses, their history and the people in them.`,
).join(" ");
const GERMAN =
  "Donaudampfschifffahrtsgesellschaftskapitänsmützenabzeichen und Rindfleischetikettierungsüberwachungsaufgabenübertragungsgesetz im Kaffeehausbesitzerverband";
const EMOJI = "☕️🔥 Kaffee 🇦🇹 macht 😀😀😀 glücklich 🎉🎉 ".repeat(6);

const SECTION_MS = 2000;

type Case = { name: string; visual: Visual; overlay?: string };

function cases(image: Visual): Case[] {
  const g = GENERATED_CREDIT;
  return [
    {
      name: "typography, longest",
      visual: {
        type: "typography",
        text: LONGEST.slice(0, 2000),
        variant: "rise",
        credit: g,
      },
    },
    {
      name: "title card, German",
      visual: {
        type: "title-card",
        text: `${GERMAN} ${GERMAN}`,
        background: "#112233",
        credit: g,
      },
    },
    {
      name: "quote, emoji",
      visual: { type: "quote", text: EMOJI, author: GERMAN, credit: g },
    },
    {
      name: "list, longest",
      visual: {
        type: "list",
        title: GERMAN,
        items: Array.from(
          { length: 8 },
          (_, i) => `${i} ${LONGEST.slice(0, 280)}`,
        ),
        credit: g,
      },
    },
    {
      name: "stat, German label",
      visual: {
        type: "stat",
        prefix: "€",
        value: 123456789,
        decimals: 2,
        suffix: " Kaffeebohnenzählmaschinen",
        label: `${GERMAN} ${LONGEST}`.slice(0, 300),
        credit: g,
      },
    },
    {
      name: "code, wide and long",
      visual: {
        type: "code",
        language: "python",
        background: "#24292e",
        lines: Array.from({ length: 40 }, (_, i) => [
          { text: `line_${i} = "${"x".repeat(150)}"`, color: "#e1e4e8" },
        ]),
        credit: g,
      },
    },
    {
      name: "headline over an image, German",
      visual: image,
      overlay: `${GERMAN} ${EMOJI}`,
    },
  ];
}

/** Props whose every section is one worst case, with long-worded captions throughout. */
function worstProps(base: VideoProps, preset: PresetId): VideoProps {
  const image = base.sections.find((s) => s.visual.type === "image")!.visual;
  const list = cases(image);
  const durationMs = Math.max(
    PRESETS[preset].minDurationMs,
    (list.length + 1) * SECTION_MS,
  );
  const words = `${GERMAN} ${EMOJI}`.split(" ").filter(Boolean);
  const captions = Array.from({ length: durationMs / 250 }, (_, i) => ({
    text: words[i % words.length],
    startMs: i * 250,
    endMs: i * 250 + 240,
    timestampMs: i * 250 + 120,
    confidence: 1,
  }));
  const sections = [...list, { name: "cta", visual: image }].map(
    (c, i, all) => ({
      id: `s${i}`,
      kind: i === all.length - 1 ? ("cta" as const) : ("point" as const),
      text: LONGEST,
      overlay: c.overlay ?? "Short",
      startMs: i * SECTION_MS,
      endMs: i === all.length - 1 ? durationMs : (i + 1) * SECTION_MS,
      visual: c.visual,
      transition: "none" as const,
    }),
  );
  return videoPropsSchema.parse({
    ...base,
    preset,
    durationMs,
    sections,
    captions,
    chapters: PRESETS[preset].chapters
      ? [
          { title: "Intro", startMs: 0 },
          {
            title: `${GERMAN} ${LONGEST}`.slice(0, 900),
            startMs: SECTION_MS * 6,
          },
        ]
      : [],
    narration: null,
    music: null,
  });
}

type Box = {
  kind: string;
  text: string;
  overflows: boolean;
  left: number;
  top: number;
  right: number;
  bottom: number;
};
const intersects = (a: Box, b: Box) =>
  a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

let serveUrl: string;
let browser: HeadlessBrowser;
beforeAll(async () => {
  serveUrl = await bundle({
    entryPoint: path.resolve("test/compositions/probe/index.tsx"),
    publicDir: path.resolve("public"),
    outDir: await mkdtemp(path.join(tmpdir(), "rw-probe-")),
  });
  browser = await startBrowser();
}, 300_000);
afterAll(() => browser?.close({ silent: true }));

describe("text never runs under the captions", () => {
  it.each(PRESET_IDS)(
    "%s: cards, headlines and chapter titles stay clear of the caption box",
    async (preset) => {
      const base = videoPropsSchema.parse(
        JSON.parse(await readFile(`public/sample/${preset}.json`, "utf8")),
      );
      const props = worstProps(base, preset);
      const composition = await selectComposition({
        serveUrl,
        id: compositionId(preset),
        inputProps: props,
        puppeteerInstance: browser,
        browserExecutable: resolveBrowserExecutable(),
      });
      const spec = PRESETS[preset];
      const checked: string[] = [];
      for (const [i, c] of cases(props.sections[0].visual).entries()) {
        // Late enough that the entrances have settled, early enough for the headline to show.
        const frame = Math.round(((i * SECTION_MS + 1500) / 1000) * spec.fps);
        let boxes: Box[] | null = null;
        await renderStill({
          serveUrl,
          composition,
          inputProps: props,
          frame,
          output: path.join(tmpdir(), `rw-probe-${preset}-${i}.png`),
          puppeteerInstance: browser,
          browserExecutable: resolveBrowserExecutable(),
          onBrowserLog: (log) => {
            if (log.text.startsWith("LAYOUT "))
              boxes = JSON.parse(log.text.slice(7));
          },
        });
        expect(boxes, c.name).not.toBeNull();
        const all = boxes! as Box[];
        const caption = all.find((b) => b.kind === "caption");
        const texts = all.filter((b) => b.kind === "text");
        expect(caption, `${c.name}: captions drawn`).toBeDefined();
        expect(texts.length, `${c.name}: text drawn`).toBeGreaterThan(0);
        for (const text of texts) {
          expect(
            intersects(text, caption!),
            `${c.name}: "${text.text.slice(0, 40)}" overlaps the captions`,
          ).toBe(false);
          expect(
            text.top,
            `${c.name}: above the safe area`,
          ).toBeGreaterThanOrEqual(spec.safeArea.top - 1);
          expect(
            text.left,
            `${c.name}: left of the frame`,
          ).toBeGreaterThanOrEqual(0);
          expect(
            text.right,
            `${c.name}: right of the frame`,
          ).toBeLessThanOrEqual(spec.width);
          expect(
            text.text.trim().length,
            `${c.name}: text kept`,
          ).toBeGreaterThan(3);
        }
        expect(caption!.bottom).toBeLessThanOrEqual(
          spec.height - spec.safeArea.bottom + 1,
        );
        checked.push(c.name);
      }
      expect(checked).toHaveLength(7);
    },
    300_000,
  );
});
