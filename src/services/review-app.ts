import { and, desc, eq, sql } from "drizzle-orm";
import { schema } from "../db";
import { listVoices } from "../pipeline/voice";
import { services } from "./context";
import { notFound, unprocessable } from "./errors";
import { findProject } from "./projects";

/**
 * What the review app needs beyond the API's first table: the voices to choose from, approving a
 * narration, the site's connected accounts (without their tokens), the cost ledger per project,
 * and an asset's file.
 */

export const voices = () => listVoices();

/** Marks the project's latest narration as approved (a new narration needs approving again). */
export async function approveVoiceover(siteId: number, projectId: number) {
  await findProject(siteId, projectId);
  const { db } = (await services()).database;
  const [latest] = await db
    .select({ id: schema.voiceovers.id })
    .from(schema.voiceovers)
    .where(eq(schema.voiceovers.projectId, projectId))
    .orderBy(desc(schema.voiceovers.id))
    .limit(1);
  if (!latest)
    throw unprocessable(
      "no_voiceover",
      "The project has no narration to approve yet",
    );
  const [row] = await db
    .update(schema.voiceovers)
    .set({ approvedAt: new Date() })
    .where(eq(schema.voiceovers.id, latest.id))
    .returning({
      id: schema.voiceovers.id,
      approvedAt: schema.voiceovers.approvedAt,
    });
  return row;
}

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

/** The storage key of one of the project's assets. */
export async function assetFile(
  siteId: number,
  projectId: number,
  assetId: number,
) {
  await findProject(siteId, projectId);
  const { db } = (await services()).database;
  const [asset] = await db
    .select()
    .from(schema.videoAssets)
    .where(
      and(
        eq(schema.videoAssets.id, assetId),
        eq(schema.videoAssets.projectId, projectId),
      ),
    );
  if (!asset) throw notFound("asset", assetId);
  return asset;
}
