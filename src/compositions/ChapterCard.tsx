import React from "react";
import { AbsoluteFill, useVideoConfig } from "remotion";
import { fontStack, heavyWeight } from "./fonts";
import { contentBox } from "./layout";
import { useEnterExit } from "./useEnterExit";
import { useFittedText } from "./useFittedFontSize";
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
  const box = contentBox(preset, width);
  const pad = { x: 30 * scale, y: 18 * scale };
  const label = 26 * scale * 1.2;
  const textWidth = width * 0.45 - 2 * pad.x;
  const fitted = useFittedText({
    text: title,
    family: theme.fontFamily,
    boxWidth: textWidth,
    boxHeight: box.height - 30 * scale - 2 * pad.y - 6 * scale - label,
    max: 44 * scale,
    min: 28 * scale,
    lineHeight: 1.15,
  });
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
        data-box="text"
        style={{
          transform: `translateX(${(1 - enter) * -80 * scale}px)`,
          fontFamily: fontStack(theme.fontFamily),
          color: theme.textColor,
          background: "rgba(2,6,23,0.8)",
          borderRadius: 12 * scale,
          padding: `${pad.y}px ${pad.x}px`,
          borderTop: `${6 * scale}px solid ${theme.accentColor}`,
          maxWidth: textWidth,
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
            fontSize: fitted.fontSize,
            fontWeight: heavyWeight(theme.fontFamily),
            lineHeight: 1.15,
            overflowWrap: "anywhere",
          }}
        >
          {fitted.text}
        </div>
      </div>
    </AbsoluteFill>
  );
};
