import React from "react";
import { SETTLE } from "./motion";
import { SceneCard, useScene, type SceneProps } from "./SceneCard";
import { useFittedText } from "./useFittedFontSize";

const LINE_HEIGHT = 1.3;

/** A quotation from the article: a large quote mark, the words, and who said them. */
export const QuoteCard: React.FC<SceneProps<"quote">> = ({
  visual: quote,
  theme,
  preset,
}) => {
  const { box, springAt } = useScene(preset);
  const markSize = box.width * 0.16;
  const authorSize = box.width * 0.035;
  const fitted = useFittedText({
    text: quote.text,
    family: theme.fontFamily,
    weight: 400,
    boxWidth: box.width * 0.82,
    boxHeight: box.height * 0.9 - markSize * 0.7 - authorSize * 2.5,
    max: box.width * 0.075,
    min: box.width * 0.035,
    lineHeight: LINE_HEIGHT,
  });
  const enter = springAt(0, SETTLE);
  return (
    <SceneCard
      theme={theme}
      preset={preset}
      seed={2}
      style={{
        maxWidth: box.width * 0.82,
        borderLeft: `${Math.max(4, box.width * 0.012)}px solid ${theme.accentColor}`,
        paddingLeft: box.width * 0.04,
        opacity: enter,
        transform: `scale(${0.94 + 0.06 * enter})`,
      }}
    >
      <div
        style={{
          fontSize: markSize,
          lineHeight: 0.7,
          height: markSize * 0.7,
          color: theme.accentColor,
          fontWeight: 800,
        }}
      >
        “
      </div>
      <div
        style={{
          fontSize: fitted.fontSize,
          lineHeight: LINE_HEIGHT,
          fontStyle: "italic",
          fontWeight: 400,
          overflowWrap: "anywhere",
        }}
      >
        {fitted.text}
      </div>
      {quote.author ? (
        <div
          style={{
            marginTop: authorSize,
            fontSize: authorSize,
            lineHeight: 1.2,
            fontWeight: 700,
            color: theme.accentColor,
            opacity: springAt(0.6, SETTLE),
            whiteSpace: "nowrap",
            overflow: "hidden",
            textOverflow: "ellipsis",
          }}
        >
          — {quote.author}
        </div>
      ) : null}
    </SceneCard>
  );
};
