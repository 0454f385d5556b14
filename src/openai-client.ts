import OpenAI from "openai";
import type { Config } from "./config";

/** The one place the OpenAI client is built: key and base URL (a compatible server, or a test fake). */
export function createOpenAIClient(config: Config): OpenAI {
  if (!config.OPENAI_API_KEY) {
    throw new Error(
      "OPENAI_API_KEY is not set: the openai providers need it (or use the offline defaults)",
    );
  }
  return new OpenAI({
    apiKey: config.OPENAI_API_KEY,
    baseURL: config.OPENAI_BASE_URL,
    maxRetries: 3,
    timeout: 120_000,
  });
}
