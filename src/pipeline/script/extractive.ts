import type { Article } from "../content/article";
import { spokenSeconds, WORDS_PER_MINUTE, wordsOf } from "../../core/narration";
import { VIDEO_TYPES, type VideoType } from "../../core/video-types";
import { neighbourType, type Script, type ScriptPoint } from "./script";
import { buildSeo } from "./seo";

export type ScriptOptions = {
  type: VideoType;
  /** The narration length to aim for; the type's range by default. */
  targetSec?: { min: number; max: number };
  /** The narrator's pace, used to estimate durations. */
  wordsPerMinute?: number;
  /** What the article is: an article (default), a plain story told in beats, or only a topic. */
  input?: ScriptInput;
};

export type ScriptInput = "article" | "story" | "topic";

/** How many of the article's sections a type covers at most. */
const MAX_POINTS: Record<VideoType, number> = { short: 3, medium: 5, long: 40 };
/** Aim this far into the target range: leaves room for a voice slower than estimated. */
const AIM = 0.85;

const STOPWORDS = new Set(
  "a an and are as at be been but by can could did do does for from had has have he her his how i if in into is it its just more most my no not of on one or our out she so some than that the their them then there these they this those to too up us was we were what when which while who why will with would you your also about after before over under very every few might away many much still even only such each other like make made first long within until because where without across almost another being should never always often little great good new old two three four five ten way ways same both yet ever here whole thing things lot know find found look looks see seen says said take takes give gives part".split(
    " ",
  ),
);

export const terms = (text: string) =>
  text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 2 && !STOPWORDS.has(w));

export function splitSentences(text: string, language: string): string[] {
  let segmenter: Intl.Segmenter;
  try {
    segmenter = new Intl.Segmenter(language, { granularity: "sentence" });
  } catch {
    segmenter = new Intl.Segmenter("en", { granularity: "sentence" });
  }
  return [...segmenter.segment(text)]
    .map((s) => s.segment.trim())
    .filter(Boolean);
}

type Sentence = {
  text: string;
  section: number;
  order: number;
  words: number;
  score: number;
};

const formatTime = (sec: number) =>
  `${Math.floor(sec / 60)}:${String(Math.round(sec % 60)).padStart(2, "0")}`;

/** Up to `max` words of the heading, or the point's strongest terms when it has none. */
function headline(
  heading: string | null,
  sentences: Sentence[],
  frequency: Map<string, number>,
  max = 6,
) {
  if (heading) {
    const words = wordsOf(heading);
    return words.length <= max ? heading : words.slice(0, max).join(" ") + "…";
  }
  const best = [...new Set(sentences.flatMap((s) => terms(s.text)))]
    .sort(
      (a, b) =>
        (frequency.get(b) ?? 0) - (frequency.get(a) ?? 0) || a.localeCompare(b),
    )
    .slice(0, 3);
  return best.map((w) => w[0].toUpperCase() + w.slice(1)).join(" · ");
}

/**
 * The offline script: deterministic extraction from the article. Each point is one article
 * section narrated by its most informative sentences (term frequency, title and keyword overlap,
 * position), with as many sentences as the target duration allows.
 */
export function generateExtractiveScript(
  article: Article,
  options: ScriptOptions,
): Script {
  const wpm = options.wordsPerMinute ?? WORDS_PER_MINUTE;
  const { minSec, maxSec } = VIDEO_TYPES[options.type];
  const target = options.targetSec ?? { min: minSec, max: maxSec };

  const frequency = new Map<string, number>();
  const all: Sentence[] = [];
  article.sections.forEach((section, s) =>
    section.paragraphs.forEach((paragraph) =>
      splitSentences(paragraph, article.language).forEach((text) => {
        all.push({
          text,
          section: s,
          order: all.length,
          words: wordsOf(text).length,
          score: 0,
        });
        for (const t of terms(text))
          frequency.set(t, (frequency.get(t) ?? 0) + 1);
      }),
    ),
  );
  const focus = new Set([
    ...terms(article.title),
    ...article.keywords.flatMap(terms),
  ]);
  const sectionStart = new Map<number, number>();
  for (const sentence of all) {
    if (!sectionStart.has(sentence.section))
      sectionStart.set(sentence.section, sentence.order);
    const ts = terms(sentence.text);
    const density =
      ts.reduce((sum, t) => sum + Math.log(1 + (frequency.get(t) ?? 0)), 0) /
      Math.max(4, ts.length);
    const onTopic = ts.filter((t) => focus.has(t)).length;
    const leads =
      sentence.order === sectionStart.get(sentence.section) ? 0.6 : 0;
    const tooLong = sentence.words > 45 ? -0.5 : 0;
    sentence.score = density + 0.4 * onTopic + leads + tooLong;
  }

  // The lead (text before the first heading) feeds the hook and intro; headed sections are points.
  const leadIndex =
    article.sections[0].heading === null && article.sections.length > 1
      ? 0
      : -1;
  const lead = all.filter((s) => s.section === leadIndex);
  const first = lead.length ? lead : all.filter((s) => s.section === 0);
  const hookSentence =
    [...first]
      .filter((s) => s.words <= 20)
      .sort((a, b) => b.score - a.score || a.order - b.order)[0] ?? null;
  const hook = hookSentence?.text ?? article.title;
  const introSource =
    article.metaDescription && article.metaDescription !== hook
      ? article.metaDescription
      : null;
  const intro =
    introSource ??
    (first
      .filter((s) => s !== hookSentence)
      .map((s) => s.text)
      .slice(0, 2)
      .join(" ") ||
      article.title);
  const topic = article.keywords[0] ?? article.title.toLowerCase();
  const cta = `If you enjoyed this, follow for more about ${topic}.`;
  const fixedWords =
    wordsOf(hook).length + wordsOf(intro).length + wordsOf(cta).length;

  const candidates = article.sections
    .map((section, index) => ({
      section,
      index,
      sentences: all.filter((s) => s.section === index),
    }))
    .filter((c) => c.index !== leadIndex && c.sentences.length);
  const pool = candidates.length
    ? candidates
    : article.sections.map((section, index) => ({
        section,
        index,
        sentences: all.filter((s) => s.section === index),
      }));
  const fullSec = spokenSeconds(
    fixedWords +
      pool.reduce(
        (n, c) => n + c.sentences.reduce((m, s) => m + s.words, 0),
        0,
      ),
    wpm,
  );
  if (fullSec < target.min) {
    const shorter = neighbourType(options.type, -1);
    const missingWords = Math.ceil(((target.min - fullSec) / 60) * wpm);
    throw new Error(
      `The article narrates to about ${formatTime(fullSec)}; a ${options.type} video needs at least ${formatTime(target.min)}. ` +
        (shorter ? `Use --type ${shorter}, or add` : "Add") +
        ` about ${missingWords} words to the article.`,
    );
  }
  const budgetWords =
    Math.max(
      (target.min / 60) * wpm,
      (Math.min(fullSec, target.max * AIM) / 60) * wpm,
    ) - fixedWords;

  // The strongest sections, each starting with its best sentence, then the best of the rest.
  const best = (c: (typeof pool)[number]) =>
    [...c.sentences].sort((a, b) => b.score - a.score || a.order - b.order);
  const chosenSections = [...pool]
    .sort((a, b) => best(b)[0].score - best(a)[0].score || a.index - b.index)
    .slice(0, MAX_POINTS[options.type]);
  const picked = new Set<Sentence>();
  let used = 0;
  for (const c of [...chosenSections].sort((a, b) => a.index - b.index)) {
    const top = best(c)[0];
    if (used + top.words > budgetWords && picked.size) continue;
    picked.add(top);
    used += top.words;
  }
  const rest = chosenSections
    .filter((c) => [...picked].some((s) => s.section === c.index))
    .flatMap((c) => c.sentences)
    .filter((s) => !picked.has(s))
    .sort((a, b) => b.score - a.score || a.order - b.order);
  for (const sentence of rest) {
    if (used + sentence.words > budgetWords) continue;
    picked.add(sentence);
    used += sentence.words;
  }

  const points: ScriptPoint[] = chosenSections
    .map((c) => ({ c, sentences: c.sentences.filter((s) => picked.has(s)) }))
    .filter(({ sentences }) => sentences.length)
    .sort((a, b) => a.c.index - b.c.index)
    .map(({ c, sentences }) => {
      const text = sentences.map((s) => s.text).join(" ");
      const overlay = headline(c.section.heading, sentences, frequency);
      const cueTerms = [...new Set(terms(text))]
        .sort((a, b) => (frequency.get(b) ?? 0) - (frequency.get(a) ?? 0))
        .slice(0, 6);
      return {
        text,
        durationEstSec:
          Math.round(spokenSeconds(wordsOf(text).length, wpm) * 10) / 10,
        visualCue: [c.section.heading ?? "", ...cueTerms].join(" ").trim(),
        textOverlay: overlay,
        sourceSection: c.index,
      };
    });

  const hookSec = spokenSeconds(wordsOf(hook).length, wpm);
  const introSec = spokenSeconds(wordsOf(intro).length, wpm);
  let clock = 0;
  const chapters = [{ timeSec: 0, title: "Intro" }];
  clock = hookSec + introSec;
  for (const point of points) {
    chapters.push({ timeSec: Math.round(clock), title: point.textOverlay });
    clock += point.durationEstSec;
  }
  const total = clock + spokenSeconds(wordsOf(cta).length, wpm);

  const script: Script = {
    type: options.type,
    title: article.title,
    language: article.language,
    hook,
    intro,
    points,
    cta,
    chapters,
    totalEstimatedDurationSec: Math.round(total * 10) / 10,
    seo: {
      youtube: { title: "", description: "", tags: [] },
      instagram: { title: "", description: "", tags: [] },
      tiktok: { title: "", description: "", tags: [] },
    },
  };
  return {
    ...script,
    seo: buildSeo(article, script, [...frequency.entries()]),
  };
}
