import { eq } from "drizzle-orm";
import type { Config } from "../../config";
import { schema, type Db } from "../../db";
import type { RenderedVideo } from "../../db/schema";
import { log } from "../../log";
import { createOpenAIClient } from "../../openai-client";
import { ServiceError } from "../errors";
import { wordListCategories } from "./word-list";

export const MODERATION_MODEL = "omni-moderation-latest";

export type ModerationCheckpoint = "approve" | "publish";

export type ModerationResult = {
  provider: "openai" | "word-list";
  categories: string[];
};

/**
 * The flagged categories of `texts`: OpenAI's moderation endpoint when OPENAI_API_KEY is set,
 * else the offline word list. An endpoint that fails is logged and the word list decides, so an
 * outage does not stop a team's reviews.
 */
export async function moderateTexts(
  config: Config,
  texts: string[],
): Promise<ModerationResult> {
  const input = texts.map((t) => t.trim()).filter(Boolean);
  if (input.length === 0) return { provider: "word-list", categories: [] };
  if (config.OPENAI_API_KEY) {
    try {
      const answer = await createOpenAIClient(config).moderations.create({
        model: MODERATION_MODEL,
        input,
      });
      const flagged = new Set<string>();
      for (const result of answer.results)
        for (const [category, hit] of Object.entries(result.categories))
          if (hit) flagged.add(category);
      return { provider: "openai", categories: [...flagged] };
    } catch (error) {
      log.warn(
        { error: (error as Error).message },
        "OpenAI moderation failed; the offline word list decides",
      );
    }
  }
  return { provider: "word-list", categories: wordListCategories(input) };
}

/** What a render says: its script's narration and its per-platform metadata. */
export async function renderTexts(db: Db, render: RenderedVideo) {
  const [script] = await db
    .select({ text: schema.videoScripts.scriptText })
    .from(schema.videoScripts)
    .where(eq(schema.videoScripts.id, render.scriptId));
  return [script?.text ?? "", ...metadataTexts(render.metadata)];
}

function metadataTexts(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(metadataTexts);
  if (value && typeof value === "object")
    return Object.values(value).flatMap(metadataTexts);
  return [];
}

/**
 * Moderates `texts` of a render at a checkpoint: flagged categories that no admin has overridden
 * for this render stop it with a 422 naming them (`moderation_flagged`, field `moderation`).
 */
export async function requireModeration(
  db: Db,
  config: Config,
  render: RenderedVideo,
  checkpoint: ModerationCheckpoint,
  texts: string[],
) {
  const { categories, provider } = await moderateTexts(config, texts);
  if (categories.length === 0) return;
  const overridden = new Set(
    (
      await db
        .select({ categories: schema.moderationOverrides.categories })
        .from(schema.moderationOverrides)
        .where(eq(schema.moderationOverrides.renderedVideoId, render.id))
    ).flatMap((o) => o.categories),
  );
  const open = categories.filter((c) => !overridden.has(c));
  if (open.length === 0) return;
  log.info(
    { renderedVideoId: render.id, checkpoint, provider, categories: open },
    "moderation flagged a render",
  );
  throw new ServiceError(
    "unprocessable",
    `Moderation (${provider}) flagged render ${render.id} at ${checkpoint}: ${open.join(", ")}. An admin may override it with a reason.`,
    "moderation_flagged",
    "moderation",
  );
}

/** Records an admin's override of the categories flagged at a checkpoint. */
export async function recordOverride(
  db: Db,
  entry: {
    render: RenderedVideo;
    checkpoint: ModerationCheckpoint;
    categories: string[];
    userId: number | null;
    actor: string;
    reason: string;
  },
) {
  const [row] = await db
    .insert(schema.moderationOverrides)
    .values({
      renderedVideoId: entry.render.id,
      checkpoint: entry.checkpoint,
      categories: entry.categories,
      userId: entry.userId,
      actor: entry.actor,
      reason: entry.reason,
    })
    .returning();
  return row;
}
