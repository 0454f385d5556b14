import {
  linearTiming,
  type TransitionPresentation,
  type TransitionPresentationComponentProps,
} from "@remotion/transitions";
import { fade } from "@remotion/transitions/fade";
import { slide } from "@remotion/transitions/slide";
import { wipe } from "@remotion/transitions/wipe";
import React from "react";
import { AbsoluteFill } from "remotion";
import type { TransitionStyle } from "./schema";

type NoProps = Record<string, unknown>;

/** Both scenes fade: the old one out while the new one comes in. */
const Dissolve: React.FC<TransitionPresentationComponentProps<NoProps>> = ({
  children,
  presentationDirection,
  presentationProgress,
}) => (
  <AbsoluteFill
    style={{
      opacity:
        presentationDirection === "entering"
          ? presentationProgress
          : 1 - presentationProgress * 0.6,
    }}
  >
    {children}
  </AbsoluteFill>
);

/** The new scene grows out of the old one. */
const Zoom: React.FC<TransitionPresentationComponentProps<NoProps>> = ({
  children,
  presentationDirection,
  presentationProgress,
}) => {
  const entering = presentationDirection === "entering";
  const style = entering
    ? {
        opacity: presentationProgress,
        transform: `scale(${1.25 - 0.25 * presentationProgress})`,
      }
    : { transform: `scale(${1 + 0.15 * presentationProgress})` };
  return <AbsoluteFill style={style}>{children}</AbsoluteFill>;
};

const custom = (
  component: React.FC<TransitionPresentationComponentProps<NoProps>>,
): TransitionPresentation<NoProps> => ({
  component,
  props: {},
});

/** The presentation for a transition style (CSS only: shaders and blur cost render time). */
export function presentationFor(
  style: Exclude<TransitionStyle, "none">,
  vertical: boolean,
): TransitionPresentation<Record<string, unknown>> {
  switch (style) {
    case "fade":
      return fade() as TransitionPresentation<Record<string, unknown>>;
    case "slide":
      return slide({
        direction: vertical ? "from-bottom" : "from-right",
      }) as TransitionPresentation<Record<string, unknown>>;
    case "wipe":
      return wipe({
        direction: vertical ? "from-bottom" : "from-left",
      }) as TransitionPresentation<Record<string, unknown>>;
    case "dissolve":
      return custom(Dissolve);
    case "zoom":
      return custom(Zoom);
  }
}

export const timingFor = (frames: number) =>
  linearTiming({ durationInFrames: frames });
