import { spokenSeconds, wordsOf } from "../../core/narration";
import type { Article } from "../content/article";
import type { Storyboard } from "../content/storyboard";
import { terms } from "./extractive";
import type { SceneMarker, Script, VideoType } from "./script";
import { buildSeo } from "./seo";

export type Beat = { text: string; visualCue: string; marker?: SceneMarker };

/**
 * The script of a video told in scenes (a storyboard, a story's beats): each beat is a point
 * narrated word for word, one section each, with its scene marker. Nothing is chosen or cut.
 */
export function scenesScript(
  article: Article,
  beats: Beat[],
  type: VideoType,
): Script {
  const frequency = new Map<string, number>();
  for (const beat of beats)
    for (const t of terms(beat.text))
      frequency.set(t, (frequency.get(t) ?? 0) + 1);
  const points = beats.map((beat, i) => ({
    text: beat.text.replace(/\s+/g, " ").trim(),
    durationEstSec:
      Math.round(spokenSeconds(wordsOf(beat.text).length) * 10) / 10,
    visualCue: beat.visualCue,
    textOverlay: "",
    sourceSection: i,
  }));
  let clock = 0;
  const chapters = points.map((point, i) => {
    const chapter = { timeSec: Math.round(clock), title: `Scene ${i + 1}` };
    clock += point.durationEstSec;
    return chapter;
  });
  const script: Script = {
    type,
    title: article.title,
    language: article.language,
    hook: points[0].text,
    intro: article.title,
    points,
    cta: points.at(-1)!.text,
    chapters,
    totalEstimatedDurationSec: Math.max(0.1, Math.round(clock * 10) / 10),
    scenes: beats.map((beat) => beat.marker ?? {}),
    seo: {
      youtube: { title: "", description: "", tags: [] },
      instagram: { title: "", description: "", tags: [] },
      tiktok: { title: "", description: "", tags: [] },
    },
  };
  return { ...script, seo: buildSeo(article, script, [...frequency]) };
}

/** A storyboard's script: its scenes as written, with their transitions and requested lengths. */
export const storyboardScript = (
  storyboard: Storyboard,
  article: Article,
  type: VideoType,
): Script =>
  scenesScript(
    article,
    storyboard.scenes.map((scene) => ({
      text: scene.text,
      visualCue:
        scene.visual && "prompt" in scene.visual
          ? scene.visual.prompt
          : scene.visual && "query" in scene.visual
            ? scene.visual.query
            : scene.text,
      marker: { transition: scene.transition, durationMs: scene.duration_ms },
    })),
    type,
  );
