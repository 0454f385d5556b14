import React from "react";
import { BulletList } from "./BulletList";
import { CodeFrame } from "./CodeFrame";
import type { Preset } from "./presets";
import { QuoteCard } from "./QuoteCard";
import type { SceneProps } from "./SceneCard";
import type { Theme, Visual } from "./schema";
import { StatCallout } from "./StatCallout";
import { TitleCard } from "./TitleCard";
import { TypographyCard } from "./TypographyCard";

type Generated = Exclude<Visual, { type: "image" | "video" }>;

const SCENES: { [T in Generated["type"]]: React.FC<SceneProps<T>> } = {
  "title-card": TitleCard,
  code: CodeFrame,
  stat: StatCallout,
  list: BulletList,
  quote: QuoteCard,
  typography: TypographyCard,
};

/** The scenes drawn from the section's own content, for visuals that are not footage. */
export const GeneratedScene: React.FC<{
  visual: Generated;
  theme: Theme;
  preset: Preset;
}> = ({ visual, ...scene }) => {
  // TypeScript cannot pair a union's member with its table entry; the table's type does.
  const Scene = SCENES[visual.type] as React.FC<SceneProps<Generated["type"]>>;
  return <Scene visual={visual} {...scene} />;
};
