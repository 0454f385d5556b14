import { interpolate, spring, useCurrentFrame, useVideoConfig } from "remotion";

/**
 * The motion every on-screen label shares: springs in at its start and fades out over the last
 * half second of `durationInFrames`. `enter` drives the slide, `opacity` the visibility.
 */
export function useEnterExit(durationInFrames: number) {
  const frame = useCurrentFrame();
  const { fps } = useVideoConfig();
  const enter = spring({ frame, fps, config: { damping: 200 } });
  const exit = interpolate(
    frame,
    [durationInFrames - fps * 0.5, durationInFrames],
    [1, 0],
    {
      extrapolateLeft: "clamp",
      extrapolateRight: "clamp",
    },
  );
  return {
    enter,
    opacity: Math.min(enter, exit),
    visible: frame <= durationInFrames,
  };
}
