"use client";

/**
 * The browser's only way to the data: the `/api/v1` API with the session cookie. Failures come
 * back as `ApiProblem` with a message a marketer can act on.
 */

export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

const FRIENDLY: Record<string, string> = {
  unauthorized: "Your session has ended. Please sign in again.",
  forbidden: "Your role does not allow this. Ask an admin or a marketer.",
  payload_too_large: "That file or text is too large.",
  invalid_content:
    "We could not read that article. Check that it has a title and some paragraphs.",
  no_script: "There is no script yet. Generate or save a script first.",
  render_not_finished: "This render has not finished yet.",
  too_many_attempts:
    "Too many sign-in attempts. Wait a while (up to 15 minutes) and try again.",
  busy: "The server is busy signing people in. Try again in a moment.",
  network: "We could not reach the server. Check your connection and retry.",
  internal: "Something went wrong on our side. Please try again in a moment.",
};

/** A sentence for the person in front of the screen, with the API's detail where it helps. */
export function describeProblem(error: unknown): string {
  if (error instanceof ApiProblem) {
    if (error.status === 404)
      return "This item no longer exists, or belongs to another team.";
    if (error.code === "validation_failed")
      return `Please check ${error.field ? `“${error.field}”` : "the form"}: ${error.message.replace(/^[^:]*:\s*/, "")}`;
    return FRIENDLY[error.code] ?? error.message;
  }
  return FRIENDLY.internal;
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

const V = "/api/v1/video";
export const paths = {
  me: "/api/v1/auth/me",
  signIn: "/api/v1/auth/sign-in",
  signOut: "/api/v1/auth/sign-out",
  projects: `${V}/projects/`,
  project: (id: number | string) => `${V}/projects/${id}/`,
  script: (projectId: number | string) => `${V}/scripts/${projectId}/`,
  generateScript: `${V}/scripts/generate/`,
  generateVoiceover: `${V}/voiceover/generate/`,
  previewVoice: `${V}/voiceover/preview/`,
  voices: `${V}/voiceover/voices/`,
  assets: (projectId: number | string) => `${V}/assets/${projectId}/`,
  render: `${V}/render/`,
  renderStatus: (id: number) => `${V}/render/${id}/status/`,
  rendered: (projectId: number | string) => `${V}/rendered/${projectId}/`,
  review: (id: number) => `${V}/rendered/${id}/review/`,
  publish: `${V}/publish/`,
  publications: (projectId?: number | string) =>
    projectId ? `${V}/publish/?project_id=${projectId}` : `${V}/publish/`,
  socialAccounts: "/api/v1/accounts/",
  connectAccount: "/api/v1/accounts/connect/",
  socialAccount: (id: number) => `/api/v1/accounts/${id}/`,
  keys: "/api/v1/keys/",
  key: (id: number) => `/api/v1/keys/${id}/`,
  rotateKey: (id: number) => `/api/v1/keys/${id}/rotate/`,
  analytics: `${V}/analytics/`,
  videoAnalytics: (id: number) => `${V}/analytics/${id}/`,
  costs: (projectId?: number | string) =>
    projectId ? `${V}/costs/?project_id=${projectId}` : `${V}/costs/`,
};
