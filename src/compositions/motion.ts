import {
  interpolate,
  spring,
  useCurrentFrame,
  useVideoConfig,
  type SpringConfig,
} from "remotion";

/** A spring that settles without overshoot. */
export const SETTLE = { damping: 200 };
/** A spring that overshoots a little: a pop. */
export const POP = { damping: 14, mass: 0.6 };

/** 0 before frame `from`, 1 after frame `to`, eased in between. */
export const ramp = (
  frame: number,
  from: number,
  to: number,
  easing?: (t: number) => number,
) =>
  interpolate(frame, [from, to], [0, 1], {
    extrapolateLeft: "clamp",
    extrapolateRight: "clamp",
    easing,
  });

/**
 * The clock every animated layer reads, with its two movements timed in seconds: a spring that
 * starts after a delay, and a clamped 0→1 ramp.
 */
export function useMotion() {
  const frame = useCurrentFrame();
  const video = useVideoConfig();
  const { fps } = video;
  return {
    ...video,
    frame,
    springAt: (seconds: number, config?: Partial<SpringConfig>) =>
      spring({ frame: frame - seconds * fps, fps, config }),
    rampAt: (from: number, to: number, easing?: (t: number) => number) =>
      ramp(frame, from * fps, to * fps, easing),
  };
}
