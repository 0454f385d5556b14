import type OpenAI from "openai";
import { zodResponseFormat } from "openai/helpers/zod";
import { z } from "zod";
import type { Transcript } from "../transcript";
import type { MomentOptions } from "./index";

export const momentsReplySchema = z.object({
  moments: z
    .array(
      z.object({
        firstSentence: z.number().int().min(0),
        lastSentence: z.number().int().min(0),
        title: z.string().min(1).max(100),
        hook: z.string().max(80),
        hashtags: z.array(z.string().max(40)).max(8),
        reason: z.string().max(500),
        score: z.number().min(0).max(100),
      }),
    )
    .max(50),
});
export type ModelMoment = z.infer<typeof momentsReplySchema>["moments"][number];

const clock = (ms: number) => {
  const s = Math.floor(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
};

/**
 * The script model reads the numbered sentences with their times and names the most
 * self-contained, hook-first moments (structured output); the caller checks each against the
 * length range and overlaps.
 */
export async function askForMoments(
  client: OpenAI,
  model: string,
  transcript: Transcript,
  options: MomentOptions,
): Promise<ModelMoment[]> {
  const lines = transcript.sentences.map(
    (s) => `[${s.index}] ${clock(s.startMs)}–${clock(s.endMs)} ${s.text}`,
  );
  const completion = await client.chat.completions.parse({
    model,
    temperature: 0.3,
    messages: [
      {
        role: "system",
        content:
          "You pick moments from long videos to post as vertical short clips. A good moment stands on its own without the rest of the talk, " +
          "opens with a hook (a question, a bold claim, a number) in its first sentence, and ends on a complete thought.",
      },
      {
        role: "user",
        content:
          `Pick the ${options.count * 2} best moments, best first. Each runs from sentence firstSentence to lastSentence (inclusive), ` +
          `lasts ${Math.round(options.minMs / 1000)}–${Math.round(options.maxMs / 1000)} seconds, and overlaps no other. ` +
          "title: ≤ 100 characters for the post; hook: ≤ 8 words shown over the first seconds; hashtags: up to 5 from what is said, without #; " +
          "reason: one sentence; score: 0–100.\n\n" +
          lines.join("\n"),
      },
    ],
    response_format: zodResponseFormat(momentsReplySchema, "clip_moments"),
  });
  const choice = completion.choices[0];
  if (!choice) throw new Error("The model's reply holds no choices");
  if (choice.message.refusal)
    throw new Error(
      `The model refused to pick moments: ${choice.message.refusal}`,
    );
  const parsed = momentsReplySchema.safeParse(choice.message.parsed);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(
      `The model's moments are invalid: ${issue.path.join(".") || "(the reply)"}: ${issue.message}`,
    );
  }
  return parsed.data.moments;
}
