import React from "react";
import { AbsoluteFill, Sequence, useVideoConfig } from "remotion";
import type { ClipProps } from "./clip-schema";
import { EndLayers } from "./EndLayers";
import { HookTitle } from "./HookTitle";
import { PRESETS, type PresetId } from "./presets";
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
      <EndLayers
        captions={props.captions}
        cta={props.cta}
        ctaFrom={ctaFrom}
        preset={preset}
        theme={props.theme}
      />
    </AbsoluteFill>
  );
};
