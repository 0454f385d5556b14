import React from "react";
import { Composition, Still, type CalculateMetadataFunction } from "remotion";
import instagramReel from "../../public/sample/instagram_reel.json";
import tiktok from "../../public/sample/tiktok.json";
import youtubeLong from "../../public/sample/youtube_long.json";
import youtubeShort from "../../public/sample/youtube_short.json";
import { compositionId, PRESETS, thumbnailId } from "./presets";
import { videoPropsSchema, type VideoProps } from "./schema";
import { Thumbnail } from "./Thumbnail";
import { Video } from "./Video";

const calculateMetadata: CalculateMetadataFunction<VideoProps> = ({
  props,
}) => ({
  durationInFrames: Math.max(
    1,
    Math.round(
      (props.durationMs / 1000) *
        PRESETS[props.preset as keyof typeof PRESETS].fps,
    ),
  ),
});

/*
 * Sample props are real pipeline output (narration, word timings, images) for the demo article,
 * made by `npm run samples` into public/sample/.
 */
export const RemotionRoot: React.FC = () => (
  <>
    <Composition
      id={compositionId("youtube_long")}
      component={Video}
      schema={videoPropsSchema}
      defaultProps={youtubeLong as VideoProps}
      calculateMetadata={calculateMetadata}
      durationInFrames={1}
      fps={PRESETS.youtube_long.fps}
      width={PRESETS.youtube_long.width}
      height={PRESETS.youtube_long.height}
    />
    <Composition
      id={compositionId("youtube_short")}
      component={Video}
      schema={videoPropsSchema}
      defaultProps={youtubeShort as VideoProps}
      calculateMetadata={calculateMetadata}
      durationInFrames={1}
      fps={PRESETS.youtube_short.fps}
      width={PRESETS.youtube_short.width}
      height={PRESETS.youtube_short.height}
    />
    <Composition
      id={compositionId("instagram_reel")}
      component={Video}
      schema={videoPropsSchema}
      defaultProps={instagramReel as VideoProps}
      calculateMetadata={calculateMetadata}
      durationInFrames={1}
      fps={PRESETS.instagram_reel.fps}
      width={PRESETS.instagram_reel.width}
      height={PRESETS.instagram_reel.height}
    />
    <Composition
      id={compositionId("tiktok")}
      component={Video}
      schema={videoPropsSchema}
      defaultProps={tiktok as VideoProps}
      calculateMetadata={calculateMetadata}
      durationInFrames={1}
      fps={PRESETS.tiktok.fps}
      width={PRESETS.tiktok.width}
      height={PRESETS.tiktok.height}
    />
    <Still
      id={thumbnailId("youtube_long")}
      component={Thumbnail}
      schema={videoPropsSchema}
      defaultProps={youtubeLong as VideoProps}
      width={PRESETS.youtube_long.thumbnail.width}
      height={PRESETS.youtube_long.thumbnail.height}
    />
    <Still
      id={thumbnailId("youtube_short")}
      component={Thumbnail}
      schema={videoPropsSchema}
      defaultProps={youtubeShort as VideoProps}
      width={PRESETS.youtube_short.thumbnail.width}
      height={PRESETS.youtube_short.thumbnail.height}
    />
    <Still
      id={thumbnailId("instagram_reel")}
      component={Thumbnail}
      schema={videoPropsSchema}
      defaultProps={instagramReel as VideoProps}
      width={PRESETS.instagram_reel.thumbnail.width}
      height={PRESETS.instagram_reel.thumbnail.height}
    />
    <Still
      id={thumbnailId("tiktok")}
      component={Thumbnail}
      schema={videoPropsSchema}
      defaultProps={tiktok as VideoProps}
      width={PRESETS.tiktok.thumbnail.width}
      height={PRESETS.tiktok.thumbnail.height}
    />
  </>
);
