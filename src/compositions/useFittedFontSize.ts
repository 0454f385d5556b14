import { measureText } from "@remotion/layout-utils";
import { useMemo } from "react";
import { fontStack, heavyWeight } from "./fonts";
import type { Theme } from "./schema";

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
  return useMemo(() => {
    const words = text.split(/\s+/).filter(Boolean);
    const measure = (t: string, fontSize: number) =>
      measureText({
        text: t,
        fontFamily: fontStack(family),
        fontSize,
        fontWeight: String(heavyWeight(family)),
        validateFontIsLoaded: false,
      }).width;
    const lineCount = (fontSize: number) => {
      const space = measure(" ", fontSize);
      let lines = 1;
      let current = 0;
      for (const word of words) {
        const w = measure(word, fontSize);
        if (current > 0 && current + space + w > boxWidth) {
          lines++;
          current = w;
        } else current += (current > 0 ? space : 0) + w;
      }
      return lines;
    };
    for (let size = max; size > 12; size *= 0.92) {
      const widest = Math.max(0, ...words.map((w) => measure(w, size)));
      if (widest <= boxWidth && lineCount(size) * size * 1.2 <= boxHeight)
        return Math.floor(size);
    }
    return 12;
  }, [text, family, boxWidth, boxHeight, max]);
}
