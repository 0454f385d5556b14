import React from "react";
import { AbsoluteFill } from "remotion";
import { headlineText, textPlate } from "./fonts";
import { safeTextWidth } from "./layout";
import { POP, ramp, useMotion } from "./motion";
import type { Preset } from "./presets";
import type { Theme } from "./schema";
import { useFittedFontSize } from "./useFittedFontSize";

/** The clip's hook over its first seconds, at the top of the safe area; springs in, fades out. */
export const HookTitle: React.FC<{
  text: string;
  preset: Preset;
  theme: Theme;
}> = ({ text, preset, theme }) => {
  const { frame, fps, width, height, durationInFrames, springAt } = useMotion();
  const scale = width / preset.width;
  const boxWidth = safeTextWidth(preset, width);
  const fontSize = useFittedFontSize(
    text,
    theme.fontFamily,
    boxWidth,
    height * 0.16,
    0.08 * preset.width * scale,
  );
  const enter = springAt(0, POP);
  const fade = 1 - ramp(frame, durationInFrames - fps * 0.3, durationInFrames);
  return (
    <AbsoluteFill
      style={{
        alignItems: "center",
        paddingTop: preset.safeArea.top * scale + height * 0.04,
        opacity: fade,
      }}
    >
      <div
        style={{
          maxWidth: boxWidth,
          transform: `scale(${enter})`,
          ...headlineText(theme, fontSize, 1.15),
          ...textPlate(fontSize, theme.accentColor, { y: 0.25, x: 0.45 }, 0.25),
          color: "#0b0b0b",
          textAlign: "center",
        }}
      >
        {text}
      </div>
    </AbsoluteFill>
  );
};
