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
  PRESET_IDS,
  PRESETS,
  thumbnailId,
  type PresetId,
} from "./presets";
import { videoPropsSchema, type VideoProps } from "./schema";
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
  durationInFrames: Math.max(
    1,
    Math.round(
      (props.durationMs / 1000) * PRESETS[props.preset as PresetId].fps,
    ),
  ),
});

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
  </>
);
