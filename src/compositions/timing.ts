import type { Section, Theme, TransitionStyle } from "./schema";

export const msToFrames = (ms: number, fps: number) =>
  Math.round((ms / 1000) * fps);

export type SectionTiming = {
  section: Section;
  /** Frames the section's sequence lasts, overlaps included. */
  durationInFrames: number;
  /** Frames of the transition into the next section (0 for the last or `none`). */
  transitionOut: number;
  transitionStyle: TransitionStyle;
};

/**
 * Lays the sections out for a TransitionSeries so that each transition is centred on the boundary
 * the narration sets, and the series lasts exactly `totalFrames`: each sequence reaches half a
 * transition into its neighbours, and the series overlaps them by the whole transition.
 */
export function layoutSections(
  sections: Section[],
  theme: Theme,
  fps: number,
  totalFrames: number,
): SectionTiming[] {
  const bounds = sections.map(
    (s, i) => msToFrames(s.startMs, fps) * (i === 0 ? 0 : 1),
  );
  bounds.push(totalFrames);
  const lengths = sections.map((_, i) =>
    Math.max(1, bounds[i + 1] - bounds[i]),
  );
  const wanted = Math.round(msToFrames(theme.transitionMs, fps) / 2) * 2;
  const transitions = sections.map((_, i) => {
    if (i === sections.length - 1) return 0;
    const style = sections[i + 1].transition ?? theme.transition;
    if (style === "none") return 0;
    // Never longer than the shorter neighbour can give: half of it from each side.
    const room = Math.min(lengths[i], lengths[i + 1]);
    return Math.min(wanted, Math.floor(room / 2) * 2);
  });
  return sections.map((section, i) => ({
    section,
    durationInFrames:
      lengths[i] + (i > 0 ? transitions[i - 1] / 2 : 0) + transitions[i] / 2,
    transitionOut: transitions[i],
    transitionStyle:
      i + 1 < sections.length
        ? (sections[i + 1].transition ?? theme.transition)
        : "none",
  }));
}
