import type OpenAI from "openai";
import { LengthFinishReasonError } from "openai/core/error";
import { zodResponseFormat } from "openai/helpers/zod";
import { z } from "zod";
import { loadConfig } from "../../config";
import { createOpenAIClient } from "../../openai-client";
import { PLATFORMS } from "../../platforms/limits";
import type { Article } from "../content/article";
import { WORDS_PER_MINUTE } from "../../core/narration";
import { VIDEO_TYPES } from "../../core/video-types";
import type { ScriptOptions } from "./extractive";
import { scriptSchema, type Script } from "./script";
import { clampSeo } from "./seo";

/** What the model writes: an article's script has no storyboard scenes. */
const modelScriptSchema = scriptSchema.omit({ scenes: true });

const articleText = (article: Article) =>
  article.sections
    .map(
      (s, i) =>
        `[section ${i}]${s.heading ? ` ${s.heading}` : ""}\n${s.paragraphs.join("\n")}`,
    )
    .join("\n\n");

/**
 * A script written by an OpenAI model with structured output against the same zod schema as the
 * offline provider. The SEO fields are then cut to each platform's limits.
 */
export async function generateScriptWithOpenAI(
  article: Article,
  options: ScriptOptions,
  client: OpenAI = createOpenAIClient(loadConfig()),
  model = loadConfig().OPENAI_SCRIPT_MODEL,
): Promise<Script> {
  const wpm = options.wordsPerMinute ?? WORDS_PER_MINUTE;
  const { minSec, maxSec } = VIDEO_TYPES[options.type];
  const target = options.targetSec ?? { min: minSec, max: maxSec };
  const words = (sec: number) => Math.round((sec / 60) * wpm);
  const limits = `YouTube: title ≤ ${PLATFORMS.youtube.title.max} characters, description ≤ ${PLATFORMS.youtube.description.max} bytes, tags ≤ ${PLATFORMS.youtube.tagsMaxTotalChars} characters in total. Instagram: caption (description) ≤ ${PLATFORMS.instagram.caption.max} characters, ≤ ${PLATFORMS.instagram.hashtagsMax} tags. TikTok: title ≤ ${PLATFORMS.tiktok.title.max} characters, ≤ ${PLATFORMS.tiktok.hashtagsMax} tags.`;
  const completion = await client.chat.completions
    .parse({
      model,
      temperature: 0.4,
      messages: [
        {
          role: "system",
          content:
            "You write narration scripts for short and long social videos from articles. Use only facts from the article (for a topic without one, only well-established facts). " +
            "Write for the ear: short sentences, no symbols, URLs or abbreviations. Language: the article's.",
        },
        {
          role: "user",
          content:
            `Video type: ${options.type}. The whole narration (hook + intro + points + cta) must take ${Math.round(target.min)}–${Math.round(target.max)} seconds: ` +
            `${words(target.min)}–${words(target.max)} words at ${Math.round(wpm)} words per minute; aim for ${words(target.max * 0.85)} words.\n` +
            "hook: 3–5 s, intro: 10–15 s, one point per article section worth telling (sourceSection = its [section N] number, or null), cta: 5–10 s. " +
            "Each point: textOverlay ≤ 6 words, visualCue = what the picture should show, durationEstSec from its word count. " +
            `chapters start at 0 with "Intro", then one per point at its estimated start. SEO limits: ${limits}\n\n` +
            (options.input === "topic"
              ? `There is no article: write about this topic from well-established knowledge, stating nothing you are unsure of (sourceSection = null). Language: ${article.language}\n\nTopic: ${article.title}`
              : `Title: ${article.title}\nDescription: ${article.metaDescription}\nKeywords: ${article.keywords.join(", ")}\nLanguage: ${article.language}\n\n${articleText(article)}`),
        },
      ],
      response_format: zodResponseFormat(modelScriptSchema, "video_script"),
    })
    .catch(explainInvalidReply);
  const choice = completion.choices[0];
  if (!choice) throw new Error("The model's reply holds no choices");
  if (choice.message.refusal)
    throw new Error(
      `The model refused to write the script: ${choice.message.refusal}`,
    );
  // parse() already checked the reply against the schema; checked again so a reply without
  // content (or a client that skipped parsing) cannot pass as a script.
  const parsed = modelScriptSchema.safeParse(choice.message.parsed);
  if (!parsed.success) throw invalidScript(parsed.error);
  const script = { ...parsed.data, type: options.type };
  return { ...script, seo: clampSeo(script.seo) };
}

const invalidScript = (error: z.ZodError) => {
  const issue = error.issues[0];
  return new Error(
    `The model's script is invalid: ${issue.path.join(".") || "(the reply)"}: ${issue.message}`,
  );
};

/** parse() throws zod's and JSON's own errors for a reply that is not the script; name the problem. */
function explainInvalidReply(error: unknown): never {
  if (error instanceof z.ZodError) throw invalidScript(error);
  if (error instanceof SyntaxError)
    throw new Error(`The model's reply is not JSON: ${error.message}`);
  if (error instanceof LengthFinishReasonError)
    throw new Error(
      "The model's reply was cut off at its token limit before the script was complete",
    );
  throw error;
}
