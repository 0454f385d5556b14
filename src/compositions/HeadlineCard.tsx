import React from "react";
import { useContentBox } from "./ContentArea";
import { headlineText } from "./fonts";
import type { Box } from "./layout";
import { SceneCard, type SceneFrame } from "./SceneCard";
import { useFittedText } from "./useFittedFontSize";

/** How much of the content box the headline may take, as fractions of the box's width and height. */
export type HeadlineFit = {
  width: number;
  height: number;
  max: number;
  min: number;
  lineHeight: number;
};

/**
 * A scene whose text is the section's, set as large as fits in the headline face; `children`
 * draws the fitted text (its words animated, say), by default as it is.
 */
export const HeadlineCard: React.FC<
  SceneFrame & {
    text: string;
    fit: HeadlineFit;
    align?: "left" | "center";
    children?: (
      fitted: { text: string; fontSize: number },
      box: Box,
    ) => React.ReactNode;
  }
> = ({ text, fit, align = "center", children, ...frame }) => {
  const box = useContentBox(frame.preset);
  const fitted = useFittedText({
    text,
    family: frame.theme.fontFamily,
    boxWidth: box.width * fit.width,
    boxHeight: box.height * fit.height,
    max: box.width * fit.max,
    min: box.width * fit.min,
    lineHeight: fit.lineHeight,
  });
  return (
    <SceneCard
      {...frame}
      style={{
        ...headlineText(frame.theme, fitted.fontSize, fit.lineHeight),
        maxWidth: box.width * fit.width,
        textAlign: align,
        overflowWrap: "anywhere",
      }}
    >
      {children ? children(fitted, box) : fitted.text}
    </SceneCard>
  );
};
