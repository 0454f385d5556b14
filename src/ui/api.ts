"use client";

import { operations } from "@/src/api/operations";
import { ApiError as ApiProblem } from "@/src/api/operations/shared";

/**
 * The browser's only way to the data: the `/api/v1` API with the session cookie. Failures come
 * back as `ApiProblem` with a message a marketer can act on.
 */

export { ApiProblem };

const FRIENDLY: Record<string, string> = {
  unauthorized: "Your session has ended. Please sign in again.",
  forbidden: "Your role does not allow this. Ask an admin or a marketer.",
  payload_too_large: "That file or text is too large.",
  no_script: "There is no script yet. Generate or save a script first.",
  render_not_finished: "This render has not finished yet.",
  too_many_attempts:
    "Too many sign-in attempts. Wait a while (up to 15 minutes) and try again.",
  busy: "The server is busy signing people in. Try again in a moment.",
  network: "We could not reach the server. Check your connection and retry.",
  internal: "Something went wrong on our side. Please try again in a moment.",
};

/** The API's message without the field name it starts with. */
const detailOf = (error: ApiProblem) => error.message.replace(/^[^:]*:\s*/, "");

/** A sentence for the person in front of the screen, with the API's detail where it helps. */
export function describeProblem(error: unknown): string {
  if (error instanceof ApiProblem) {
    if (error.status === 404)
      return "This item no longer exists, or belongs to another team.";
    if (error.code === "validation_failed")
      return `Please check ${error.field ? `“${error.field}”` : "the form"}: ${detailOf(error)}`;
    return FRIENDLY[error.code] ?? error.message;
  }
  return FRIENDLY.internal;
}

/**
 * A refused field of a form: the body field the API named (its first part, so
 * `auto_publish_times.0` is `auto_publish_times`) and what is wrong with it; null for any other
 * failure.
 */
export function fieldProblem(
  error: unknown,
): { field: string; message: string } | null {
  if (!(error instanceof ApiProblem) || !error.field) return null;
  return {
    field: error.field.split(".")[0],
    message: detailOf(error),
  };
}

type Options = {
  method?: string;
  json?: unknown;
  body?: BodyInit;
  signal?: AbortSignal;
};

export async function api<T = unknown>(
  path: string,
  options: Options = {},
): Promise<T> {
  const headers: Record<string, string> = {};
  let body = options.body;
  if (options.json !== undefined) {
    headers["content-type"] = "application/json";
    body = JSON.stringify(options.json);
  }
  let response: Response;
  try {
    response = await fetch(path, {
      method: options.method ?? (body === undefined ? "GET" : "POST"),
      headers,
      body,
      credentials: "same-origin",
      signal: options.signal,
      cache: "no-store",
    });
  } catch (error) {
    if ((error as Error).name === "AbortError") throw error;
    throw new ApiProblem(0, "network", FRIENDLY.network);
  }
  if (response.status === 204) return undefined as T;
  const type = response.headers.get("content-type") ?? "";
  const data = type.includes("json") ? await response.json() : null;
  if (!response.ok) {
    const e = data?.error ?? {};
    if (response.status === 401 && typeof window !== "undefined") {
      window.dispatchEvent(new CustomEvent("reelwright:signed-out"));
    }
    throw new ApiProblem(
      response.status,
      e.code ?? (response.status === 404 ? "not_found" : "internal"),
      e.message ?? `The server answered ${response.status}`,
      e.field,
    );
  }
  return data as T;
}

/** An operation's documented path with its `{parameters}` filled in, and an optional query. */
function pathTo(
  operation: { path: string },
  params: Record<string, number | string> = {},
  query: Record<string, number | string | undefined> = {},
) {
  const path = operation.path.replace(/\{(\w+)\}/g, (_, name: string) =>
    encodeURIComponent(String(params[name])),
  );
  const search = new URLSearchParams(
    Object.entries(query).flatMap(([k, v]) =>
      v === undefined ? [] : [[k, String(v)]],
    ),
  ).toString();
  return search ? `${path}?${search}` : path;
}

const O = operations;
type Id = number | string;

/** Where each call goes: the operations' own paths. */
export const paths = {
  signIn: O.signIn.path,
  signOut: O.signOut.path,
  projects: (query: Record<string, number | string | undefined> = {}) =>
    pathTo(O.listProjects, {}, query),
  createProject: O.createProject.path,
  project: (id: Id) => pathTo(O.getProject, { id }),
  previewProps: (id: Id, preset?: string) =>
    pathTo(O.previewProps, { id }, { preset }),
  scriptVersions: (projectId: Id) =>
    pathTo(O.listScriptVersions, { project_id: projectId }),
  compareScripts: (projectId: Id, from: Id, to: Id) =>
    pathTo(O.compareScriptVersions, { project_id: projectId }, { from, to }),
  restoreScript: (projectId: Id, versionId: Id) =>
    pathTo(O.restoreScriptVersion, {
      project_id: projectId,
      version_id: versionId,
    }),
  script: (projectId: Id) => pathTo(O.editScript, { project_id: projectId }),
  generateScript: O.generateScript.path,
  generateVoiceover: O.generateVoiceover.path,
  previewVoice: O.previewVoice.path,
  approveVoiceover: (projectId: Id) =>
    pathTo(O.approveVoiceover, { project_id: projectId }),
  voices: O.listVoices.path,
  assets: (projectId: Id) => pathTo(O.addAsset, { project_id: projectId }),
  assetFile: (projectId: Id, assetId: Id) =>
    pathTo(O.assetFile, { project_id: projectId, asset_id: assetId }),
  visuals: (projectId: Id) => pathTo(O.listVisuals, { id: projectId }),
  chooseVisual: (projectId: Id, section: Id) =>
    pathTo(O.chooseVisual, { id: projectId, section }),
  render: O.render.path,
  renderStatus: (id: Id) => pathTo(O.renderStatus, { id }),
  review: (id: Id) => pathTo(O.reviewRendered, { id }),
  publish: O.publish.path,
  publications: (projectId?: Id) =>
    pathTo(O.publishHistory, {}, { project_id: projectId }),
  socialAccounts: O.listAccounts.path,
  connectAccount: O.connectAccount.path,
  socialAccount: (id: Id) => pathTo(O.disconnectAccount, { id }),
  keys: O.listKeys.path,
  key: (id: Id) => pathTo(O.revokeKey, { id }),
  rotateKey: (id: Id) => pathTo(O.rotateKey, { id }),
  analytics: O.analytics.path,
  videoAnalytics: (id: Id) =>
    pathTo(O.videoAnalytics, { published_video_id: id }),
  costs: (projectId?: Id) => pathTo(O.costs, {}, { project_id: projectId }),
  budgets: O.getBudgets.path,
  audit: (query: Record<string, number | string | undefined> = {}) =>
    pathTo(O.listAudit, {}, query),
  jobs: O.listJobs.path,
  cancelJob: (queue: string, id: string) => pathTo(O.cancelJob, { queue, id }),
  retryJob: (queue: string, id: string) => pathTo(O.retryJob, { queue, id }),
  publication: (id: Id) => pathTo(O.cancelPublish, { published_video_id: id }),
  automation: O.getAutomation.path,
  contentHook: O.contentPublished.path,
  notifications: O.listNotifications.path,
  readNotifications: O.readNotifications.path,
  clipSources: O.listClipSources.path,
  createClips: (query: Record<string, number | string | undefined> = {}) =>
    pathTo(O.createClips, {}, query),
  clipSource: (id: Id) => pathTo(O.getClipSource, { id }),
  clipTranscript: (id: Id) => pathTo(O.clipTranscript, { id }),
  clip: (sourceId: Id, clipId: Id) =>
    pathTo(O.adjustClip, { id: sourceId, clip_id: clipId }),
  sendClipOn: (sourceId: Id, clipId: Id) =>
    pathTo(O.sendClipOn, { id: sourceId, clip_id: clipId }),
};
