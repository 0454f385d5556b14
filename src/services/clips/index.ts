import { and, asc, desc, eq, inArray } from "drizzle-orm";
import type { PresetId } from "../../compositions/presets";
import type { ClipStage } from "../../core/clips";
import type { ClipSourceStatus } from "../../core/statuses";
import {
  clips,
  clipSources,
  type ClipRow,
  type ClipSourceRow,
} from "../../db/schema";
import { wordSpan } from "../../pipeline/clips/clip";
import { services } from "../context";
import { conflict, notFound, unprocessable } from "../errors";
import { assertFetchable } from "../fetchable";
import { readAnalysis, sourceKeys } from "./files";
import { queueClipJob } from "./jobs";

/** Long videos cut into clips, as the API sees them: sources, their clips, their transcript. */

export type NewClipSource = {
  /** An http(s) URL the source job fetches, or an upload written to storage now. */
  origin:
    | { url: string }
    | {
        fileName: string;
        /** Writes the uploaded bytes to the given path (storage's temporary name). */
        write: (path: string) => Promise<void>;
      };
  preset: PresetId;
  count: number;
  minMs: number;
  maxMs: number;
  scale: number;
};

/** Who holds a source's row while its upload is written. */
const UPLOAD_HOLDER = "upload";

/** The extension a stored source gets: the upload's, if it is a plain one, else mp4. */
const extensionOf = (name: string) =>
  /\.([a-z0-9]{1,5})$/i.exec(name)?.[1].toLowerCase() ?? "mp4";

/**
 * A source row (with its upload stored, when there is one), and its first job queued. A URL the
 * fetch guard would refuse for sure is refused now (422), before any row is made.
 */
export async function createClipSource(siteId: number, input: NewClipSource) {
  const { database, storage, queues } = await services();
  const { db } = database;
  const { origin } = input;
  if ("url" in origin) assertFetchable(origin.url, "source_url");
  const [source] = await db
    .insert(clipSources)
    .values({
      siteId,
      origin: "url" in origin ? origin.url : origin.fileName,
      preset: input.preset,
      count: input.count,
      minMs: input.minMs,
      maxMs: input.maxMs,
      scale: input.scale,
      // Held while the upload is written, so no job (nor the recovery sweep's) takes it before.
      workerId: "write" in origin ? UPLOAD_HOLDER : null,
    })
    .returning();
  if ("write" in origin) {
    const key = sourceKeys(source).source(extensionOf(origin.fileName));
    try {
      await storage.write(key, origin.write);
    } catch (error) {
      await db.delete(clipSources).where(eq(clipSources.id, source.id));
      await storage.remove(sourceKeys(source).folder);
      throw error;
    }
    source.sourcePath = key;
    source.workerId = null;
    await db
      .update(clipSources)
      .set({ sourcePath: key, workerId: null })
      .where(eq(clipSources.id, source.id));
  }
  const jobId = await queueClipJob(
    db,
    await queues(),
    "clipTranscribe",
    source.id,
  );
  return { source, jobId };
}

export async function findClipSource(
  siteId: number,
  sourceId: number,
): Promise<ClipSourceRow> {
  const { db } = (await services()).database;
  const [source] = await db
    .select()
    .from(clipSources)
    .where(and(eq(clipSources.id, sourceId), eq(clipSources.siteId, siteId)));
  if (!source) throw notFound("clip source", sourceId);
  return source;
}

/** The source with its clips, best first. */
export async function getClipSource(siteId: number, sourceId: number) {
  const source = await findClipSource(siteId, sourceId);
  const { db } = (await services()).database;
  const rows = await db
    .select()
    .from(clips)
    .where(eq(clips.sourceId, source.id))
    .orderBy(asc(clips.number));
  return { source, clips: rows };
}

/** The site's sources, newest first, each with its clips. */
export async function listClipSources(siteId: number, limit: number) {
  const { db } = (await services()).database;
  const sources = await db
    .select()
    .from(clipSources)
    .where(eq(clipSources.siteId, siteId))
    .orderBy(desc(clipSources.createdAt), desc(clipSources.id))
    .limit(limit);
  const rows = sources.length
    ? await db
        .select()
        .from(clips)
        .where(
          inArray(
            clips.sourceId,
            sources.map((s) => s.id),
          ),
        )
        .orderBy(asc(clips.number))
    : [];
  return sources.map((source) => ({
    source,
    clips: rows.filter((c) => c.sourceId === source.id),
  }));
}

/** A clip if its source belongs to the site. */
export async function findClip(
  siteId: number,
  sourceId: number,
  clipId: number,
): Promise<{ clip: ClipRow; source: ClipSourceRow }> {
  const { db } = (await services()).database;
  const [found] = await db
    .select({ clip: clips, source: clipSources })
    .from(clips)
    .innerJoin(clipSources, eq(clipSources.id, clips.sourceId))
    .where(
      and(
        eq(clips.id, clipId),
        eq(clips.sourceId, sourceId),
        eq(clipSources.siteId, siteId),
      ),
    );
  if (!found) throw notFound("clip", clipId);
  return found;
}

/** The source's words and sentences, once transcribed. */
export async function clipTranscript(siteId: number, sourceId: number) {
  const source = await findClipSource(siteId, sourceId);
  return (await analysisOf(source)).transcript;
}

async function analysisOf(source: ClipSourceRow) {
  if (!source.analysisPath)
    throw conflict(
      "not_transcribed",
      `Clip source ${source.id} is not transcribed yet`,
    );
  return readAnalysis((await services()).storage, source.analysisPath);
}

/** Removes the source, its clips and every file of theirs; a job working on it stops. */
export async function deleteClipSource(siteId: number, sourceId: number) {
  const source = await findClipSource(siteId, sourceId);
  const { database, storage } = await services();
  await database.db.delete(clipSources).where(eq(clipSources.id, source.id));
  await storage.remove(sourceKeys(source).folder);
}

/**
 * Moves a clip to start at one word and end at another of the transcript, and renders it again.
 * A clip being rendered must finish first.
 */
export async function adjustClip(
  siteId: number,
  sourceId: number,
  clipId: number,
  words: { firstWord: number; lastWord: number },
) {
  const { clip, source } = await findClip(siteId, sourceId, clipId);
  if (clip.status === "rendering" || clip.status === "queued")
    throw conflict(
      "clip_rendering",
      `Clip ${clip.id} is being rendered: adjust it once it is done`,
    );
  const { transcript } = await analysisOf(source);
  let span;
  try {
    span = wordSpan(transcript, words.firstWord, words.lastWord);
  } catch (error) {
    throw unprocessable("invalid_span", (error as Error).message, "last_word");
  }
  const length = span.endMs - span.startMs;
  if (length < 1000)
    throw unprocessable(
      "invalid_span",
      "A clip must last at least a second",
      "last_word",
    );
  const { database, queues } = await services();
  const [updated] = await database.db.transaction(async (tx) => {
    await tx
      .update(clipSources)
      .set({ status: "rendering" })
      .where(eq(clipSources.id, source.id));
    return tx
      .update(clips)
      .set({
        ...span,
        status: "queued",
        stage: null,
        reframeProgress: 0,
        renderProgress: 0,
        error: null,
        workerId: null,
      })
      .where(eq(clips.id, clip.id))
      .returning();
  });
  await queueClipJob(database.db, await queues(), "clipRender", clip.id);
  return updated;
}

type StageState = {
  status: "pending" | "running" | "done" | "failed";
  progress: number;
};

/**
 * Each stage's state for the status answer: transcribe and select from the source's row,
 * reframe and render from its clips (the mean over them).
 */
export function clipSourceStages(
  source: ClipSourceRow,
  sourceClips: ClipRow[],
): Record<ClipStage, StageState> {
  const order: ClipSourceStatus[] = [
    "queued",
    "transcribing",
    "selecting",
    "rendering",
    "completed",
  ];
  const failedAt = source.status === "failed";
  // Where the source failed: the stage it had reached (its progress columns tell).
  const reached = failedAt
    ? source.selectProgress >= 1
      ? 3
      : source.transcribeProgress >= 1
        ? 2
        : 1
    : order.indexOf(source.status);
  const own = (at: number, progress: number): StageState => ({
    status:
      reached > at
        ? "done"
        : reached === at
          ? failedAt
            ? "failed"
            : "running"
          : "pending",
    progress: reached > at ? 1 : progress,
  });
  const mean = (values: number[]) =>
    values.length ? values.reduce((a, b) => a + b, 0) / values.length : 0;
  const perClip = (progress: (c: ClipRow) => number): StageState => {
    const value = mean(sourceClips.map(progress));
    const status: StageState["status"] = !sourceClips.length
      ? failedAt && reached >= 3
        ? "failed"
        : "pending"
      : sourceClips.every((c) => c.status === "completed" || progress(c) >= 1)
        ? "done"
        : sourceClips.every((c) => c.status === "failed")
          ? "failed"
          : sourceClips.some((c) => c.status === "rendering") || value > 0
            ? "running"
            : "pending";
    return { status, progress: status === "done" ? 1 : value };
  };
  return {
    transcribe: own(1, source.transcribeProgress),
    select: own(2, source.selectProgress),
    reframe: perClip((c) => c.reframeProgress),
    render: perClip((c) => c.renderProgress),
  };
}
