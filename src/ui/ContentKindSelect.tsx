"use client";

/** What the pasted or uploaded text is: read as an article, told as a story, or a storyboard. */
export type ContentKind = "article" | "story" | "storyboard";

const KINDS: { value: ContentKind; label: string }[] = [
  { value: "article", label: "An article (Markdown or HTML)" },
  { value: "story", label: "A plain story, told in beats" },
  {
    value: "storyboard",
    label: "A storyboard: JSON {title, scenes: [{text, visual?, transition?}]}",
  },
];

export function ContentKindSelect({
  value,
  onChange,
}: {
  value: ContentKind;
  onChange: (kind: ContentKind) => void;
}) {
  return (
    <div className="field">
      <label htmlFor="content-kind">The text is</label>
      <select
        id="content-kind"
        value={value}
        onChange={(e) => onChange(e.target.value as ContentKind)}
      >
        {KINDS.map((k) => (
          <option key={k.value} value={k.value}>
            {k.label}
          </option>
        ))}
      </select>
    </div>
  );
}
