import React from "react";
import { AbsoluteFill, Loop, OffthreadVideo, useVideoConfig } from "remotion";
import { resolveSrc } from "./resolveSrc";
import type { Visual } from "./schema";
import { msToFrames } from "./timing";

type Clip = Extract<Visual, { type: "video" }>;

/** A stock clip, muted, cropped to the frame, looping when the section outlasts it. */
export const VideoClip: React.FC<{ clip: Clip }> = ({ clip }) => {
  const { fps } = useVideoConfig();
  return (
    <AbsoluteFill>
      <Loop durationInFrames={Math.max(1, msToFrames(clip.durationMs, fps))}>
        <OffthreadVideo
          src={resolveSrc(clip.src)}
          muted
          style={{ width: "100%", height: "100%", objectFit: "cover" }}
        />
      </Loop>
    </AbsoluteFill>
  );
};
