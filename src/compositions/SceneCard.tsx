import React from "react";
import { CardBackground } from "./CardBackground";
import { ContentArea, useContentBox } from "./ContentArea";
import { useMotion } from "./motion";
import { fontStack } from "./fonts";
import type { Preset } from "./presets";
import type { Theme, Visual } from "./schema";

/** What every generated scene is drawn with: its visual, the theme and the preset. */
export type SceneProps<T extends Visual["type"]> = {
  visual: Extract<Visual, { type: T }>;
  theme: Theme;
  preset: Preset;
};

/** The backdrop and place of a scene: see `CardBackground` for `seed` and `background`. */
export type SceneFrame = {
  theme: Theme;
  preset: Preset;
  seed?: number;
  background?: string;
};

/**
 * The frame of every generated scene: the drifting backdrop, and the scene's text box (marked for
 * the layout test) in the content area above the captions, in the theme's face and text colour.
 */
export const SceneCard: React.FC<
  SceneFrame & { style: React.CSSProperties; children: React.ReactNode }
> = ({ theme, preset, seed, background, style, children }) => (
  <CardBackground theme={theme} seed={seed} background={background}>
    <ContentArea preset={preset}>
      <div
        data-box="text"
        style={{
          fontFamily: fontStack(theme.fontFamily),
          color: theme.textColor,
          ...style,
        }}
      >
        {children}
      </div>
    </ContentArea>
  </CardBackground>
);

/** What a scene reads while it draws: the clock (see `useMotion`) and the content box. */
export const useScene = (preset: Preset) => ({
  ...useMotion(),
  box: useContentBox(preset),
});
