import React from "react";
import { CardBackground } from "./CardBackground";
import { ContentArea, useContentBox } from "./ContentArea";
import { fontStack, heavyWeight } from "./fonts";
import type { Preset } from "./presets";
import type { Theme } from "./schema";
import { useFittedText } from "./useFittedFontSize";

/** The fallback visual: the section's key text over a rich gradient, never a flat grey frame. */
export const TitleCard: React.FC<{
  text: string;
  background: string;
  theme: Theme;
  preset: Preset;
}> = ({ text, background, theme, preset }) => {
  const box = useContentBox(preset);
  const fitted = useFittedText({
    text,
    family: theme.fontFamily,
    boxWidth: box.width * 0.9,
    boxHeight: box.height * 0.9,
    max: box.width * 0.11,
    min: box.width * 0.04,
    lineHeight: 1.15,
  });
  return (
    <CardBackground theme={theme} background={background}>
      <ContentArea preset={preset}>
        <div
          data-box="text"
          style={{
            maxWidth: box.width * 0.9,
            fontFamily: fontStack(theme.fontFamily),
            fontWeight: heavyWeight(theme.fontFamily),
            fontSize: fitted.fontSize,
            lineHeight: 1.15,
            color: theme.textColor,
            textAlign: "center",
            overflowWrap: "anywhere",
          }}
        >
          {fitted.text}
        </div>
      </ContentArea>
    </CardBackground>
  );
};
