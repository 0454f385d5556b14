import type { PublishedVideo, RenderedVideo, VideoProject } from "../db/schema";
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
