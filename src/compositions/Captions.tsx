import { createTikTokStyleCaptions, type Caption } from "@remotion/captions";
import React, { useMemo } from "react";
import { AbsoluteFill, useCurrentFrame, useVideoConfig } from "remotion";
import { headlineText } from "./fonts";
import { captionBox } from "./layout";
import type { Preset } from "./presets";
import type { Theme } from "./schema";
import { useFittedFontSize } from "./useFittedFontSize";

/** How long a page of captions may run (ms): short punchy pages vertically, longer lines in 16:9. */
const PAGE_MS = { pages: 1200, "lower-third": 2600 } as const;

/**
 * Word-by-word highlighted captions. Vertical presets show short TikTok-style pages in the middle
 * of the safe area; the long preset shows a lower-third line. The word being spoken is coloured.
 */
export const Captions: React.FC<{
  captions: Caption[];
  preset: Preset;
  theme: Theme;
}> = ({ captions, preset, theme }) => {
  const frame = useCurrentFrame();
  const { fps, width } = useVideoConfig();
  const layout = preset.captionLayout;
  const { pages } = useMemo(
    () =>
      createTikTokStyleCaptions({
        captions: captions.map((c, i) => ({
          ...c,
          text: i === 0 ? c.text : ` ${c.text}`,
        })),
        combineTokensWithinMilliseconds: PAGE_MS[layout],
      }),
    [captions, layout],
  );
  const nowMs = (frame / fps) * 1000;
  const page = pages.find(
    (p) => nowMs >= p.startMs && nowMs < p.startMs + p.durationMs,
  );
  const scale = width / preset.width;
  const box = captionBox(preset, width);
  const vertical = layout === "pages";
  // Square and portrait feed posts are shorter: their caption pages use a smaller type.
  const tall = preset.height > preset.width * 1.5;
  const maxSize =
    (vertical ? (tall ? 0.085 : 0.065) : 0.036) *
    preset.width *
    scale *
    theme.captionScale;
  const pad = vertical ? { x: 0.4, y: 0.2 } : { x: 0.6, y: 0.3 };
  const fontSize = useFittedFontSize(
    page?.text.trim() ?? "",
    theme.fontFamily,
    box.width - 2 * pad.x * maxSize,
    box.height - 2 * pad.y * maxSize,
    maxSize,
  );
  if (!page) return null;
  const style = theme.captionStyle;
  return (
    <AbsoluteFill
      style={{
        ...box,
        justifyContent: vertical ? "center" : "flex-end",
        alignItems: "center",
      }}
    >
      <div
        data-box="caption"
        style={{
          boxSizing: "border-box",
          maxWidth: box.width,
          textAlign: "center",
          ...headlineText(theme, fontSize, 1.18),
          padding: `${pad.y * fontSize}px ${pad.x * fontSize}px`,
          borderRadius: 0.3 * fontSize,
          backgroundColor: vertical ? "rgba(0,0,0,0.35)" : "rgba(2,6,23,0.72)",
          WebkitTextStroke: vertical
            ? `${Math.max(2, fontSize * 0.06)}px #000`
            : undefined,
          paintOrder: "stroke fill",
          overflowWrap: "anywhere",
        }}
      >
        {page.tokens.map((token) => {
          const active = nowMs >= token.fromMs && nowMs < token.toMs;
          const highlighted = style !== "plain" && active;
          return (
            <span
              key={token.fromMs}
              style={{
                color: highlighted ? theme.captionHighlightColor : undefined,
                display: "inline-block",
                whiteSpace: "pre",
                transform:
                  style === "pop" && active ? "scale(1.12)" : undefined,
              }}
            >
              {token.text}
            </span>
          );
        })}
      </div>
    </AbsoluteFill>
  );
};
