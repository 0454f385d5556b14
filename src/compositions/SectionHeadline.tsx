import React from "react";
import { AbsoluteFill, useVideoConfig } from "remotion";
import { headlineText } from "./fonts";
import { useEnterExit } from "./useEnterExit";
import type { Preset } from "./presets";
import type { Theme } from "./schema";
import { contentBox } from "./layout";
import { useFittedText } from "./useFittedFontSize";

/** The section's short headline, sliding in at the top of the safe area for its first seconds. */
export const SectionHeadline: React.FC<{
  text: string;
  preset: Preset;
  theme: Theme;
  holdFrames: number;
}> = ({ text, preset, theme, holdFrames }) => {
  const { width } = useVideoConfig();
  const scale = width / preset.width;
  const { enter, opacity, visible } = useEnterExit(holdFrames);
  const box = contentBox(preset, width);
  const boxWidth = box.width - 60 * scale;
  const max = (preset.captionLayout === "pages" ? 78 : 64) * scale;
  // The padding around the text is part of the box that must stay clear of the captions.
  const fitted = useFittedText({
    text,
    family: theme.fontFamily,
    boxWidth: boxWidth - 0.9 * max,
    boxHeight: Math.min(260 * scale, box.height - 80 * scale) - 0.5 * max,
    max,
    min: max * 0.5,
    lineHeight: 1.1,
  });
  const { fontSize } = fitted;
  if (!visible) return null;
  return (
    <AbsoluteFill
      style={{
        paddingTop: preset.safeArea.top * scale + 40 * scale,
        paddingLeft: preset.safeArea.left * scale,
        paddingRight: preset.safeArea.right * scale,
        alignItems: preset.captionLayout === "pages" ? "center" : "flex-start",
        opacity,
        transform: `translateY(${(1 - enter) * -40 * scale}px)`,
      }}
    >
      <div
        data-box="text"
        style={{
          maxWidth: boxWidth - 0.9 * fontSize,
          ...headlineText(theme, fontSize, 1.1),
          textAlign: preset.captionLayout === "pages" ? "center" : "left",
          padding: `${0.25 * fontSize}px ${0.45 * fontSize}px`,
          borderLeft: `${Math.max(4, 10 * scale)}px solid ${theme.accentColor}`,
          background:
            "linear-gradient(90deg, rgba(2,6,23,0.78), rgba(2,6,23,0.5))",
          borderRadius: 8 * scale,
          overflowWrap: "anywhere",
        }}
      >
        {fitted.text}
      </div>
    </AbsoluteFill>
  );
};
