import React from "react";
import { interpolate, spring, useCurrentFrame, useVideoConfig } from "remotion";
import { CardBackground } from "./CardBackground";
import { ContentArea, useContentBox } from "./ContentArea";
import { fontStack, heavyWeight } from "./fonts";
import type { Preset } from "./presets";
import type { Theme, TYPOGRAPHY_VARIANTS } from "./schema";

type Variant = (typeof TYPOGRAPHY_VARIANTS)[number];

/** Each look has its own backdrop too. */
export const TYPOGRAPHY_SEEDS: Record<Variant, number> = {
  rise: 0,
  split: 5,
  marker: 7,
};
import { useFittedText } from "./useFittedFontSize";

const LINE_HEIGHT = 1.15;

/**
 * Motion typography for a section with nothing else to show. Three looks: words rising one by one
 * (`rise`), the first half sliding in from the left in the accent colour and the rest from the
 * right (`split`), or a highlighter sweeping behind the text (`marker`).
 */
export const TypographyCard: React.FC<{
  text: string;
  variant: Variant;
  theme: Theme;
  preset: Preset;
  seed: number;
}> = ({ text, variant, theme, preset, seed }) => {
  const frame = useCurrentFrame();
  const { fps } = useVideoConfig();
  const box = useContentBox(preset);
  const fitted = useFittedText({
    text,
    family: theme.fontFamily,
    boxWidth: box.width * 0.88,
    boxHeight: box.height * 0.85,
    max: box.width * 0.1,
    min: box.width * 0.04,
    lineHeight: LINE_HEIGHT,
  });
  const words = fitted.text.split(" ");
  const half = Math.ceil(words.length / 2);
  const wordStyle = (i: number): React.CSSProperties => {
    if (variant === "rise") {
      // Every word is in within about a second, however many there are.
      const delay = i * Math.min(3, fps / words.length);
      const t = spring({ frame: frame - delay, fps, config: { damping: 14 } });
      return {
        display: "inline-block",
        opacity: Math.min(1, t),
        transform: `translateY(${(1 - t) * fitted.fontSize * 0.8}px)`,
      };
    }
    if (variant === "split") {
      const first = i < half;
      const t = spring({ frame: frame - (first ? 0 : 8), fps });
      return {
        display: "inline-block",
        color: first ? theme.accentColor : theme.textColor,
        opacity: t,
        transform: `translateX(${(1 - t) * (first ? -1 : 1) * box.width * 0.3}px)`,
      };
    }
    return { display: "inline" };
  };
  const sweep = interpolate(frame, [fps * 0.3, fps * 1.5], [0, 100], {
    extrapolateLeft: "clamp",
    extrapolateRight: "clamp",
  });
  return (
    <CardBackground theme={theme} seed={seed}>
      <ContentArea preset={preset}>
        <div
          data-box="text"
          style={{
            maxWidth: box.width * 0.88,
            fontFamily: fontStack(theme.fontFamily),
            fontWeight: heavyWeight(theme.fontFamily),
            fontSize: fitted.fontSize,
            lineHeight: LINE_HEIGHT,
            color: theme.textColor,
            textAlign: variant === "split" ? "left" : "center",
            overflowWrap: "anywhere",
          }}
        >
          {variant === "marker" ? (
            <span
              style={{
                backgroundImage: `linear-gradient(${theme.accentColor}aa, ${theme.accentColor}aa)`,
                backgroundRepeat: "no-repeat",
                backgroundSize: `${sweep}% 40%`,
                backgroundPosition: "0 85%",
                boxDecorationBreak: "clone",
                WebkitBoxDecorationBreak: "clone",
              }}
            >
              {fitted.text}
            </span>
          ) : (
            words.map((word, i) => (
              <React.Fragment key={i}>
                <span style={wordStyle(i)}>{word}</span>{" "}
              </React.Fragment>
            ))
          )}
        </div>
      </ContentArea>
    </CardBackground>
  );
};
