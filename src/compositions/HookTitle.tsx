import React from "react";
import {
  AbsoluteFill,
  interpolate,
  spring,
  useCurrentFrame,
  useVideoConfig,
} from "remotion";
import { fontStack, heavyWeight } from "./fonts";
import { safeTextWidth } from "./layout";
import type { Preset } from "./presets";
import type { Theme } from "./schema";
import { useFittedFontSize } from "./useFittedFontSize";

/** The clip's hook over its first seconds, at the top of the safe area; springs in, fades out. */
export const HookTitle: React.FC<{
  text: string;
  preset: Preset;
  theme: Theme;
}> = ({ text, preset, theme }) => {
  const frame = useCurrentFrame();
  const { fps, width, height, durationInFrames } = useVideoConfig();
  const scale = width / preset.width;
  const boxWidth = safeTextWidth(preset, width);
  const fontSize = useFittedFontSize(
    text,
    theme.fontFamily,
    boxWidth,
    height * 0.16,
    0.08 * preset.width * scale,
  );
  const enter = spring({ frame, fps, config: { damping: 14, mass: 0.6 } });
  const fade = interpolate(
    frame,
    [durationInFrames - fps * 0.3, durationInFrames],
    [1, 0],
    { extrapolateLeft: "clamp", extrapolateRight: "clamp" },
  );
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
          background: theme.accentColor,
          color: "#0b0b0b",
          fontFamily: fontStack(theme.fontFamily),
          fontWeight: heavyWeight(theme.fontFamily),
          fontSize,
          lineHeight: 1.15,
          textAlign: "center",
          padding: `${0.25 * fontSize}px ${0.45 * fontSize}px`,
          borderRadius: 0.25 * fontSize,
        }}
      >
        {text}
      </div>
    </AbsoluteFill>
  );
};
