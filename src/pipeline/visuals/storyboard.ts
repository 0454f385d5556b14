import type { Config } from "../../config";
import type { Storyboard } from "../content";
import type { VisualOverrides } from ".";

/** Where a faceless video's visuals come from: stock and generated scenes only. */
export const FACELESS_SOURCES: Config["VISUAL_SOURCES"] = [
  "stock",
  "generated",
];

/**
 * What each scene asks for as a visuals override: a `query` is a stock search, a `prompt` an AI
 * image, no visual a generated scene. A scene's `image` is one of the article's images instead, so
 * it loads under the article's source rules (inside the storyboard's folder only).
 */
export function storyboardOverrides(
  storyboard: Storyboard,
  faceless: boolean,
): VisualOverrides["sections"] {
  const sections: VisualOverrides["sections"] = {};
  storyboard.scenes.forEach((scene, i) => {
    const visual = scene.visual;
    // The section's cue is already the scene's query or prompt. A faceless video looks its
    // prompts and images up in stock, then generates.
    if (!visual) sections[String(i)] = { source: "generated" };
    else if ("query" in visual) sections[String(i)] = { source: "stock" };
    else if ("prompt" in visual && !faceless)
      sections[String(i)] = { source: "ai" };
  });
  return sections;
}
