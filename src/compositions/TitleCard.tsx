import React from "react";
import { HeadlineCard } from "./HeadlineCard";
import type { SceneProps } from "./SceneCard";

/** The fallback visual: the section's key text over a rich gradient, never a flat grey frame. */
export const TitleCard: React.FC<SceneProps<"title-card">> = ({
  visual,
  ...scene
}) => (
  <HeadlineCard
    {...scene}
    text={visual.text}
    background={visual.background}
    fit={{ width: 0.9, height: 0.9, max: 0.11, min: 0.04, lineHeight: 1.15 }}
  />
);
