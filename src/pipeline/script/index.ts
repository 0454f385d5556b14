import type { Article } from "../content/article";
import { generateExtractiveScript, type ScriptOptions } from "./extractive";
import { generateScriptWithOpenAI } from "./openai";
import type { Script } from "./script";

export { generateExtractiveScript, type ScriptOptions } from "./extractive";
export type { Script, VideoType } from "./script";

export type ScriptProvider = "extractive" | "openai";

/** Writes the script with the chosen provider; the extractive one is offline and deterministic. */
export async function createScript(
  article: Article,
  options: ScriptOptions,
  provider: ScriptProvider,
): Promise<Script> {
  return provider === "openai"
    ? generateScriptWithOpenAI(article, options)
    : generateExtractiveScript(article, options);
}
