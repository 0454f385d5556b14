import React from "react";
import {
  AbsoluteFill,
  interpolate,
  useCurrentFrame,
  useVideoConfig,
} from "remotion";
import { fontStack, heavyWeight } from "./fonts";
import type { Theme } from "./schema";
import { useFittedFontSize } from "./useFittedFontSize";

/** The fallback visual: the section's key text over a rich gradient, never a flat grey frame. */
export const TitleCard: React.FC<{
  text: string;
  background: string;
  theme: Theme;
}> = ({ text, background, theme }) => {
  const frame = useCurrentFrame();
  const { width, height, fps } = useVideoConfig();
  const boxWidth = width * 0.8;
  const fontSize = useFittedFontSize(
    text,
    theme.fontFamily,
    boxWidth,
    height * 0.45,
    width * 0.09,
  );
  const drift = interpolate(frame, [0, fps * 10], [0, 40], {
    extrapolateRight: "extend",
  });
  return (
    <AbsoluteFill
      style={{
        background: `radial-gradient(circle at ${30 + (drift % 40)}% 25%, ${theme.accentColor}55 0%, transparent 45%),
          radial-gradient(circle at 80% 85%, ${theme.captionHighlightColor}33 0%, transparent 40%),
          linear-gradient(160deg, ${background} 0%, #020617 100%)`,
        justifyContent: "center",
        alignItems: "center",
      }}
    >
      <div
        style={{
          width: boxWidth,
          fontFamily: fontStack(theme.fontFamily),
          fontWeight: heavyWeight(theme.fontFamily),
          fontSize,
          lineHeight: 1.15,
          color: theme.textColor,
          textAlign: "center",
          overflowWrap: "anywhere",
        }}
      >
        {text}
      </div>
    </AbsoluteFill>
  );
};
