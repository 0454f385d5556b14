import React from "react";
import { heavyWeight } from "./fonts";
import { SceneCard, useScene, type SceneProps } from "./SceneCard";
import { useFittedText } from "./useFittedFontSize";

const format = (value: number, decimals: number) =>
  value.toLocaleString("en-US", {
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
    useGrouping: Math.abs(value) >= 10_000,
  });

/** A number from the section counting up to its value, with what it measures underneath. */
export const StatCallout: React.FC<SceneProps<"stat">> = ({
  visual: stat,
  theme,
  preset,
}) => {
  const { box, springAt, rampAt } = useScene(preset);
  const progress = rampAt(0.2, 1.6, (t) => 1 - (1 - t) ** 3);
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
  const pop = springAt(0, { damping: 12 });
  const labelIn = springAt(0.8);
  return (
    <SceneCard
      theme={theme}
      preset={preset}
      seed={1}
      style={{ maxWidth: box.width * 0.9, textAlign: "center" }}
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
    </SceneCard>
  );
};
