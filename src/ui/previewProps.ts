import { PRESETS, type PresetId } from "@/src/compositions/presets";
import {
  DEFAULT_THEME,
  GENERATED_CREDIT,
  type VideoProps,
  type Visual,
} from "@/src/compositions/schema";
import { scriptSections, type Script } from "@/src/pipeline/script/script";
import { END_HOLD_SEC, estimateScript } from "./estimate";
import type { Asset } from "./types";

const CTA_HEADLINE = {
  youtube: "Subscribe for more",
  instagram: "Follow for more",
  tiktok: "Follow for more",
} as const;

export const assetUrl = (asset: Asset) =>
  `/api/v1/video/assets/${asset.project_id}/files/${asset.id}`;

/** The image of each section (0 is the hook), by section index. */
export const sectionImages = (assets: Asset[]) =>
  new Map(
    assets
      .filter((a) => a.asset_type === "image" && a.section_index !== null)
      .map((a) => [a.section_index!, a]),
  );

/**
 * Props for a live preview before any render: the script's sections timed at the estimated pace,
 * each with its chosen image (or a title card), the text on screen in place of the narration not
 * yet recorded. The compositions are the renderer's own.
 */
export function previewProps(options: {
  preset: PresetId;
  script: Script;
  assets: Asset[];
  speed: number;
  origin: string;
}): VideoProps {
  const { preset, script, assets, speed, origin } = options;
  const spec = PRESETS[preset];
  const { parts } = estimateScript(script, speed);
  const seconds = [parts.hook, parts.intro, ...parts.points, parts.cta].map(
    (s) => Math.max(1.5, s),
  );
  const spoken = scriptSections(script);
  const images = sectionImages(assets);
  const durationMs = Math.round(
    (seconds.reduce((a, b) => a + b, 0) + END_HOLD_SEC) * 1000,
  );
  let clock = 0;
  const sections = seconds.map((sec, i) => {
    const startMs = Math.round(clock * 1000);
    clock += sec;
    const last = i === seconds.length - 1;
    const image = images.get(i);
    const visual: Visual = image
      ? {
          type: "image",
          src: `${origin}${assetUrl(image)}`,
          alt: image.alt,
          width: image.width ?? 1600,
          height: image.height ?? 900,
          focus: image.focus ?? { x: 0.5, y: 0.5 },
          motion: i % 2 ? "out" : "in",
          credit: { source: "article", author: "", url: "" },
        }
      : {
          type: "title-card",
          text: spoken[i].overlay ?? (i === 0 ? script.title : ""),
          background: DEFAULT_THEME.backgroundColor,
          credit: GENERATED_CREDIT,
        };
    return {
      id: `${spoken[i].kind}-${i}`,
      kind: spoken[i].kind,
      text: spoken[i].text,
      overlay: spoken[i].overlay,
      startMs,
      endMs: last ? durationMs : Math.round(clock * 1000),
      visual,
    };
  });
  const hero = sections.find((s) => s.visual.type === "image")?.visual;
  return {
    preset,
    title: script.title,
    durationMs,
    sections,
    captions: [],
    chapters: spec.chapters
      ? [
          { title: "Intro", startMs: 0 },
          ...script.points.map((p, i) => ({
            title: p.textOverlay || `Part ${i + 1}`,
            startMs: sections[i + 2].startMs,
          })),
        ]
      : [],
    narration: null,
    music: null,
    // No narration yet: the compositions carry the words on screen instead.
    silent: true,
    cta: { text: CTA_HEADLINE[spec.platform], subtext: script.title },
    heroImage: hero?.type === "image" ? hero.src : null,
    theme: DEFAULT_THEME,
  };
}
