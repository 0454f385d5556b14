import { loadFont } from "@remotion/fonts";
import { staticFile } from "remotion";
import type { Theme } from "./schema";

/** Unicode ranges of the two bundled subsets (from @fontsource's unicode.json). */
const SUBSETS = {
  latin:
    "U+0000-00FF,U+0131,U+0152-0153,U+02BB-02BC,U+02C6,U+02DA,U+02DC,U+0304,U+0308,U+0329,U+2000-206F,U+20AC,U+2122,U+2191,U+2193,U+2212,U+2215,U+FEFF,U+FFFD",
  "latin-ext":
    "U+0100-02BA,U+02BD-02C5,U+02C7-02CC,U+02CE-02D7,U+02DD-02FF,U+0304,U+0308,U+0329,U+1D00-1DBF,U+1E00-1E9F,U+1EF2-1EFF,U+2020,U+20A0-20AB,U+20AD-20C0,U+2113,U+2C60-2C7F,U+A720-A7FF",
};

const FILES: Record<
  Theme["fontFamily"],
  { prefix: string; weights: string[] }
> = {
  Inter: { prefix: "inter", weights: ["400", "700", "800"] },
  Montserrat: { prefix: "montserrat", weights: ["700", "800"] },
  Merriweather: { prefix: "merriweather", weights: ["700", "900"] },
};

/** Every bundled face, loaded from the public folder: renders never reach for the network. */
export const fontsLoaded = Promise.all(
  Object.entries(FILES).flatMap(([family, { prefix, weights }]) =>
    weights.flatMap((weight) =>
      Object.entries(SUBSETS).map(([subset, unicodeRange]) =>
        loadFont({
          family,
          weight,
          unicodeRange,
          url: staticFile(`fonts/${prefix}-${subset}-${weight}-normal.woff2`),
        }),
      ),
    ),
  ),
);

/** The family stack: emoji and scripts the bundled fonts lack fall back to the system's. */
export const fontStack = (family: Theme["fontFamily"]) =>
  `"${family}", "Noto Color Emoji", "Noto Sans CJK JP", sans-serif`;

/** The heaviest bundled weight of a family, for headlines and captions. */
export const heavyWeight = (family: Theme["fontFamily"]) =>
  Number(FILES[family].weights.at(-1));

/** Headline text: the theme's face at its heaviest bundled weight, in the text colour. */
export const headlineText = (
  theme: Pick<Theme, "fontFamily" | "textColor">,
  fontSize: number,
  lineHeight: number,
) => ({
  fontFamily: fontStack(theme.fontFamily),
  fontWeight: heavyWeight(theme.fontFamily),
  fontSize,
  lineHeight,
  color: theme.textColor,
});

/** A plate behind a headline: its colour, and padding and corners in ems of the text. */
export const textPlate = (
  fontSize: number,
  background: string,
  pad: { y: number; x: number },
  radius: number,
) => ({
  background,
  padding: `${pad.y * fontSize}px ${pad.x * fontSize}px`,
  borderRadius: radius * fontSize,
});
