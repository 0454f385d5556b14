import { copyFile, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { HeadlessBrowser } from "@remotion/renderer";
import { and, eq, inArray, sql, type SQL } from "drizzle-orm";
import { CLIP_FILE_KINDS } from "../../core/clips";
import { MAX_CLIP_SOURCE_BYTES } from "../../core/uploads";
import { clips, clipSources, type ClipSourceRow } from "../../db/schema";
import { analyseSpeech, selectMoments } from "../../pipeline/clips/analysis";
import { renderClip, momentSpan } from "../../pipeline/clips/clip";
import { talkKeywords } from "../../pipeline/clips/moments/heuristic";
import {
  resolveSource,
  SourceUnavailable,
  type ClipSource,
} from "../../pipeline/clips/source";
import { MediaStore } from "../../pipeline/media-store";
import type { RenderVideoOptions } from "../../pipeline/render";
import type { WorkContext } from "../context";
import { PermanentJobError } from "../errors";
import { readAnalysis, clipKeys, sourceKeys } from "./files";
import { queueClipJob } from "./jobs";

/**
 * The clip jobs' work, stage by stage: transcribe a source, select its moments, render each clip.
 * Each runs under the job's hold on its row (`ClipWork`): progress goes out with the heartbeat,
 * and the final write lands only while the row is still this worker's.
 */
export interface ClipWork {
  report(values: Record<string, unknown>): void;
  /** The condition under which the row is still this worker's. */
  ours(): SQL;
  readonly lost: AbortSignal;
}

const loadSource = async (context: WorkContext, id: number) => {
  const [source] = await context.database.db
    .select()
    .from(clipSources)
    .where(eq(clipSources.id, id));
  if (!source) throw new PermanentJobError(`Clip source ${id} is gone`);
  return source;
};

/** The source on this machine: fetched (guarded, size-limited) or the stored upload, probed. */
async function localSource(
  context: WorkContext,
  source: ClipSourceRow,
  workDir: string,
): Promise<{ clipSource: ClipSource; key: string }> {
  try {
    if (source.sourcePath)
      return {
        clipSource: await resolveSource(
          await context.storage.localCopy(source.sourcePath),
          workDir,
          { allowedHosts: [] },
        ),
        key: source.sourcePath,
      };
    const clipSource = await resolveSource(source.origin, workDir, {
      maxBytes: MAX_CLIP_SOURCE_BYTES,
      allowedHosts: context.config.REELWRIGHT_ALLOW_PRIVATE_FETCH_HOSTS,
    });
    const key = sourceKeys(source).source(
      path.extname(clipSource.file).slice(1) || "mp4",
    );
    await context.storage.write(key, (temporary) =>
      copyFile(clipSource.file, temporary),
    );
    return { clipSource, key };
  } catch (error) {
    // A refused or missing URL, or a file that is not a video with sound: no retry helps.
    if (
      error instanceof SourceUnavailable ||
      /not a video|has no (video|audio)/.test((error as Error).message)
    )
      throw new PermanentJobError((error as Error).message);
    throw error;
  }
}

/** Transcribe: the source fetched and stored, its words and loudness, then the select job. */
export async function transcribeClipSource(
  context: WorkContext,
  sourceId: number,
  work: ClipWork,
) {
  const source = await loadSource(context, sourceId);
  const workDir = await mkdtemp(path.join(tmpdir(), "rw-clip-source-"));
  try {
    const { clipSource, key } = await localSource(context, source, workDir);
    const warnings: string[] = [];
    const analysis = await analyseSpeech({
      file: clipSource.file,
      workDir,
      config: context.config,
      onProgress: (fraction) => work.report({ transcribeProgress: fraction }),
      onWarning: (message) => warnings.push(message),
    });
    const analysisKey = sourceKeys(source).analysis;
    await context.storage.write(analysisKey, (temporary) =>
      writeFile(temporary, JSON.stringify(analysis)),
    );
    const [moved] = await context.database.db
      .update(clipSources)
      .set({
        status: "selecting",
        workerId: null,
        transcribeProgress: 1,
        sourcePath: key,
        analysisPath: analysisKey,
        width: clipSource.width,
        height: clipSource.height,
        durationMs: Math.round(clipSource.durationMs),
        transcriber: analysis.transcript.provider,
        warnings,
      })
      .where(work.ours())
      .returning({ id: clipSources.id });
    if (moved)
      await queueClipJob(
        context.database.db,
        context.boss,
        "clipSelect",
        sourceId,
      );
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

/** Select: the best moments become clip rows, each with its render job. */
export async function selectClipMoments(
  context: WorkContext,
  sourceId: number,
  work: ClipWork,
) {
  const source = await loadSource(context, sourceId);
  const warnings = [...source.warnings];
  const analysis = await readAnalysis(context.storage, source.analysisPath!);
  let found;
  try {
    found = await selectMoments({
      analysis,
      range: { count: source.count, minMs: source.minMs, maxMs: source.maxMs },
      config: context.config,
      onWarning: (message) => warnings.push(message),
    });
  } catch (error) {
    if (/^No run of whole sentences/.test((error as Error).message))
      throw new PermanentJobError((error as Error).message);
    throw error;
  }
  const { transcript } = analysis;
  const created = await context.database.db.transaction(async (tx) => {
    const [moved] = await tx
      .update(clipSources)
      .set({
        status: "rendering",
        workerId: null,
        selectProgress: 1,
        selector: found.provider,
        warnings,
      })
      .where(work.ours())
      .returning({ id: clipSources.id });
    if (!moved) return [];
    return tx
      .insert(clips)
      .values(
        found.moments.map((moment, i) => ({
          sourceId,
          number: i + 1,
          ...momentSpan(transcript, moment),
          score: moment.score,
          components: moment.components,
          reason: moment.reason ?? null,
          pick: {
            title: moment.title,
            hook: moment.hook,
            hashtags: moment.hashtags,
          },
        })),
      )
      .returning({ id: clips.id });
  });
  for (const { id } of created)
    await queueClipJob(context.database.db, context.boss, "clipRender", id);
}

/** Render: one clip reframed, rendered and checked, its files stored, its row done. */
export async function renderSourceClip(
  context: WorkContext,
  clipId: number,
  work: ClipWork,
  tools: {
    serveUrl: string;
    browser: HeadlessBrowser;
    cancelSignal?: RenderVideoOptions["cancelSignal"];
  },
) {
  const { db } = context.database;
  const [clip] = await db.select().from(clips).where(eq(clips.id, clipId));
  if (!clip) throw new PermanentJobError(`Clip ${clipId} is gone`);
  const source = await loadSource(context, clip.sourceId);
  const workDir = await mkdtemp(path.join(tmpdir(), "rw-clip-"));
  try {
    const { clipSource } = await localSource(context, source, workDir);
    const { transcript } = await readAnalysis(
      context.storage,
      source.analysisPath!,
    );
    const src = await new MediaStore(context.config.mediaDir).putFile(
      clipSource.file,
    );
    const result = await renderClip({
      number: clip.number,
      span: clip,
      pick: {
        ...clip.pick,
        score: clip.score,
        components: clip.components,
        reason: clip.reason ?? undefined,
      },
      transcript,
      keywords: talkKeywords(transcript),
      source: clipSource,
      src,
      preset: source.preset,
      scale: source.scale,
      outDir: workDir,
      serveUrl: tools.serveUrl,
      browser: tools.browser,
      cancelSignal: tools.cancelSignal,
      onEvent: (event) => {
        if (event.type === "stage" && event.status === "start")
          work.report({ stage: event.stage });
        if (
          event.type === "stage" &&
          event.stage === "reframe" &&
          event.status === "done"
        )
          work.report({ reframeProgress: 1 });
        if (event.type === "progress" && event.stage === "render")
          work.report({ renderProgress: event.fraction });
      },
    });
    const keys = clipKeys(clip);
    for (const kind of CLIP_FILE_KINDS)
      await context.storage.write(keys.file(kind), (temporary) =>
        copyFile(path.join(workDir, result.files[kind]), temporary),
      );
    const [done] = await db
      .update(clips)
      .set({
        status: "completed",
        stage: "done",
        workerId: null,
        reframeProgress: 1,
        renderProgress: 1,
        title: result.title,
        description: result.description,
        hashtags: result.hashtags,
        durationMs: Math.round(result.durationMs),
        fileSize: result.sizeBytes,
        folder: keys.folder,
      })
      .where(work.ours())
      .returning({ id: clips.id });
    if (done) await settleClipSource(context, source.id);
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

/**
 * Once none of a source's clips is queued or rendering, the source is `completed` when any clip
 * was made, `failed` when none was.
 */
export async function settleClipSource(context: WorkContext, sourceId: number) {
  const { db } = context.database;
  const rows = await db
    .select({ status: clips.status })
    .from(clips)
    .where(eq(clips.sourceId, sourceId));
  if (rows.some((r) => r.status === "queued" || r.status === "rendering"))
    return;
  const made = rows.some((r) => r.status === "completed");
  await db
    .update(clipSources)
    .set(
      made
        ? { status: "completed", error: null }
        : { status: "failed", error: "No clip could be rendered" },
    )
    .where(
      and(
        eq(clipSources.id, sourceId),
        inArray(clipSources.status, ["rendering"]),
      ),
    );
}

/**
 * A failed attempt of a clip job: with attempts left the row waits again (saying why) and the
 * job is retried; on the last attempt, or for a failure no retry can fix, the row is `failed`.
 */
export async function recordClipFailure(
  context: WorkContext,
  target: { table: "source" | "clip"; id: number; waiting: string },
  work: ClipWork,
  error: unknown,
  attempt: { retryCount: number; retryLimit: number },
): Promise<{ last: boolean; message: string }> {
  const message = error instanceof Error ? error.message : String(error);
  const last =
    error instanceof PermanentJobError ||
    attempt.retryCount >= attempt.retryLimit;
  const values = last
    ? { status: "failed", error: message, workerId: null }
    : {
        status: target.waiting,
        workerId: null,
        error: `Attempt ${attempt.retryCount + 1} of ${attempt.retryLimit + 1} failed: ${message} Trying again.`,
      };
  const table = target.table === "source" ? clipSources : clips;
  await context.database.db
    .update(table as typeof clips)
    .set({ ...values, heartbeatAt: sql`now()` } as never)
    .where(work.ours());
  if (last && target.table === "clip") {
    const [clip] = await context.database.db
      .select({ sourceId: clips.sourceId })
      .from(clips)
      .where(eq(clips.id, target.id));
    if (clip) await settleClipSource(context, clip.sourceId);
  }
  return { last, message };
}
