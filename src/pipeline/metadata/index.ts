import { PRESETS, type PresetId } from "../../compositions/presets";
import type { VideoProps } from "../../compositions/schema";
import { PLATFORMS } from "../../platforms/limits";
import { formatDuration } from "../compose";
import type { Script } from "../script/script";
import type { Voiceover } from "../voice/voiceover";

export type VideoMetadata = {
  preset: PresetId;
  platform: string;
  title: string;
  description: string;
  tags: string[];
  hashtags: string[];
  durationSec: number;
  resolution: string;
  /** The language narrated in. */
  language: string;
  /** Who narrated; null for the silent track. */
  voice: { provider: string; id: string; language: string } | null;
  chapters: Array<{ time: string; title: string }>;
  /** The attributions the visuals' licences ask for, also at the end of the description. */
  credits: string[];
  files: {
    video: string;
    srt: string;
    vtt: string;
    thumbnail: string;
    /** The narration's word-level timings as JSON (the CLI writes it beside the video). */
    captions?: string;
  };
  sizeBytes: number;
  /** A storyboard's scenes as rendered: where each starts and ends, and how it comes in. */
  scenes?: Array<{
    id: string;
    startMs: number;
    endMs: number;
    transition: string;
    requestedDurationMs: number | null;
  }>;
};

const utf8Bytes = (s: string) => Buffer.byteLength(s, "utf8");

/** Cuts text to fit a limit measured by `size`, at a word boundary, with an ellipsis. */
export function fitTo(
  text: string,
  limit: number,
  size: (s: string) => number = (s) => s.length,
) {
  if (size(text) <= limit) return text;
  let cut = text;
  while (cut.length && size(cut + "…") > limit)
    cut = cut.slice(0, cut.lastIndexOf(" ", cut.length - 2));
  return cut.trimEnd() + "…";
}

const CREDIT_LABEL = { pexels: "Pexels", pixabay: "Pixabay" } as const;

/**
 * Credits for the visuals: stock authors with their source (Pexels and Pixabay ask for it), and
 * a note when images were made by AI. The article's own, the user's and generated scenes need none.
 */
export function visualCredits(props: VideoProps): string[] {
  const lines = new Set<string>();
  for (const { visual } of props.sections) {
    const { source, author, url } = visual.credit;
    if (source === "pexels" || source === "pixabay") {
      const by = author ? `${author} on ` : "";
      lines.add(
        `${visual.type === "video" ? "Video" : "Photo"}: ${by}${CREDIT_LABEL[source]}${url ? ` ${url}` : ""}`,
      );
    } else if (source === "openai") lines.add("Some images were made with AI");
  }
  return [...lines];
}

/** YouTube only shows chapters when there are three or more, the first at 0:00, each ≥ 10 s. */
export function youtubeChapters(props: VideoProps) {
  const { minCount, minLengthMs } = PLATFORMS.youtube.chapters;
  const chapters = props.chapters.filter((c, i, all) => {
    const next = all[i + 1]?.startMs ?? props.durationMs;
    return next - c.startMs >= minLengthMs;
  });
  if (chapters.length < minCount || chapters[0]?.startMs !== 0) return [];
  return chapters.map((c) => ({
    time: formatDuration(c.startMs),
    title: c.title,
  }));
}

const hashtag = (tag: string) => "#" + tag.replace(/[^\p{L}\p{N}]+/gu, "");

/** Title, description, tags and hashtags for the preset's platform, within its limits. */
export function buildMetadata(
  script: Script,
  props: VideoProps,
  files: VideoMetadata["files"],
  sizeBytes: number,
  narration?: Pick<Voiceover, "provider" | "voice" | "language" | "silent">,
): VideoMetadata {
  const preset = props.preset as PresetId;
  const spec = PRESETS[preset];
  const seo = script.seo[spec.platform];
  const credits = visualCredits(props);
  const creditBlock = credits.length
    ? `\n\nCredits\n${credits.join("\n")}`
    : "";
  const base = {
    preset,
    credits,
    platform: spec.platform,
    durationSec: Math.round(props.durationMs / 100) / 10,
    resolution: `${spec.width}x${spec.height}`,
    language: narration?.language ?? script.language,
    voice:
      narration && !narration.silent
        ? {
            provider: narration.provider,
            id: narration.voice,
            language: narration.language,
          }
        : null,
    files,
    sizeBytes,
    ...(script.scenes
      ? {
          scenes: props.sections.map((section, i) => ({
            id: section.id,
            startMs: section.startMs,
            endMs: section.endMs,
            transition: section.transition ?? props.theme.transition,
            requestedDurationMs: script.scenes?.[i]?.durationMs ?? null,
          })),
        }
      : {}),
  };
  const hashtags = [
    ...new Set(seo.tags.map(hashtag).filter((h) => h.length > 1)),
  ];

  if (spec.platform === "youtube") {
    const limits = PLATFORMS.youtube;
    const chapters = spec.chapters ? youtubeChapters(props) : [];
    const chapterBlock = chapters.length
      ? "\n\nChapters\n" +
        chapters.map((c) => `${c.time} ${c.title}`).join("\n")
      : "";
    const shortsTag = preset === "youtube_short" ? "\n\n#Shorts" : "";
    const tail = chapterBlock + creditBlock + shortsTag;
    const tags: string[] = [];
    for (const tag of seo.tags) {
      if ([...tags, tag].join(",").length > limits.tagsMaxTotalChars) break;
      tags.push(tag);
    }
    return {
      ...base,
      title: fitTo(seo.title, limits.title.max),
      description:
        fitTo(
          seo.description,
          limits.description.max - utf8Bytes(tail),
          utf8Bytes,
        ) + tail,
      tags,
      hashtags: hashtags.slice(0, limits.hashtagsMax),
      chapters,
    };
  }

  const limits = PLATFORMS[spec.platform];
  const maxChars = (limits.caption ?? limits.title).max;
  const kept = hashtags.slice(0, limits.hashtagsMax);
  const tagLine = kept.join(" ");
  // The caption (Instagram) or title (TikTok) carries the hashtags; both count UTF-16 units.
  const credited = fitTo(creditBlock.trim(), maxChars / 2);
  const text = fitTo(
    seo.description || seo.title,
    maxChars - tagLine.length - 2 - (credited ? credited.length + 2 : 0),
  );
  return {
    ...base,
    title: fitTo(seo.title, maxChars),
    description: [text, credited, tagLine].filter(Boolean).join("\n\n"),
    tags: [],
    hashtags: kept,
    chapters: [],
  };
}
