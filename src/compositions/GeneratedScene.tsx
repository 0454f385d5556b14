import React from "react";
import { BulletList } from "./BulletList";
import { CodeFrame } from "./CodeFrame";
import type { Preset } from "./presets";
import { QuoteCard } from "./QuoteCard";
import type { Theme, Visual } from "./schema";
import { StatCallout } from "./StatCallout";
import { TitleCard } from "./TitleCard";
import { TYPOGRAPHY_SEEDS, TypographyCard } from "./TypographyCard";

/** The scenes drawn from the section's own content, for visuals that are not footage. */
export const GeneratedScene: React.FC<{
  visual: Exclude<Visual, { type: "image" | "video" }>;
  theme: Theme;
  preset: Preset;
}> = ({ visual, theme, preset }) => {
  switch (visual.type) {
    case "title-card":
      return (
        <TitleCard
          text={visual.text}
          background={visual.background}
          theme={theme}
          preset={preset}
        />
      );
    case "code":
      return <CodeFrame code={visual} theme={theme} preset={preset} />;
    case "stat":
      return <StatCallout stat={visual} theme={theme} preset={preset} />;
    case "list":
      return (
        <BulletList
          title={visual.title}
          items={visual.items}
          theme={theme}
          preset={preset}
        />
      );
    case "quote":
      return (
        <QuoteCard
          text={visual.text}
          author={visual.author}
          theme={theme}
          preset={preset}
        />
      );
    case "typography":
      return (
        <TypographyCard
          text={visual.text}
          variant={visual.variant}
          theme={theme}
          preset={preset}
          seed={TYPOGRAPHY_SEEDS[visual.variant]}
        />
      );
  }
};
