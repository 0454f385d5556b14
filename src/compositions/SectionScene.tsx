import React from "react";
import { AbsoluteFill } from "remotion";
import { KenBurnsImage } from "./KenBurnsImage";
import type { Preset } from "./presets";
import type { Section, Theme } from "./schema";
import { SectionHeadline } from "./SectionHeadline";
import { SilentText } from "./SilentText";
import { CardBackground } from "./CardBackground";
import { GeneratedScene } from "./GeneratedScene";
import { VideoClip } from "./VideoClip";

/** One section: its visual, scrims so text stays readable, and its headline or (silent) its text. */
export const SectionScene: React.FC<{
  section: Section;
  headline: string | undefined;
  preset: Preset;
  theme: Theme;
  silent: boolean;
  width: number;
  height: number;
  fps: number;
}> = ({ section, headline, preset, theme, silent, width, height, fps }) => {
  const { visual } = section;
  return (
    <AbsoluteFill style={{ backgroundColor: theme.backgroundColor }}>
      {visual.type === "image" || visual.type === "video" ? (
        <>
          {visual.type === "image" ? (
            <KenBurnsImage visual={visual} strength={theme.kenBurnsStrength} />
          ) : (
            <VideoClip clip={visual} />
          )}
          <AbsoluteFill
            style={{
              background:
                "linear-gradient(180deg, rgba(2,6,23,0.55) 0%, rgba(2,6,23,0) 28%, rgba(2,6,23,0) 55%, rgba(2,6,23,0.7) 100%)",
            }}
          />
        </>
      ) : silent || section.kind === "cta" ? (
        <CardBackground theme={theme} />
      ) : (
        <GeneratedScene visual={visual} theme={theme} preset={preset} />
      )}
      {silent ? (
        <SilentText
          text={section.text}
          preset={preset}
          theme={theme}
          width={width}
          height={height}
        />
      ) : headline && (visual.type === "image" || visual.type === "video") ? (
        <SectionHeadline
          text={headline}
          preset={preset}
          theme={theme}
          holdFrames={Math.round(fps * 3.5)}
        />
      ) : null}
    </AbsoluteFill>
  );
};
