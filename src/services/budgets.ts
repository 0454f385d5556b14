import { and, eq, gte, sql } from "drizzle-orm";
import { schema, type Db } from "../db";
import { log } from "../log";
import { notifyAdmins } from "./notifications";
import { deliverWebhook } from "./webhooks";

/**
 * A site's spending limits (seed 003: daily, monthly and per video, in dollars of provider cost
 * from the cost ledger) and what has been spent against them. Periods are UTC days and months.
 */

export type BudgetLimits = {
  dailyUsd: number | null;
  monthlyUsd: number | null;
  perVideoUsd: number | null;
};

export const ALERT_THRESHOLDS = [75, 90] as const;

const NO_LIMITS: BudgetLimits = {
  dailyUsd: null,
  monthlyUsd: null,
  perVideoUsd: null,
};

export async function getBudget(db: Db, siteId: number): Promise<BudgetLimits> {
  const [row] = await db
    .select()
    .from(schema.siteBudgets)
    .where(eq(schema.siteBudgets.siteId, siteId));
  return row
    ? {
        dailyUsd: row.dailyUsd,
        monthlyUsd: row.monthlyUsd,
        perVideoUsd: row.perVideoUsd,
      }
    : NO_LIMITS;
}

export async function setBudget(db: Db, siteId: number, limits: BudgetLimits) {
  await db
    .insert(schema.siteBudgets)
    .values({ siteId, ...limits })
    .onConflictDoUpdate({ target: schema.siteBudgets.siteId, set: limits });
}

/** The start of the UTC day and month that `now` falls in. */
function periodStarts(now: Date) {
  const day = new Date(
    Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()),
  );
  const month = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  return { day, month };
}

async function spentSince(db: Db, siteId: number, since: Date) {
  const c = schema.costLedger;
  const [{ usd }] = await db
    .select({ usd: sql<number>`coalesce(sum(${c.costUsd}), 0)::float` })
    .from(c)
    .where(and(eq(c.siteId, siteId), gte(c.createdAt, since)));
  return usd;
}

async function spentOnProject(db: Db, projectId: number) {
  const c = schema.costLedger;
  const [{ usd }] = await db
    .select({ usd: sql<number>`coalesce(sum(${c.costUsd}), 0)::float` })
    .from(c)
    .where(eq(c.projectId, projectId));
  return usd;
}

/** The limits with this day's and month's spend. */
export async function budgetStatus(db: Db, siteId: number, now = new Date()) {
  const { day, month } = periodStarts(now);
  const [limits, today, thisMonth] = await Promise.all([
    getBudget(db, siteId),
    spentSince(db, siteId, day),
    spentSince(db, siteId, month),
  ]);
  return { limits, spent: { today, thisMonth } };
}

/**
 * Whether a paid call costing about `estimateUsd` still fits every limit; when it does not, the
 * sentence that tells the user why a free provider was used instead.
 */
export async function paidCallRefusal(
  db: Db,
  siteId: number,
  projectId: number | null,
  estimateUsd: number,
): Promise<string | null> {
  const { limits, spent } = await budgetStatus(db, siteId);
  const checks: [string, number | null, () => Promise<number>][] = [
    ["daily", limits.dailyUsd, async () => spent.today],
    ["monthly", limits.monthlyUsd, async () => spent.thisMonth],
    [
      "per-video",
      projectId === null ? null : limits.perVideoUsd,
      () => spentOnProject(db, projectId!),
    ],
  ];
  for (const [name, limit, spentFor] of checks) {
    if (limit === null) continue;
    if ((await spentFor()) + estimateUsd > limit)
      return `Over the ${name} budget ($${limit.toFixed(2)}): paid providers were skipped for the offline ones`;
  }
  return null;
}

/**
 * After a cost is recorded: the first time a day's or month's spend reaches 75 % or 90 % of its
 * limit, the site's admins are notified and the site's webhook gets `budget.alert`. The unique
 * index on (site, period, start, threshold) makes it once per period, across processes.
 */
export async function sendBudgetAlerts(
  db: Db,
  siteId: number,
  now = new Date(),
) {
  const { limits, spent } = await budgetStatus(db, siteId, now);
  const { day, month } = periodStarts(now);
  const periods = [
    {
      period: "day" as const,
      limit: limits.dailyUsd,
      spent: spent.today,
      start: day,
    },
    {
      period: "month" as const,
      limit: limits.monthlyUsd,
      spent: spent.thisMonth,
      start: month,
    },
  ];
  for (const { period, limit, spent: used, start } of periods) {
    if (!limit) continue;
    const percent = (used / limit) * 100;
    const reached = ALERT_THRESHOLDS.filter((t) => percent >= t).at(-1);
    if (reached === undefined) continue;
    const [created] = await db
      .insert(schema.budgetAlerts)
      .values({
        siteId,
        period,
        periodStart: start.toISOString().slice(0, period === "day" ? 10 : 7),
        threshold: reached,
      })
      .onConflictDoNothing()
      .returning();
    if (!created) continue;
    const label = period === "day" ? "daily" : "monthly";
    const body = `$${used.toFixed(2)} of the $${limit.toFixed(2)} ${label} budget spent (${Math.floor(percent)} %).`;
    await notifyAdmins(db, siteId, {
      kind: "budget",
      title: `${reached} % of the ${label} budget spent`,
      body,
      link: "/analytics",
    });
    await deliverWebhook(
      {
        siteId,
        event: "budget.alert",
        data: { period, threshold: reached, spentUsd: used, limitUsd: limit },
      },
      { db },
    ).catch((error: Error) =>
      log.warn(
        { siteId, error: error.message },
        "the budget alert webhook was not delivered",
      ),
    );
  }
}

const BUDGET_NOTE = /^Over the .* budget/;

/** The budget notes among a project's warning lines, which a new narration's warnings keep. */
export const budgetNotes = (warning: string | null) =>
  (warning ?? "").split("\n").filter((line) => BUDGET_NOTE.test(line));

/** Tells the project's users (its warning, as voice fallbacks do) that a paid provider was skipped. */
export async function noteBudgetSkip(db: Db, projectId: number, note: string) {
  const p = schema.videoProjects;
  await db
    .update(p)
    .set({
      warning: sql`case when ${p.warning} is null or ${p.warning} = '' then ${note}
        when position(${note} in ${p.warning}) > 0 then ${p.warning}
        else ${p.warning} || E'\n' || ${note} end`,
    })
    .where(eq(p.id, projectId));
}

/**
 * Runs the paid choice when the budget allows about `estimateUsd` more, else notes the skip on
 * the project and runs the offline one.
 */
export async function withinBudget<T>(
  db: Db,
  project: { id: number; siteId: number },
  estimateUsd: number,
  paid: () => T,
  offline: () => T,
): Promise<T> {
  const refusal = await paidCallRefusal(
    db,
    project.siteId,
    project.id,
    estimateUsd,
  );
  if (refusal === null) return paid();
  log.info({ projectId: project.id, refusal }, "budget: paid provider skipped");
  await noteBudgetSkip(db, project.id, refusal);
  return offline();
}

/** The budget as the API shows it. */
export async function budgetView(db: Db, siteId: number) {
  const { limits, spent } = await budgetStatus(db, siteId);
  return {
    daily_usd: limits.dailyUsd,
    monthly_usd: limits.monthlyUsd,
    per_video_usd: limits.perVideoUsd,
    spent_today_usd: spent.today,
    spent_this_month_usd: spent.thisMonth,
    alert_thresholds: [...ALERT_THRESHOLDS],
  };
}
