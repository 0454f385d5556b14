import type { PublishedVideo, RenderedVideo, VideoProject } from "../db/schema";
import type { AccountSummary } from "../services/social-accounts";
import { FILE_KINDS, type FileKind } from "./operations";
import { snake } from "./route";

/** How each row type is shown: snake_case, without internal paths and job ids. */

export const projectView = (project: VideoProject) => snake(project);

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

/** Internal bookkeeping a client has no use for (files are offered as download URLs). */
const HIDDEN_RENDER_FIELDS = new Set<string>([
  ...Object.values(FILE_COLUMN),
  "jobId",
  "attempts",
  "workerId",
  "heartbeatAt",
  "renderStartedAt",
]);

export function renderView(render: RenderedVideo) {
  const shown = Object.fromEntries(
    Object.entries(render).filter(([key]) => !HIDDEN_RENDER_FIELDS.has(key)),
  );
  const files = Object.fromEntries(
    FILE_KINDS.filter((kind) => renderFileKey(render, kind)).map((kind) => [
      kind,
      `/api/v1/video/rendered/${render.id}/files/${kind}`,
    ]),
  );
  return { ...snake(shown), files };
}

const HIDDEN_PUBLICATION_FIELDS = new Set<string>([
  "uploadState",
  "jobId",
  "updatedAt",
]);

export const publicationView = (publication: PublishedVideo) =>
  snake(
    Object.fromEntries(
      Object.entries(publication).filter(
        ([key]) => !HIDDEN_PUBLICATION_FIELDS.has(key),
      ),
    ),
  );

/** An account as the API shows it (AccountSummary already holds no token). */
export const accountView = (account: AccountSummary) => snake(account);
