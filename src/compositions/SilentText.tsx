import React from "react";
import { AbsoluteFill } from "remotion";
import { headlineText, textPlate } from "./fonts";
import { safeTextWidth } from "./layout";
import type { Preset } from "./presets";
import type { Theme } from "./schema";
import { useFittedFontSize } from "./useFittedFontSize";

/** With no narration, the whole section's text stays on screen, as large as fits, to be read. */
export const SilentText: React.FC<{
  text: string;
  preset: Preset;
  theme: Theme;
  width: number;
  height: number;
}> = ({ text, preset, theme, width, height }) => {
  const scale = width / preset.width;
  const boxWidth = safeTextWidth(preset, width);
  const boxHeight =
    height - (preset.safeArea.top + preset.safeArea.bottom + 280) * scale;
  const fontSize = useFittedFontSize(
    text,
    theme.fontFamily,
    boxWidth,
    boxHeight * 0.8,
    72 * scale,
  );
  return (
    <AbsoluteFill
      style={{
        justifyContent: "center",
        alignItems: "center",
        paddingTop: 200 * scale,
      }}
    >
      <div
        style={{
          maxWidth: boxWidth,
          ...headlineText(theme, fontSize, 1.2),
          ...textPlate(fontSize, "rgba(2,6,23,0.7)", { y: 0.4, x: 0.6 }, 0.3),
          textAlign: "center",
        }}
      >
        {text}
      </div>
    </AbsoluteFill>
  );
};
