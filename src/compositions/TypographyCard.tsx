import React from "react";
import { HeadlineCard } from "./HeadlineCard";
import { useMotion } from "./motion";
import type { SceneProps } from "./SceneCard";
import type { TYPOGRAPHY_VARIANTS } from "./schema";

type Variant = (typeof TYPOGRAPHY_VARIANTS)[number];

/** Each look has its own backdrop too. */
const SEEDS: Record<Variant, number> = {
  rise: 0,
  split: 5,
  marker: 7,
};

/**
 * Motion typography for a section with nothing else to show. Three looks: words rising one by one
 * (`rise`), the first half sliding in from the left in the accent colour and the rest from the
 * right (`split`), or a highlighter sweeping behind the text (`marker`).
 */
export const TypographyCard: React.FC<SceneProps<"typography">> = ({
  visual: { text, variant },
  theme,
  preset,
}) => {
  const { fps, springAt, rampAt } = useMotion();
  return (
    <HeadlineCard
      text={text}
      theme={theme}
      preset={preset}
      seed={SEEDS[variant]}
      align={variant === "split" ? "left" : "center"}
      fit={{ width: 0.88, height: 0.85, max: 0.1, min: 0.04, lineHeight: 1.15 }}
    >
      {(fitted, box) => {
        if (variant === "marker") {
          const sweep = rampAt(0.3, 1.5) * 100;
          return (
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
          );
        }
        const words = fitted.text.split(" ");
        const half = Math.ceil(words.length / 2);
        const wordStyle = (i: number): React.CSSProperties => {
          if (variant === "rise") {
            // Every word is in within about a second, however many there are.
            const delay = i * Math.min(3, fps / words.length);
            const t = springAt(delay / fps, { damping: 14 });
            return {
              display: "inline-block",
              opacity: Math.min(1, t),
              transform: `translateY(${(1 - t) * fitted.fontSize * 0.8}px)`,
            };
          }
          const first = i < half;
          const t = springAt(first ? 0 : 8 / fps);
          return {
            display: "inline-block",
            color: first ? theme.accentColor : theme.textColor,
            opacity: t,
            transform: `translateX(${(1 - t) * (first ? -1 : 1) * box.width * 0.3}px)`,
          };
        };
        return words.map((word, i) => (
          <React.Fragment key={i}>
            <span style={wordStyle(i)}>{word}</span>{" "}
          </React.Fragment>
        ));
      }}
    </HeadlineCard>
  );
};
