import { measureText } from "@remotion/layout-utils";
import React, { useMemo } from "react";
import { spring, useCurrentFrame, useVideoConfig } from "remotion";
import { CardBackground } from "./CardBackground";
import { ContentArea, useContentBox } from "./ContentArea";
import { fontStack, heavyWeight } from "./fonts";
import { fitParagraphs } from "./layout";
import type { Preset } from "./presets";
import type { Theme } from "./schema";

const LINE_HEIGHT = 1.2;

/** A list from the article, its items sliding in one after another. */
export const BulletList: React.FC<{
  title: string;
  items: string[];
  theme: Theme;
  preset: Preset;
}> = ({ title, items, theme, preset }) => {
  const frame = useCurrentFrame();
  const { fps } = useVideoConfig();
  const box = useContentBox(preset);
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
        measure: (text, fontSize) =>
          measureText({
            text,
            fontFamily: fontStack(theme.fontFamily),
            fontSize,
            fontWeight: String(heavyWeight(theme.fontFamily)),
            validateFontIsLoaded: false,
          }).width,
      }),
    [title, items, textWidth, box.height, box.width, theme.fontFamily],
  );
  const shownItems = title ? fitted.paragraphs.slice(1) : fitted.paragraphs;
  const { fontSize } = fitted;
  return (
    <CardBackground theme={theme} seed={3}>
      <ContentArea preset={preset}>
        <div
          data-box="text"
          style={{
            width: box.width * 0.9,
            fontFamily: fontStack(theme.fontFamily),
            fontWeight: heavyWeight(theme.fontFamily),
            fontSize,
            lineHeight: LINE_HEIGHT,
            color: theme.textColor,
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
            const t = spring({
              frame: frame - fps * (0.3 + i * 0.45),
              fps,
              config: { damping: 200 },
            });
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
        </div>
      </ContentArea>
    </CardBackground>
  );
};
