import type { PresetId } from "@/src/compositions/presets";
import {
  DEFAULT_THEME,
  themeSchema,
  type Theme,
  GENERATED_CREDIT,
  type VideoProps,
} from "@/src/compositions/schema";
import { buildVideoProps } from "@/src/pipeline/compose";
import { scriptSections, type Script } from "@/src/pipeline/script/script";
import type { PlannedSection } from "@/src/pipeline/visuals";
import { paths } from "./api";
import { estimateScript } from "./estimate";
import type { Asset } from "./types";

/** A section shown for less than this in the preview could not be read. */
const MIN_SECTION_SEC = 1.5;

/** The narration speed a project's settings ask for (1 when unset). */
export const settingsSpeed = (settings: Record<string, unknown> | undefined) =>
  typeof settings?.speed === "number" ? settings.speed : 1;

/** The theme a project's settings ask for, read as the render reads it (src/services/projects/settings.ts). */
export const settingsTheme = (
  settings: Record<string, unknown> | undefined,
): Partial<Theme> | undefined => {
  const theme = themeSchema.partial().safeParse(settings?.theme);
  return theme.success ? theme.data : undefined;
};

export const assetUrl = (asset: Asset) =>
  paths.assetFile(asset.project_id, asset.id);

/** The image of each section (0 is the hook), by section index. */
export const sectionImages = (assets: Asset[]) =>
  new Map(
    assets
      .filter((a) => a.asset_type === "image" && a.section_index !== null)
      .map((a) => [a.section_index!, a]),
  );

/**
 * Props for a live preview before any render, built by the render's own `buildVideoProps`: the
 * script's sections timed at the estimated pace as a silent narration (the compositions then
 * show the words on screen), each with its chosen image or a title card. What the preview cannot
 * share with the render is the visual plan (the render's `visualsStage` reads and scales the
 * article's images with sharp on the server): sections without a chosen image show a title card
 * here.
 */
export function previewProps(options: {
  preset: PresetId;
  script: Script;
  assets: Asset[];
  speed: number;
  theme?: Partial<Theme>;
  origin: string;
}): VideoProps {
  const { preset, script, assets, speed, theme, origin } = options;
  const { parts } = estimateScript(script, speed);
  const seconds = [parts.hook, parts.intro, ...parts.points, parts.cta].map(
    (s) => Math.max(MIN_SECTION_SEC, s),
  );
  let clockMs = 0;
  const segments = seconds.map((sec) => {
    const startMs = clockMs;
    clockMs += Math.round(sec * 1000);
    return { startMs, endMs: clockMs };
  });
  const spoken = scriptSections(script);
  const images = sectionImages(assets);
  const sections: PlannedSection[] = spoken.map((section, i) => {
    const image = images.get(i);
    return {
      overlay: section.overlay,
      // The preview offers no alternatives: the candidates come from the render's visual plan.
      candidates: [],
      visual: image
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
            text: section.overlay ?? (i === 0 ? script.title : ""),
            background: theme?.backgroundColor ?? DEFAULT_THEME.backgroundColor,
            credit: GENERATED_CREDIT,
          },
    };
  });
  return buildVideoProps({
    preset,
    script,
    voiceover: {
      provider: "estimate",
      voice: "",
      speed,
      audioFile: "",
      durationMs: clockMs,
      words: [],
      segments,
      silent: true,
      language: script.language,
      warnings: [],
    },
    sections,
    narrationSrc: null,
    music: null,
    theme,
  });
}
