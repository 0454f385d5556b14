import { measureText } from "@remotion/layout-utils";
import { useMemo } from "react";
import { fontStack, heavyWeight } from "./fonts";
import { fitText, type Measure } from "./layout";
import type { Theme } from "./schema";

export const measurer =
  (family: Theme["fontFamily"], weight: number): Measure =>
  (text, fontSize) =>
    measureText({
      text,
      fontFamily: fontStack(family),
      fontSize,
      fontWeight: String(weight),
      validateFontIsLoaded: false,
    }).width;

/**
 * `text` fitted into the box with the real font, measured in the browser: the largest size up to
 * `max`, and below `min` the text is cut at a sentence (see `fitText`).
 */
export function useFittedText(options: {
  text: string;
  family: Theme["fontFamily"];
  boxWidth: number;
  boxHeight: number;
  max: number;
  min: number;
  lineHeight: number;
  weight?: number;
}) {
  const { text, family, boxWidth, boxHeight, max, min, lineHeight } = options;
  const weight = options.weight ?? heavyWeight(family);
  return useMemo(
    () =>
      fitText({
        text,
        boxWidth,
        boxHeight,
        max,
        min: Math.min(min, max),
        lineHeight,
        measure: measurer(family, weight),
      }),
    [text, family, weight, boxWidth, boxHeight, max, min, lineHeight],
  );
}

/**
 * The largest font size (up to `max`) at which `text` wraps inside the box: every word fits the
 * width, and the wrapped lines fit the height. Measured in the browser with the real font.
 */
export function useFittedFontSize(
  text: string,
  family: Theme["fontFamily"],
  boxWidth: number,
  boxHeight: number,
  max: number,
) {
  return useFittedText({
    text,
    family,
    boxWidth,
    boxHeight,
    max,
    min: 12,
    lineHeight: 1.2,
  }).fontSize;
}
