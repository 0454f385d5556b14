import type { SectionKind, Visual } from "../../compositions/schema";
import type { ContentBlock } from "../content/article";

export const VISUAL_SOURCES = ["article", "stock", "ai", "generated"] as const;
export type VisualSource = (typeof VISUAL_SOURCES)[number];

/** What a provider knows of one narrated section. */
export type SectionRequest = {
  /** In speaking order: 0 is the hook. */
  index: number;
  kind: SectionKind;
  /** What the narrator says. */
  text: string;
  overlay?: string;
  /** What the picture should show: the script's visual cue, else the section's text. */
  cue: string;
  keywords: string[];
  /** The code blocks, lists and quotes of the article section the point came from. */
  blocks: ContentBlock[];
  orientation: "landscape" | "portrait";
};

/** A visual a provider offers for a section, with its relevance (0..1). */
export type Candidate = { visual: Visual; score: number };

/** One source of visuals; a provider that fails is skipped with a warning. */
export interface VisualProvider {
  /** Named in warnings and in the candidates list. */
  name: string;
  source: Exclude<VisualSource, "article">;
  candidates(section: SectionRequest): Promise<Candidate[]>;
}
