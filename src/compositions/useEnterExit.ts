import { ramp, SETTLE, useMotion } from "./motion";

/**
 * The motion every on-screen label shares: springs in at its start and fades out over the last
 * half second of `durationInFrames`. `enter` drives the slide, `opacity` the visibility.
 */
export function useEnterExit(durationInFrames: number) {
  const { frame, fps, springAt } = useMotion();
  const enter = springAt(0, SETTLE);
  const exit = 1 - ramp(frame, durationInFrames - fps * 0.5, durationInFrames);
  return {
    enter,
    opacity: Math.min(enter, exit),
    visible: frame <= durationInFrames,
  };
}
