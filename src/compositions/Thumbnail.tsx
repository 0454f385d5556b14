import React from "react";
import { AbsoluteFill, Img, useVideoConfig } from "remotion";
import { headlineText } from "./fonts";
import { resolveSrc } from "./resolveSrc";
import type { VideoProps } from "./schema";
import { useFittedFontSize } from "./useFittedFontSize";
import { useFontsReady } from "./useFontsReady";

/** The thumbnail: the title, big and bold, over the hero image. */
export const Thumbnail: React.FC<VideoProps> = ({
  title,
  heroImage,
  theme,
}) => {
  const ready = useFontsReady();
  const { width, height } = useVideoConfig();
  const landscape = width > height;
  const boxWidth = width * (landscape ? 0.62 : 0.84);
  const fontSize = useFittedFontSize(
    title,
    theme.fontFamily,
    boxWidth,
    height * (landscape ? 0.55 : 0.3),
    landscape ? height * 0.16 : width * 0.12,
  );
  if (!ready) return null;
  return (
    <AbsoluteFill
      style={{
        background: `linear-gradient(150deg, ${theme.backgroundColor}, #020617)`,
      }}
    >
      {heroImage ? (
        <Img
          src={resolveSrc(heroImage)}
          style={{ width: "100%", height: "100%", objectFit: "cover" }}
        />
      ) : null}
      <AbsoluteFill
        style={{
          background: landscape
            ? "linear-gradient(90deg, rgba(2,6,23,0.92) 0%, rgba(2,6,23,0.6) 55%, rgba(2,6,23,0) 85%)"
            : "linear-gradient(180deg, rgba(2,6,23,0) 35%, rgba(2,6,23,0.9) 75%)",
        }}
      />
      <AbsoluteFill
        style={{
          justifyContent: landscape ? "center" : "flex-end",
          alignItems: landscape ? "flex-start" : "center",
          padding: landscape
            ? `0 ${width * 0.05}px`
            : `0 ${width * 0.08}px ${height * 0.2}px`,
        }}
      >
        <div
          style={{
            width: width * 0.12,
            height: Math.max(8, height * 0.012),
            background: theme.accentColor,
            marginBottom: fontSize * 0.4,
          }}
        />
        <div
          style={{
            maxWidth: boxWidth,
            ...headlineText(theme, fontSize, 1.08),
            textAlign: landscape ? "left" : "center",
            overflowWrap: "anywhere",
          }}
        >
          {title}
        </div>
      </AbsoluteFill>
    </AbsoluteFill>
  );
};
