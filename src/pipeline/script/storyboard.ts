import { spokenSeconds, wordsOf } from "../../core/narration";
import type { Article } from "../content/article";
import type { Storyboard } from "../content/storyboard";
import { terms } from "./extractive";
import type { Script, VideoType } from "./script";
import { buildSeo } from "./seo";

/**
 * A storyboard's script is the storyboard itself: each scene is a point narrated word for word,
 * with its transition and requested length kept as a scene marker. Nothing is chosen or cut.
 */
export function storyboardScript(
  storyboard: Storyboard,
  article: Article,
  type: VideoType,
): Script {
  const frequency = new Map<string, number>();
  for (const scene of storyboard.scenes)
    for (const t of terms(scene.text))
      frequency.set(t, (frequency.get(t) ?? 0) + 1);
  const points = storyboard.scenes.map((scene, i) => ({
    text: scene.text.replace(/\s+/g, " "),
    durationEstSec:
      Math.round(spokenSeconds(wordsOf(scene.text).length) * 10) / 10,
    visualCue:
      scene.visual && "prompt" in scene.visual
        ? scene.visual.prompt
        : scene.visual && "query" in scene.visual
          ? scene.visual.query
          : scene.text,
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
    title: storyboard.title,
    language: article.language,
    hook: points[0].text,
    intro: storyboard.title,
    points,
    cta: points.at(-1)!.text,
    chapters,
    totalEstimatedDurationSec: Math.max(0.1, Math.round(clock * 10) / 10),
    scenes: storyboard.scenes.map((scene) => ({
      transition: scene.transition,
      durationMs: scene.duration_ms,
    })),
    seo: {
      youtube: { title: "", description: "", tags: [] },
      instagram: { title: "", description: "", tags: [] },
      tiktok: { title: "", description: "", tags: [] },
    },
  };
  return { ...script, seo: buildSeo(article, script, [...frequency]) };
}
