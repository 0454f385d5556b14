import { copyFile } from "node:fs/promises";
import { eq } from "drizzle-orm";
import { PRESETS } from "../../compositions/presets";
import {
  clips,
  contents,
  renderedVideos,
  videoProjects,
  videoScripts,
} from "../../db/schema";
import { defaultTypeFor } from "../../pipeline/compose";
import type { Script } from "../../pipeline/script/script";
import { services } from "../context";
import { conflict } from "../errors";
import { renderKeys } from "../renders/files";
import { findClip } from "./index";
import { clipKeys, readAnalysis } from "./files";

/**
 * Sends a rendered clip on: it becomes a project whose one render (the clip, its files copied) is
 * completed and waits for review, so it is approved and published like any other video. The
 * project's content is what the clip says; its script, one point, is the same text, so the
 * project reads like one made from an article. A clip is sent on once.
 */
export async function sendClipOn(
  siteId: number,
  sourceId: number,
  clipId: number,
) {
  const { clip, source } = await findClip(siteId, sourceId, clipId);
  if (clip.status !== "completed" || !clip.folder)
    throw conflict(
      "clip_not_rendered",
      `Clip ${clip.id} is ${clip.status}: only a rendered clip is sent on`,
    );
  if (clip.projectId)
    throw conflict(
      "clip_sent",
      `Clip ${clip.id} was already sent on as project ${clip.projectId}`,
    );
  const { database, storage } = await services();
  const { transcript } = await readAnalysis(storage, source.analysisPath!);
  const text = transcript.words
    .slice(clip.firstWord, clip.lastWord + 1)
    .map((w) => w.text)
    .join(" ");
  const title = clip.title ?? `Clip ${clip.number}`;
  const description = clip.description ?? text;
  const tags = (clip.hashtags ?? []).map((h) => h.replace(/^#/, ""));
  const type = defaultTypeFor(source.preset);
  const durationSec = (clip.durationMs ?? clip.endMs - clip.startMs) / 1000;
  const seo = { title, description, tags };
  const script: Script = {
    type,
    title,
    language: "en",
    hook: title,
    intro: text,
    points: [
      {
        text,
        durationEstSec: durationSec,
        visualCue: "",
        textOverlay: "",
        sourceSection: null,
      },
    ],
    cta: title,
    chapters: [],
    totalEstimatedDurationSec: durationSec,
    seo: { youtube: seo, instagram: seo, tiktok: seo },
  };
  const spec = PRESETS[source.preset];
  return database.db.transaction(async (tx) => {
    const [content] = await tx
      .insert(contents)
      .values({
        siteId,
        title,
        format: "markdown",
        body: `# ${title}\n\n${text}\n`,
      })
      .returning({ id: contents.id });
    const [project] = await tx
      .insert(videoProjects)
      .values({
        siteId,
        contentId: content.id,
        title,
        projectType: type,
        targetPresets: [source.preset],
        status: "review",
        settings: { clip: { sourceId: source.id, clipId: clip.id } },
      })
      .returning({ id: videoProjects.id });
    const [scriptRow] = await tx
      .insert(videoScripts)
      .values({
        projectId: project.id,
        videoType: type,
        version: 1,
        script,
        scriptText: text,
        totalEstimatedDurationSec: durationSec,
        provider: "clip",
      })
      .returning({ id: videoScripts.id });
    const [render] = await tx
      .insert(renderedVideos)
      .values({
        projectId: project.id,
        preset: source.preset,
        scriptId: scriptRow.id,
        status: "completed",
        stage: "done",
        progress: 1,
        scale: source.scale,
        durationMs: clip.durationMs,
        fileSize: clip.fileSize,
        resolution: `${Math.round(spec.width * source.scale)}x${Math.round(spec.height * source.scale)}`,
        metadata: {
          title,
          description,
          tags,
          preset: source.preset,
          platform: spec.platform,
          durationSec,
          clip: {
            sourceId: source.id,
            startMs: clip.startMs,
            endMs: clip.endMs,
          },
        },
        renderCompletedAt: new Date(),
      })
      .returning();
    const from = clipKeys(clip);
    const to = renderKeys(render);
    const copies = {
      filePath: [from.file("video"), to.video],
      srtPath: [from.file("srt"), to.srt],
      vttPath: [from.file("vtt"), to.vtt],
      thumbnailPath: [from.file("thumbnail"), to.thumbnail],
    } as const;
    for (const [source_, target] of Object.values(copies))
      await storage.write(target, (temporary) =>
        storage.localCopy(source_).then((file) => copyFile(file, temporary)),
      );
    await tx
      .update(renderedVideos)
      .set(
        Object.fromEntries(
          Object.entries(copies).map(([column, [, key]]) => [column, key]),
        ),
      )
      .where(eq(renderedVideos.id, render.id));
    await tx
      .update(clips)
      .set({ projectId: project.id })
      .where(eq(clips.id, clip.id));
    return { projectId: project.id, renderId: render.id };
  });
}
