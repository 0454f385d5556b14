import React from "react";
import { Composition, Still, type CalculateMetadataFunction } from "remotion";
import instagramFeed from "../../public/sample/instagram_feed.json";
import instagramReel from "../../public/sample/instagram_reel.json";
import instagramSquare from "../../public/sample/instagram_square.json";
import tiktok from "../../public/sample/tiktok.json";
import youtubeLong from "../../public/sample/youtube_long.json";
import youtubeMedium from "../../public/sample/youtube_medium.json";
import youtubeShort from "../../public/sample/youtube_short.json";
import {
  compositionId,
  durationInFrames,
  PRESET_IDS,
  PRESETS,
  thumbnailId,
  type PresetId,
} from "./presets";
import { Clip } from "./Clip";
import { clipPropsSchema, type ClipProps } from "./clip-schema";
import { DEFAULT_THEME, videoPropsSchema, type VideoProps } from "./schema";
import { Thumbnail } from "./Thumbnail";
import { Video } from "./Video";

/**
 * Real pipeline output for the demo article, made by `npm run samples` into public/sample/
 * (JSON imports type their strings loosely; a test checks the files against the schema).
 */
const SAMPLES = {
  youtube_long: youtubeLong,
  youtube_medium: youtubeMedium,
  youtube_short: youtubeShort,
  instagram_reel: instagramReel,
  instagram_square: instagramSquare,
  instagram_feed: instagramFeed,
  tiktok,
} as Record<PresetId, VideoProps>;

const calculateMetadata: CalculateMetadataFunction<VideoProps> = ({
  props,
}) => ({
  durationInFrames: durationInFrames(
    props.preset as PresetId,
    props.durationMs,
  ),
});

/** A clip's frame is its preset's; its length is the span's. */
const calculateClipMetadata: CalculateMetadataFunction<ClipProps> = ({
  props,
}) => {
  const preset = PRESETS[props.preset as PresetId];
  return {
    durationInFrames: durationInFrames(
      props.preset as PresetId,
      props.durationMs,
    ),
    fps: preset.fps,
    width: preset.width,
    height: preset.height,
  };
};

export const RemotionRoot: React.FC = () => (
  <>
    {PRESET_IDS.map((preset) => (
      <React.Fragment key={preset}>
        <Composition
          id={compositionId(preset)}
          component={Video}
          schema={videoPropsSchema}
          defaultProps={SAMPLES[preset]}
          calculateMetadata={calculateMetadata}
          durationInFrames={1}
          fps={PRESETS[preset].fps}
          width={PRESETS[preset].width}
          height={PRESETS[preset].height}
        />
        <Still
          id={thumbnailId(preset)}
          component={Thumbnail}
          schema={videoPropsSchema}
          defaultProps={SAMPLES[preset]}
          width={PRESETS[preset].thumbnail.width}
          height={PRESETS[preset].thumbnail.height}
        />
      </React.Fragment>
    ))}
    <Composition
      id="clip"
      component={Clip}
      schema={clipPropsSchema}
      defaultProps={{
        preset: "tiktok",
        title: "A moving subject",
        source: {
          src: "sample/clip-source.mp4",
          width: 640,
          height: 360,
          startMs: 0,
          endMs: 6000,
        },
        durationMs: 6000,
        shots: [
          {
            startMs: 0,
            endMs: 6000,
            mode: "crop",
            keyframes: [
              { ms: 0, x: 0.16 },
              { ms: 6000, x: 0.91 },
            ],
          },
        ],
        captions: [
          {
            text: "The",
            startMs: 500,
            endMs: 800,
            timestampMs: null,
            confidence: null,
          },
          {
            text: "crop",
            startMs: 800,
            endMs: 1200,
            timestampMs: null,
            confidence: null,
          },
          {
            text: "follows",
            startMs: 1200,
            endMs: 1700,
            timestampMs: null,
            confidence: null,
          },
          {
            text: "the",
            startMs: 1700,
            endMs: 1900,
            timestampMs: null,
            confidence: null,
          },
          {
            text: "box.",
            startMs: 1900,
            endMs: 2500,
            timestampMs: null,
            confidence: null,
          },
        ],
        hook: { text: "Watch the box", durationMs: 2500 },
        cta: null,
        theme: DEFAULT_THEME,
      }}
      calculateMetadata={calculateClipMetadata}
      durationInFrames={1}
      fps={30}
      width={1080}
      height={1920}
    />
  </>
);
