import { TransitionSeries } from "@remotion/transitions";
import React, { useMemo } from "react";
import { AbsoluteFill, Audio, Sequence, useVideoConfig } from "remotion";
import { ChapterCard } from "./ChapterCard";
import { EndLayers } from "./EndLayers";
import { musicVolumeAt, speakingIntervals } from "./musicVolume";
import { PRESETS, type PresetId } from "./presets";
import { resolveSrc } from "./resolveSrc";
import type { VideoProps } from "./schema";
import { SectionScene } from "./SectionScene";
import { layoutSections, msToFrames } from "./timing";
import { presentationFor, timingFor } from "./transitions";
import { useFontsReady } from "./useFontsReady";

/** The end card is up for at most this long. */
const CTA_CARD_MS = 3500;
const CHAPTER_CARD_MS = 3500;

/** Every preset's video, top to bottom as it plays: sections, chapter cards, captions, end card, sound. */
export const Video: React.FC<VideoProps> = (props) => {
  const ready = useFontsReady();
  const { fps, width, height, durationInFrames } = useVideoConfig();
  const preset = PRESETS[props.preset as PresetId];
  const timings = useMemo(
    () => layoutSections(props.sections, props.theme, fps, durationInFrames),
    [props.sections, props.theme, fps, durationInFrames],
  );
  const intervals = useMemo(
    () => speakingIntervals(props.captions),
    [props.captions],
  );
  if (!ready) return null;

  const ctaSection = props.sections.at(-1)!;
  const ctaFrom = Math.max(
    msToFrames(ctaSection.startMs, fps),
    durationInFrames - msToFrames(CTA_CARD_MS, fps),
  );
  // The long preset titles its points with chapter cards instead of headlines.
  const headlineOf = (i: number) => {
    const section = props.sections[i];
    if (section.kind === "hook") return props.title;
    return section.kind === "point" && !preset.chapters
      ? section.overlay
      : undefined;
  };

  return (
    <AbsoluteFill style={{ backgroundColor: props.theme.backgroundColor }}>
      <TransitionSeries>
        {timings.flatMap((t, i) => {
          const items = [
            <TransitionSeries.Sequence
              key={`s${t.section.id}`}
              durationInFrames={t.durationInFrames}
            >
              <SectionScene
                section={t.section}
                headline={headlineOf(i)}
                preset={preset}
                theme={props.theme}
                silent={props.silent}
                width={width}
                height={height}
                fps={fps}
              />
            </TransitionSeries.Sequence>,
          ];
          if (t.transitionOut > 0 && t.transitionStyle !== "none") {
            items.push(
              <TransitionSeries.Transition
                key={`t${t.section.id}`}
                presentation={presentationFor(
                  t.transitionStyle,
                  preset.captionLayout === "pages",
                )}
                timing={timingFor(t.transitionOut)}
              />,
            );
          }
          return items;
        })}
      </TransitionSeries>
      {preset.chapters
        ? props.chapters.slice(1).map((chapter, i) => (
            <Sequence
              key={chapter.startMs}
              from={msToFrames(chapter.startMs, fps)}
              durationInFrames={msToFrames(CHAPTER_CARD_MS, fps)}
            >
              <ChapterCard
                number={i + 1}
                title={chapter.title}
                preset={preset}
                theme={props.theme}
                durationInFrames={msToFrames(CHAPTER_CARD_MS, fps)}
              />
            </Sequence>
          ))
        : null}
      <EndLayers
        captions={props.silent ? null : props.captions}
        cta={props.cta}
        ctaFrom={ctaFrom}
        preset={preset}
        theme={props.theme}
      />
      {props.narration ? (
        <Audio
          src={resolveSrc(props.narration.src)}
          volume={() => props.narration!.volume}
        />
      ) : null}
      {props.music ? (
        <Audio
          src={resolveSrc(props.music.src)}
          loop
          volume={(f) =>
            musicVolumeAt(
              (f / fps) * 1000,
              intervals,
              props.music!,
              props.durationMs,
            )
          }
        />
      ) : null}
    </AbsoluteFill>
  );
};
