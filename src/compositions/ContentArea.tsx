import React from "react";
import { AbsoluteFill, useVideoConfig } from "remotion";
import { contentBox } from "./layout";
import type { Preset } from "./presets";

/** Places a scene's text in the safe area above the captions (see `contentBox`). */
export const ContentArea: React.FC<{
  preset: Preset;
  align?: "center" | "flex-start";
  children: React.ReactNode;
}> = ({ preset, align = "center", children }) => {
  const { width } = useVideoConfig();
  const box = contentBox(preset, width);
  return (
    <AbsoluteFill
      style={{
        ...box,
        justifyContent: "center",
        alignItems: align,
      }}
    >
      {children}
    </AbsoluteFill>
  );
};

/** The box of `ContentArea`, for fitting text into it. */
export const useContentBox = (preset: Preset) =>
  contentBox(preset, useVideoConfig().width);
