import React from "react";
import { AbsoluteFill, useCurrentFrame, useVideoConfig } from "remotion";

/** A thin bar along the top edge showing how much of the video has played. */
export const ProgressBar: React.FC<{ color: string }> = ({ color }) => {
  const frame = useCurrentFrame();
  const { durationInFrames, width, height } = useVideoConfig();
  const thickness = Math.max(4, Math.round(Math.min(width, height) / 180));
  return (
    <AbsoluteFill>
      <div
        style={{
          height: thickness,
          width: "100%",
          background: "rgba(255,255,255,0.25)",
        }}
      >
        <div
          style={{
            height: "100%",
            width: `${((frame + 1) / durationInFrames) * 100}%`,
            background: color,
          }}
        />
      </div>
    </AbsoluteFill>
  );
};
