import { CLIP_FILE_KINDS } from "../core/clips";
import type {
  ClipRow,
  ClipSourceRow,
  PublishedVideo,
  RenderedVideo,
  VideoProject,
} from "../db/schema";
import { clipSourceStages } from "../services/clips";
import { migrateLegacy } from "../services/projects/settings";
import type { AccountSummary } from "../services/social-accounts";
import { FILE_KINDS, operations, type FileKind } from "./operations";
import { snake } from "./route";

/**
 * How each row type is shown: snake_case. What is left out (storage keys, job ids, leases,
 * upload state) is decided by the operations' answer schemas, which `handle()` applies.
 */

/** A project as the API shows it: settings stored in an older shape are read as today's. */
export const projectView = (project: VideoProject) =>
  snake({
    ...project,
    settings: migrateLegacy(project.settings) as Record<string, unknown>,
  });

const FILE_COLUMN: Record<FileKind, keyof RenderedVideo> = {
  video: "filePath",
  srt: "srtPath",
  vtt: "vttPath",
  thumbnail: "thumbnailPath",
  props: "propsPath",
};

/** The storage key of one of a render's files, if it was written. */
export const renderFileKey = (render: RenderedVideo, kind: FileKind) =>
  (render[FILE_COLUMN[kind]] as string | null) ?? null;

/** A render with the download URL of each file it has. */
export function renderView(render: RenderedVideo) {
  const files = Object.fromEntries(
    FILE_KINDS.filter((kind) => renderFileKey(render, kind)).map((kind) => [
      kind,
      operations.downloadFile.path
        .replace("{id}", String(render.id))
        .replace("{kind}", kind),
    ]),
  );
  return { ...snake(render), files };
}

export const publicationView = (publication: PublishedVideo) =>
  snake(publication);

/** The 202 of an operation that queued a post's job. */
export const queuedPublication = (queued: {
  publication: PublishedVideo;
  jobId: string | null;
}) =>
  Response.json(
    { publication: publicationView(queued.publication), job_id: queued.jobId },
    { status: 202 },
  );

/** An account as the API shows it (AccountSummary already holds no token). */
export const accountView = (account: AccountSummary) => snake(account);

/** A clip with the download URL of each of its files, once rendered. */
export function clipView(clip: ClipRow) {
  const files = clip.folder
    ? Object.fromEntries(
        CLIP_FILE_KINDS.map((kind) => [
          kind,
          operations.clipFile.path
            .replace("{id}", String(clip.sourceId))
            .replace("{clip_id}", String(clip.id))
            .replace("{kind}", kind) +
            // A clip rendered again keeps its paths: a new query makes browsers fetch it anew.
            `?v=${clip.updatedAt.getTime()}`,
        ]),
      )
    : {};
  return {
    ...snake(clip),
    progress: clip.reframeProgress * 0.2 + clip.renderProgress * 0.8,
    files,
  };
}

/** A clip source with its clips and each stage's progress. */
export function clipSourceView(source: ClipSourceRow, clips: ClipRow[]) {
  return {
    ...snake(source),
    stages: clipSourceStages(source, clips),
    clips: clips.map(clipView),
  };
}
