import type { Caption } from "@remotion/captions";
import React from "react";
import { Sequence } from "remotion";
import { Captions } from "./Captions";
import { CtaCard } from "./CtaCard";
import type { Preset } from "./presets";
import { ProgressBar } from "./ProgressBar";
import type { VideoProps } from "./schema";

/**
 * What lies over the pictures of a video or clip: captions (none when null) up to the end card,
 * the end card (when there is one) from `ctaFrom`, and the progress bar when the theme asks.
 */
export const EndLayers: React.FC<{
  captions: Caption[] | null;
  cta: VideoProps["cta"] | null;
  ctaFrom: number;
  preset: Preset;
  theme: VideoProps["theme"];
}> = ({ captions, cta, ctaFrom, preset, theme }) => (
  <>
    {captions ? (
      <Sequence durationInFrames={ctaFrom}>
        <Captions captions={captions} preset={preset} theme={theme} />
      </Sequence>
    ) : null}
    {cta ? (
      <Sequence from={ctaFrom}>
        <CtaCard cta={cta} theme={theme} />
      </Sequence>
    ) : null}
    {theme.showProgressBar ? <ProgressBar color={theme.accentColor} /> : null}
  </>
);
