import { and, eq, sql } from "drizzle-orm";
import { schema, type Db } from "../db";
import { costLedger } from "../db/schema";
import { sendBudgetAlerts } from "./budgets";
import { services } from "./context";
import { findProject } from "./projects";

/**
 * What each stage costs the customer in credits (the default price table of the specification)
 * and, where a cloud provider bills us, roughly what it costs in dollars. The one home of prices.
 */
export const CREDIT_PRICES = {
  video_script_generation: { credits: 5, unit: "script" },
  video_tts_standard: { credits: 10, unit: "minute" },
  video_tts_selfhosted: { credits: 2, unit: "minute" },
  video_composition: { credits: 5, unit: "render" },
  video_thumbnail: { credits: 3, unit: "thumbnail" },
  video_seo_metadata: { credits: 1, unit: "platform" },
  video_ai_image: { credits: 4, unit: "image" },
} as const;
export type CostOperation = keyof typeof CREDIT_PRICES;

/** Dollars per unit that a provider bills (list prices; offline providers cost nothing). */
const USD_PER_UNIT: Partial<
  Record<string, Partial<Record<CostOperation, number>>>
> = {
  openai: {
    video_script_generation: 0.002,
    video_tts_standard: 0.015,
    // gpt-image-1 at medium quality, 1024x1536 or 1536x1024.
    video_ai_image: 0.063,
  },
};

/** The TTS price line of a voice provider: the cloud voice or one that runs here. */
export const ttsOperation = (provider: string): CostOperation =>
  provider === "openai" || provider === "elevenlabs"
    ? "video_tts_standard"
    : "video_tts_selfhosted";

/** What `units` of an operation cost us in dollars at a provider's list price. */
export const costUsdOf = (
  provider: string,
  operation: CostOperation,
  units: number,
) => (USD_PER_UNIT[provider]?.[operation] ?? 0) * units;

/** Records a cost, then sends the budget alerts it may have crossed. */
export async function recordCost(
  db: Db,
  entry: {
    siteId: number;
    projectId: number | null;
    operation: CostOperation;
    provider: string;
    units: number;
    /** What the provider itself estimates the work cost (Remotion Lambda); else the list price. */
    costUsd?: number;
  },
) {
  const price = CREDIT_PRICES[entry.operation];
  const usd =
    entry.costUsd ?? costUsdOf(entry.provider, entry.operation, entry.units);
  await db.insert(costLedger).values({
    ...entry,
    unit: price.unit,
    credits: round(price.credits * entry.units, 3),
    costUsd: round(usd, 6),
  });
  if (usd > 0) await sendBudgetAlerts(db, entry.siteId);
}

const round = (value: number, digits: number) =>
  Math.round(value * 10 ** digits) / 10 ** digits;

/** The cost ledger summed per project and operation; one project's when given. */
export async function costs(siteId: number, projectId?: number) {
  if (projectId !== undefined) await findProject(siteId, projectId);
  const { db } = (await services()).database;
  const c = schema.costLedger;
  const rows = await db
    .select({
      projectId: c.projectId,
      title: schema.videoProjects.title,
      operation: c.operation,
      provider: c.provider,
      unit: c.unit,
      units: sql<number>`sum(${c.units})::float`,
      costUsd: sql<number>`sum(${c.costUsd})::float`,
    })
    .from(c)
    .leftJoin(schema.videoProjects, eq(schema.videoProjects.id, c.projectId))
    .where(
      and(
        eq(c.siteId, siteId),
        projectId !== undefined ? eq(c.projectId, projectId) : undefined,
      ),
    )
    .groupBy(
      c.projectId,
      schema.videoProjects.title,
      c.operation,
      c.provider,
      c.unit,
    )
    .orderBy(c.projectId, c.operation);
  return rows;
}
