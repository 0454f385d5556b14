import React from "react";
import {
  AbsoluteFill,
  interpolate,
  spring,
  useCurrentFrame,
  useVideoConfig,
} from "remotion";
import { fontStack, heavyWeight } from "./fonts";
import type { Preset } from "./presets";
import type { Theme } from "./schema";
import { useFittedFontSize } from "./useFittedFontSize";

/** The section's short headline, sliding in at the top of the safe area for its first seconds. */
export const SectionHeadline: React.FC<{
  text: string;
  preset: Preset;
  theme: Theme;
  holdFrames: number;
}> = ({ text, preset, theme, holdFrames }) => {
  const frame = useCurrentFrame();
  const { fps, width } = useVideoConfig();
  const scale = width / preset.width;
  const enter = spring({ frame, fps, config: { damping: 200 } });
  const exit = interpolate(
    frame,
    [holdFrames - fps * 0.4, holdFrames],
    [1, 0],
    { extrapolateLeft: "clamp", extrapolateRight: "clamp" },
  );
  const boxWidth =
    width - (preset.safeArea.left + preset.safeArea.right + 60) * scale;
  const fontSize = useFittedFontSize(
    text,
    theme.fontFamily,
    boxWidth,
    260 * scale,
    (preset.captionLayout === "pages" ? 78 : 64) * scale,
  );
  if (frame > holdFrames) return null;
  return (
    <AbsoluteFill
      style={{
        paddingTop: preset.safeArea.top * scale + 40 * scale,
        paddingLeft: preset.safeArea.left * scale,
        paddingRight: preset.safeArea.right * scale,
        alignItems: preset.captionLayout === "pages" ? "center" : "flex-start",
        opacity: Math.min(enter, exit),
        transform: `translateY(${(1 - enter) * -40 * scale}px)`,
      }}
    >
      <div
        style={{
          maxWidth: boxWidth,
          fontFamily: fontStack(theme.fontFamily),
          fontWeight: heavyWeight(theme.fontFamily),
          fontSize,
          lineHeight: 1.1,
          color: theme.textColor,
          textAlign: preset.captionLayout === "pages" ? "center" : "left",
          padding: `${0.25 * fontSize}px ${0.45 * fontSize}px`,
          borderLeft: `${Math.max(4, 10 * scale)}px solid ${theme.accentColor}`,
          background:
            "linear-gradient(90deg, rgba(2,6,23,0.78), rgba(2,6,23,0.5))",
          borderRadius: 8 * scale,
          overflowWrap: "anywhere",
        }}
      >
        {text}
      </div>
    </AbsoluteFill>
  );
};
