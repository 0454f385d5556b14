import type OpenAI from "openai";
import { zodResponseFormat } from "openai/helpers/zod";
import { z } from "zod";
import { loadConfig } from "../../config";
import { createOpenAIClient } from "../../openai-client";
import type { Article } from "../content/article";
import { splitSentences, terms } from "./extractive";
import type { ScriptOptions } from "./extractive";
import type { Script } from "./script";
import { scenesScript, type Beat } from "./storyboard";

/** A beat is one picture's worth of narration: a short paragraph, or a few sentences of a long one. */
const MAX_BEAT_WORDS = 40;
const MAX_BEATS = 100;

const wordCount = (text: string) => text.split(/\s+/).filter(Boolean).length;

/** Capitalised words inside a sentence: the story's characters and places, as far as text tells. */
const names = (text: string) =>
  [...text.matchAll(/(?<=[\p{L}\p{N},;:]\s+)(\p{Lu}[\p{Ll}\p{M}'-]+)/gu)].map(
    (m) => m[1],
  );

/**
 * The offline provider: a story becomes beats by paragraphs, and a long paragraph by groups of
 * its sentences. Each beat's visual cue is its names (characters, places) and strongest words.
 */
export function generateExtractiveStoryScript(
  article: Article,
  options: ScriptOptions,
): Script {
  const beats: Beat[] = [];
  for (const section of article.sections)
    for (const paragraph of section.paragraphs) {
      let current: string[] = [];
      const flush = () => {
        if (current.length) beats.push(beat(current.join(" ")));
        current = [];
      };
      for (const sentence of splitSentences(paragraph, article.language)) {
        if (
          current.length &&
          wordCount([...current, sentence].join(" ")) > MAX_BEAT_WORDS
        )
          flush();
        current.push(sentence);
      }
      flush();
    }
  if (beats.length > MAX_BEATS)
    throw new Error(
      `The story makes ${beats.length} scenes; a video takes at most ${MAX_BEATS}: shorten the story`,
    );
  return scenesScript(article, beats, options.type);

  function beat(text: string): Beat {
    const cue = [...new Set([...names(text), ...terms(text).slice(0, 6)])];
    return { text, visualCue: cue.join(" ") || text.slice(0, 200) };
  }
}

const storyReplySchema = z.object({
  beats: z
    .array(
      z.object({
        text: z.string().min(1).max(5000),
        characters: z.array(z.string().max(100)).max(20),
        location: z.string().max(200),
        emphasis: z.string().max(200),
        visualCue: z.string().max(1000),
      }),
    )
    .min(1)
    .max(MAX_BEATS),
});

/** Beats written by an OpenAI model with structured output: each with its characters, place and emphasis. */
export async function generateStoryScriptWithOpenAI(
  article: Article,
  options: ScriptOptions,
  client: OpenAI = createOpenAIClient(loadConfig()),
  model = loadConfig().OPENAI_SCRIPT_MODEL,
): Promise<Script> {
  const story = article.sections.flatMap((s) => s.paragraphs).join("\n\n");
  const completion = await client.chat.completions.parse({
    model,
    temperature: 0.3,
    messages: [
      {
        role: "system",
        content:
          "You split a story into beats for a narrated video: each beat is one picture's worth of the story's own words, in order, nothing added or left out. " +
          "For each beat name the characters in it, the location, what to emphasise, and a visualCue describing the picture. Language: the story's.",
      },
      {
        role: "user",
        content: `Title: ${article.title}\nLanguage: ${article.language}\n\n${story}`,
      },
    ],
    response_format: zodResponseFormat(storyReplySchema, "story_beats"),
  });
  const choice = completion.choices[0];
  if (choice?.message.refusal)
    throw new Error(
      `The model refused to split the story: ${choice.message.refusal}`,
    );
  const parsed = storyReplySchema.safeParse(choice?.message.parsed);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(
      `The model's story beats are invalid: ${issue.path.join(".") || "(the reply)"}: ${issue.message}`,
    );
  }
  return scenesScript(
    article,
    parsed.data.beats.map((b) => ({
      text: b.text,
      visualCue: [b.visualCue, b.location, ...b.characters]
        .filter(Boolean)
        .join(", "),
    })),
    options.type,
  );
}
