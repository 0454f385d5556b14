import React, { useMemo } from "react";
import { headlineText, heavyWeight } from "./fonts";
import { fitParagraphs } from "./layout";
import { SETTLE } from "./motion";
import { SceneCard, useScene, type SceneProps } from "./SceneCard";
import { measurer } from "./useFittedFontSize";

const LINE_HEIGHT = 1.2;

/** A list from the article, its items sliding in one after another. */
export const BulletList: React.FC<SceneProps<"list">> = ({
  visual: { title, items },
  theme,
  preset,
}) => {
  const { box, springAt } = useScene(preset);
  const textWidth = box.width * 0.8;
  const fitted = useMemo(
    () =>
      fitParagraphs({
        paragraphs: title ? [title, ...items] : items,
        boxWidth: textWidth,
        boxHeight: box.height * 0.9,
        max: box.width * 0.065,
        min: box.width * 0.032,
        lineHeight: LINE_HEIGHT,
        gap: 0.6,
        measure: measurer(theme.fontFamily, heavyWeight(theme.fontFamily)),
      }),
    [title, items, textWidth, box.height, box.width, theme.fontFamily],
  );
  const shownItems = title ? fitted.paragraphs.slice(1) : fitted.paragraphs;
  const { fontSize } = fitted;
  return (
    <SceneCard
      theme={theme}
      preset={preset}
      seed={3}
      style={{
        ...headlineText(theme, fontSize, LINE_HEIGHT),
        width: box.width * 0.9,
      }}
    >
      {title ? (
        <div
          style={{
            color: theme.accentColor,
            marginBottom: fontSize * 0.6,
            maxWidth: textWidth,
            overflowWrap: "anywhere",
          }}
        >
          {fitted.paragraphs[0]}
        </div>
      ) : null}
      {shownItems.map((item, i) => {
        const t = springAt(0.3 + i * 0.45, SETTLE);
        return (
          <div
            key={i}
            style={{
              display: "flex",
              gap: box.width * 0.03,
              marginBottom: i < shownItems.length - 1 ? fontSize * 0.6 : 0,
              opacity: t,
              transform: `translateX(${(1 - t) * -box.width * 0.15}px)`,
            }}
          >
            <span
              style={{
                flex: "none",
                width: fontSize * 0.45,
                height: fontSize * 0.45,
                marginTop: fontSize * 0.38,
                borderRadius: "50%",
                background: theme.accentColor,
              }}
            />
            <span style={{ width: textWidth, overflowWrap: "anywhere" }}>
              {item}
            </span>
          </div>
        );
      })}
    </SceneCard>
  );
};
