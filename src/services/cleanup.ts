import { eq, sql } from "drizzle-orm";
import type { Database } from "../db";
import { renderedVideos, voiceovers } from "../db/schema";
import { log } from "../log";
import type { MediaStore } from "../pipeline/media-store";
import type { Storage } from "../storage";
import { leaseIsStale } from "../db/lease";
import { removePartialFiles, renderKeys } from "./renders/files";

/**
 * Clears a project's intermediate files once one of its renders is published (the publish handler
 * calls this after a post goes live): files a crashed writer left half-written, the folders of
 * its failed and cancelled renders, and narrations that a newer narration of the same script
 * replaced (no render uses them; audio another row still names is kept). Finished renders, their
 * props and the narration they were made from stay, so they can be re-posted or re-rendered.
 * A render that may still be running is never touched: one queued or rendering, or one cancelled
 * or failed whose worker's heartbeat is younger than `staleAfterMs` (it stops within a heartbeat,
 * and may write until then). Returns what it removed: storage keys and media-store srcs.
 */
export async function cleanupAfterPublish(
  database: Database,
  files: { storage: Storage; media: MediaStore },
  renderedVideoId: number,
  timing: { staleAfterMs: number } = { staleAfterMs: 60_000 },
): Promise<string[]> {
  const { db } = database;
  const [render] = await db
    .select()
    .from(renderedVideos)
    .where(eq(renderedVideos.id, renderedVideoId));
  if (!render) return [];
  const removed: string[] = [];

  const renders = await db
    .select({
      id: renderedVideos.id,
      projectId: renderedVideos.projectId,
      preset: renderedVideos.preset,
      status: renderedVideos.status,
      stale: leaseIsStale(
        renderedVideos.heartbeatAt,
        timing.staleAfterMs,
      ).mapWith(Boolean),
    })
    .from(renderedVideos)
    .where(eq(renderedVideos.projectId, render.projectId));
  for (const row of renders) {
    if (row.status === "queued" || row.status === "rendering") continue;
    const { folder } = renderKeys(row);
    if (row.status === "completed")
      removed.push(...(await removePartialFiles(files.storage, folder)));
    else if (row.stale) {
      await files.storage.remove(folder);
      removed.push(folder);
    }
  }

  // Every site's narrations (a media file may be shared), but only the fields needed: the stored
  // narration itself carries every word's timing.
  const narrations = await db
    .select({
      id: voiceovers.id,
      scriptId: voiceovers.scriptId,
      projectId: voiceovers.projectId,
      audioFile: sql<string | null>`${voiceovers.voiceover}->>'audioFile'`,
    })
    .from(voiceovers);
  const newestOfScript = new Map<number, number>();
  for (const row of narrations)
    newestOfScript.set(
      row.scriptId,
      Math.max(row.id, newestOfScript.get(row.scriptId) ?? 0),
    );
  const stillNamed = new Set(
    narrations
      .filter((row) => newestOfScript.get(row.scriptId) === row.id)
      .map((row) => row.audioFile),
  );
  for (const row of narrations) {
    const audio = row.audioFile;
    if (row.projectId !== render.projectId || !audio || stillNamed.has(audio))
      continue;
    await files.media.remove(audio);
    stillNamed.add(audio);
    removed.push(audio);
  }
  log.info({ renderedVideoId, removed }, "cleaned up after publishing");
  return removed;
}
