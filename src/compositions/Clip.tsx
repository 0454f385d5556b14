import React from "react";
import { AbsoluteFill, Sequence, useVideoConfig } from "remotion";
import { Captions } from "./Captions";
import type { ClipProps } from "./clip-schema";
import { CtaCard } from "./CtaCard";
import { HookTitle } from "./HookTitle";
import { PRESETS, type PresetId } from "./presets";
import { ProgressBar } from "./ProgressBar";
import { ReframedVideo } from "./ReframedVideo";
import { msToFrames } from "./timing";
import { useFontsReady } from "./useFontsReady";

/** The end card, when there is one, covers the clip's last seconds. */
const CTA_CARD_MS = 2500;

/** A short clip of a long video, top to bottom as it plays: the reframed span, hook, captions, end card. */
export const Clip: React.FC<ClipProps> = (props) => {
  const ready = useFontsReady();
  const { fps, durationInFrames } = useVideoConfig();
  const preset = PRESETS[props.preset as PresetId];
  if (!ready) return null;
  const ctaFrom = props.cta
    ? Math.max(0, durationInFrames - msToFrames(CTA_CARD_MS, fps))
    : durationInFrames;
  return (
    <AbsoluteFill style={{ backgroundColor: "#000" }}>
      <ReframedVideo source={props.source} shots={props.shots} />
      {props.hook ? (
        <Sequence durationInFrames={msToFrames(props.hook.durationMs, fps)}>
          <HookTitle
            text={props.hook.text}
            preset={preset}
            theme={props.theme}
          />
        </Sequence>
      ) : null}
      <Sequence durationInFrames={ctaFrom}>
        <Captions
          captions={props.captions}
          preset={preset}
          theme={props.theme}
        />
      </Sequence>
      {props.cta ? (
        <Sequence from={ctaFrom}>
          <CtaCard cta={props.cta} theme={props.theme} />
        </Sequence>
      ) : null}
      {props.theme.showProgressBar ? (
        <ProgressBar color={props.theme.accentColor} />
      ) : null}
    </AbsoluteFill>
  );
};
