import React from "react";
import {
  AbsoluteFill,
  OffthreadVideo,
  useCurrentFrame,
  useVideoConfig,
} from "remotion";
import type { ClipProps, ShotFramingProps } from "./clip-schema";
import { resolveSrc } from "./resolveSrc";
import { msToFrames } from "./timing";

/** The crop centre at `ms`, linear between the shot's keyframes. */
export function cropCentreAt(shot: ShotFramingProps, ms: number): number {
  const k = shot.keyframes;
  if (!k.length) return 0.5;
  if (ms <= k[0].ms) return k[0].x;
  for (let i = 1; i < k.length; i++) {
    if (ms <= k[i].ms) {
      const t = (ms - k[i - 1].ms) / (k[i].ms - k[i - 1].ms);
      return k[i - 1].x + t * (k[i].x - k[i - 1].x);
    }
  }
  return k.at(-1)!.x;
}

/**
 * The source span in the vertical frame: one video element throughout (it carries the sound),
 * moved per frame so the crop window follows the shot's subject; a shot where nothing stands
 * out shows the whole frame over a blurred, muted copy filling the background.
 */
export const ReframedVideo: React.FC<{
  source: ClipProps["source"];
  shots: ClipProps["shots"];
}> = ({ source, shots }) => {
  const frame = useCurrentFrame();
  const { fps, width, height } = useVideoConfig();
  const ms = (frame / fps) * 1000;
  const shot =
    shots.find((s) => ms >= s.startMs && ms < s.endMs) ?? shots.at(-1)!;
  const src = resolveSrc(source.src);
  const trimBefore = msToFrames(source.startMs, fps);
  const aspect = source.width / source.height;
  let videoWidth: number;
  let videoHeight: number;
  let x: number;
  let y: number;
  if (shot.mode === "crop") {
    videoHeight = height;
    videoWidth = height * aspect;
    const left = width / 2 - cropCentreAt(shot, ms) * videoWidth;
    x = Math.min(0, Math.max(width - videoWidth, left));
    y = 0;
  } else {
    videoWidth = width;
    videoHeight = width / aspect;
    x = 0;
    y = (height - videoHeight) / 2;
  }
  return (
    <AbsoluteFill style={{ backgroundColor: "#000", overflow: "hidden" }}>
      {shot.mode === "fit" ? (
        <OffthreadVideo
          src={src}
          trimBefore={trimBefore}
          muted
          style={{
            position: "absolute",
            height,
            width: height * aspect,
            left: (width - height * aspect) / 2,
            filter: "blur(24px) brightness(0.6)",
            transform: "scale(1.1)",
          }}
        />
      ) : null}
      <OffthreadVideo
        src={src}
        trimBefore={trimBefore}
        style={{
          position: "absolute",
          left: 0,
          top: 0,
          width: videoWidth,
          height: videoHeight,
          transform: `translate(${x}px, ${y}px)`,
        }}
      />
    </AbsoluteFill>
  );
};
