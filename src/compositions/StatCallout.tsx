import React from "react";
import { interpolate, spring, useCurrentFrame, useVideoConfig } from "remotion";
import { CardBackground } from "./CardBackground";
import { ContentArea, useContentBox } from "./ContentArea";
import { fontStack, heavyWeight } from "./fonts";
import type { Preset } from "./presets";
import type { Theme, Visual } from "./schema";
import { useFittedText } from "./useFittedFontSize";

type Stat = Extract<Visual, { type: "stat" }>;

const format = (value: number, decimals: number) =>
  value.toLocaleString("en-US", {
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
    useGrouping: Math.abs(value) >= 10_000,
  });

/** A number from the section counting up to its value, with what it measures underneath. */
export const StatCallout: React.FC<{
  stat: Stat;
  theme: Theme;
  preset: Preset;
}> = ({ stat, theme, preset }) => {
  const frame = useCurrentFrame();
  const { fps } = useVideoConfig();
  const box = useContentBox(preset);
  const progress = interpolate(frame, [fps * 0.2, fps * 1.6], [0, 1], {
    extrapolateLeft: "clamp",
    extrapolateRight: "clamp",
    easing: (t) => 1 - (1 - t) ** 3,
  });
  const shown = `${stat.prefix}${format(stat.value * progress, stat.decimals)}${stat.suffix}`;
  const final = `${stat.prefix}${format(stat.value, stat.decimals)}${stat.suffix}`;
  const number = useFittedText({
    text: final,
    family: theme.fontFamily,
    boxWidth: box.width * 0.9,
    boxHeight: box.height * 0.45,
    max: box.width * 0.3,
    min: box.width * 0.06,
    lineHeight: 1,
  });
  const label = useFittedText({
    text: stat.label,
    family: theme.fontFamily,
    weight: 700,
    boxWidth: box.width * 0.85,
    boxHeight: box.height * 0.9 - number.fontSize * 1.2,
    max: box.width * 0.06,
    min: box.width * 0.035,
    lineHeight: 1.2,
  });
  const pop = spring({ frame, fps, config: { damping: 12 } });
  const labelIn = spring({ frame: frame - fps * 0.8, fps });
  return (
    <CardBackground theme={theme} seed={1}>
      <ContentArea preset={preset}>
        <div
          data-box="text"
          style={{
            maxWidth: box.width * 0.9,
            textAlign: "center",
            fontFamily: fontStack(theme.fontFamily),
            color: theme.textColor,
          }}
        >
          <div
            style={{
              fontSize: number.fontSize,
              lineHeight: 1,
              fontWeight: heavyWeight(theme.fontFamily),
              color: theme.accentColor,
              transform: `scale(${0.6 + 0.4 * pop})`,
              fontVariantNumeric: "tabular-nums",
              overflowWrap: "anywhere",
            }}
          >
            {shown}
          </div>
          <div
            style={{
              marginTop: number.fontSize * 0.2,
              fontSize: label.fontSize,
              lineHeight: 1.2,
              fontWeight: 700,
              opacity: labelIn,
              transform: `translateY(${(1 - labelIn) * 30}px)`,
              overflowWrap: "anywhere",
            }}
          >
            {label.text}
          </div>
        </div>
      </ContentArea>
    </CardBackground>
  );
};
