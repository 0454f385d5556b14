"use client";

import { SelectField } from "./components";

/** What the pasted or uploaded text is: read as an article, told as a story, or a storyboard. */
export type ContentKind = "article" | "story" | "storyboard";

const KINDS = [
  ["article", "An article (Markdown or HTML)"],
  ["story", "A plain story, told in beats"],
  [
    "storyboard",
    "A storyboard: JSON {title, scenes: [{text, visual?, transition?}]}",
  ],
] as const;

export function ContentKindSelect(props: {
  value: ContentKind;
  onChange: (kind: ContentKind) => void;
}) {
  return (
    <SelectField
      id="content-kind"
      label="The text is"
      options={KINDS}
      {...props}
    />
  );
}
