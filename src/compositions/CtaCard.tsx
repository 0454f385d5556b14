import React from "react";
import { AbsoluteFill } from "remotion";
import { fontStack, heavyWeight } from "./fonts";
import { POP, useMotion } from "./motion";
import type { VideoProps } from "./schema";
import { useFittedFontSize } from "./useFittedFontSize";

/** The end card: the call to action over a darkened last frame. */
export const CtaCard: React.FC<{
  cta: VideoProps["cta"];
  theme: VideoProps["theme"];
}> = ({ cta, theme }) => {
  const { width, height, springAt, rampAt } = useMotion();
  const enter = springAt(0, POP);
  const fade = rampAt(0, 0.4);
  const unit = Math.min(width, height) / 1080;
  const subSize = useFittedFontSize(
    cta.subtext,
    theme.fontFamily,
    width * 0.8,
    height * 0.2,
    54 * unit,
  );
  return (
    <AbsoluteFill
      style={{
        background: `radial-gradient(circle at 50% 45%, ${theme.accentColor}40 0%, rgba(2,6,23,0.88) 60%)`,
        opacity: fade,
        justifyContent: "center",
        alignItems: "center",
        gap: 40 * unit,
        fontFamily: fontStack(theme.fontFamily),
        color: theme.textColor,
      }}
    >
      <div
        style={{
          fontSize: subSize,
          fontWeight: 700,
          textAlign: "center",
          maxWidth: width * 0.8,
          opacity: 0.9,
        }}
      >
        {cta.subtext}
      </div>
      <div
        style={{
          transform: `scale(${enter})`,
          background: theme.accentColor,
          color: "#0b0b0b",
          fontWeight: heavyWeight(theme.fontFamily),
          fontSize: 76 * unit,
          padding: `${24 * unit}px ${56 * unit}px`,
          borderRadius: 999,
        }}
      >
        {cta.text}
      </div>
    </AbsoluteFill>
  );
};
