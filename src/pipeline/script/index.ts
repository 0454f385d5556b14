import { loadConfig, type Config } from "../../config";
import { createOpenAIClient } from "../../openai-client";
import type { Article } from "../content/article";
import { generateExtractiveScript, type ScriptOptions } from "./extractive";
import { generateScriptWithOpenAI } from "./openai";
import type { Script } from "./script";
import {
  generateExtractiveStoryScript,
  generateStoryScriptWithOpenAI,
} from "./story";

export {
  generateExtractiveScript,
  type ScriptInput,
  type ScriptOptions,
} from "./extractive";
export type { Script, VideoType } from "./script";

export type ScriptProvider = "extractive" | "openai";

/** Why a topic cannot be scripted with this configuration, or null when it can. */
export function topicProblem(
  config: Pick<Config, "SCRIPT_PROVIDER" | "OPENAI_API_KEY">,
): string | null {
  return config.SCRIPT_PROVIDER === "openai" && config.OPENAI_API_KEY
    ? null
    : "a topic needs a script provider with a model to write its script: set SCRIPT_PROVIDER=openai and OPENAI_API_KEY (the offline provider only condenses a text you give it)";
}

/**
 * Writes the script with the chosen provider; the extractive one is offline and deterministic.
 * A story is told in beats, one section each; a topic has no text, so only a model can script it.
 */
export async function createScript(
  article: Article,
  options: ScriptOptions,
  provider: ScriptProvider,
  config: Config = loadConfig(),
): Promise<Script> {
  const model = () =>
    [createOpenAIClient(config), config.OPENAI_SCRIPT_MODEL] as const;
  if (options.input === "story")
    return provider === "openai"
      ? generateStoryScriptWithOpenAI(article, options, ...model())
      : generateExtractiveStoryScript(article, options);
  if (options.input === "topic" && provider !== "openai")
    throw new Error(topicProblem({ SCRIPT_PROVIDER: provider })!);
  return provider === "openai"
    ? generateScriptWithOpenAI(article, options, ...model())
    : generateExtractiveScript(article, options);
}
