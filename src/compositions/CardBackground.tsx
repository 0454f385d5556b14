import React from "react";
import {
  AbsoluteFill,
  interpolate,
  useCurrentFrame,
  useVideoConfig,
} from "remotion";
import type { Theme } from "./schema";

/** The drifting gradient behind every generated scene: the theme's colours, never a flat frame. */
export const CardBackground: React.FC<{
  theme: Theme;
  background?: string;
  /** Where the accent glow starts, so cards in a row do not share one backdrop. */
  seed?: number;
  children?: React.ReactNode;
}> = ({ theme, background, seed = 0, children }) => {
  const frame = useCurrentFrame();
  const { fps } = useVideoConfig();
  const drift = interpolate(frame, [0, fps * 10], [0, 40], {
    extrapolateRight: "extend",
  });
  const x = (20 + seed * 23 + drift) % 80;
  return (
    <AbsoluteFill
      style={{
        background: `radial-gradient(circle at ${10 + x}% ${25 + (seed % 3) * 10}%, ${theme.accentColor}55 0%, transparent 45%),
          radial-gradient(circle at ${90 - x / 2}% 85%, ${theme.captionHighlightColor}33 0%, transparent 40%),
          linear-gradient(160deg, ${background ?? theme.backgroundColor} 0%, #020617 100%)`,
      }}
    >
      {children}
    </AbsoluteFill>
  );
};
