import { PRESETS, type PresetId } from "../../compositions/presets";
import { PLATFORMS } from "../../platforms/limits";
import { fitTo } from "../metadata";
import { terms } from "../script/extractive";
import type { Moment } from "./moments";
import type { TranscriptWord } from "./transcript";

export type ClipMetadata = {
  title: string;
  description: string;
  hashtags: string[];
  hook: string;
};

/** At most this many hashtags and hook words. */
const HASHTAGS = 5;
const HOOK_WORDS = 8;

const sentenceCase = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * Title, description, hashtags and hook of a clip from what it says: the model's when it picked
 * the moment, otherwise the clip's first sentence as title and hook, and the talk's keywords
 * that the clip says most as hashtags. Cut to the preset's platform limits.
 */
export function clipMetadata(
  moment: Pick<Moment, "title" | "hook" | "hashtags">,
  words: TranscriptWord[],
  firstSentence: string,
  keywords: Map<string, number>,
  preset: PresetId,
): ClipMetadata {
  const text = words.map((w) => w.text).join(" ");
  const counts = new Map<string, number>();
  for (const w of words)
    for (const t of terms(w.text))
      if (keywords.has(t))
        counts.set(t, (counts.get(t) ?? 0) + keywords.get(t)!);
  const spoken = [...counts]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([t]) => t);
  const hashtags = [
    ...new Set(
      (moment.hashtags?.length ? moment.hashtags : spoken)
        .map((t) => "#" + t.replace(/[^\p{L}\p{N}]+/gu, "").toLowerCase())
        .filter((h) => h.length > 1),
    ),
  ].slice(0, HASHTAGS);
  const platform = PLATFORMS[PRESETS[preset].platform];
  const title = fitTo(
    sentenceCase(moment.title ?? firstSentence),
    Math.min(100, platform.title?.max ?? 100),
  );
  // The longest text the platform takes with the post: a description, a caption, or the title.
  const descriptionMax = (platform.description ??
    platform.caption ??
    platform.title)!.max;
  const tagLine = hashtags.join(" ");
  const hookWords = (moment.hook || title).split(/\s+/);
  return {
    title,
    description:
      fitTo(
        sentenceCase(text),
        descriptionMax - Buffer.byteLength(tagLine) - 2,
        (s) => Buffer.byteLength(s),
      ) + (tagLine ? `\n\n${tagLine}` : ""),
    hashtags,
    hook:
      hookWords.length <= HOOK_WORDS
        ? hookWords.join(" ")
        : hookWords.slice(0, HOOK_WORDS).join(" ") + "…",
  };
}
