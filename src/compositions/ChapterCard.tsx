import React from "react";
import { AbsoluteFill, useVideoConfig } from "remotion";
import { fontStack, heavyWeight } from "./fonts";
import { useEnterExit } from "./useEnterExit";
import type { Preset } from "./presets";
import type { Theme } from "./schema";

/** "Chapter N" and its title, top left in the long preset as a chapter starts. */
export const ChapterCard: React.FC<{
  number: number;
  title: string;
  preset: Preset;
  theme: Theme;
  durationInFrames: number;
}> = ({ number, title, preset, theme, durationInFrames }) => {
  const { width } = useVideoConfig();
  const scale = width / preset.width;
  const { enter, opacity } = useEnterExit(durationInFrames);
  return (
    <AbsoluteFill
      style={{
        justifyContent: "flex-start",
        alignItems: "flex-start",
        padding: `${preset.safeArea.top * scale + 30 * scale}px ${preset.safeArea.right * scale}px 0 ${preset.safeArea.left * scale}px`,
        opacity,
      }}
    >
      <div
        style={{
          transform: `translateX(${(1 - enter) * -80 * scale}px)`,
          fontFamily: fontStack(theme.fontFamily),
          color: theme.textColor,
          background: "rgba(2,6,23,0.8)",
          borderRadius: 12 * scale,
          padding: `${18 * scale}px ${30 * scale}px`,
          borderTop: `${6 * scale}px solid ${theme.accentColor}`,
          maxWidth: width * 0.45,
        }}
      >
        <div
          style={{
            fontSize: 26 * scale,
            fontWeight: 700,
            letterSpacing: 3 * scale,
            color: theme.accentColor,
            textTransform: "uppercase",
          }}
        >
          Chapter {number}
        </div>
        <div
          style={{
            fontSize: 44 * scale,
            fontWeight: heavyWeight(theme.fontFamily),
            lineHeight: 1.15,
          }}
        >
          {title}
        </div>
      </div>
    </AbsoluteFill>
  );
};
