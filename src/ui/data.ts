"use client";

import { useEffect } from "react";
import useSWR, { useSWRConfig, type SWRConfiguration } from "swr";
import {
  LIVE_CLIP_SOURCE_STATUSES,
  LIVE_PUBLISH_STATUSES,
  LIVE_RENDER_STATUSES,
  WORKING_PROJECT_STATUSES,
} from "@/src/core/statuses";
import { ApiProblem, api, paths } from "./api";
import type {
  ApiKey,
  AuditEntry,
  Automation,
  Budget,
  ClipSource,
  ClipTranscript,
  CostRow,
  JobBoard,
  Page,
  PreviewAnswer,
  Project,
  ProjectDetail,
  NotificationList,
  ProjectSettingsPatch,
  Publication,
  Render,
  RenderStatus,
  ScriptComparison,
  ScriptRow,
  SectionVisuals,
  SiteAnalytics,
  SocialAccount,
  TimelinePoint,
  Voice,
} from "./types";

/**
 * One hook per resource the pages read, all through SWR: one cache per path, so pages that show the
 * same resource share one request, and polling is SWR's `refreshInterval` while work is in flight.
 * Errors are the `ApiProblem`s of `api()`; `describeProblem` turns them into sentences.
 */

const fetcher = <T>(path: string) => api<T>(path);

const options: SWRConfiguration = {
  fetcher,
  // A refused or missing resource stays so: only a lost connection or a server error is retried.
  shouldRetryOnError: (error) =>
    !(error instanceof ApiProblem) || error.status === 0 || error.status >= 500,
};

/** Poll every `ms` while `busy` says the data is still changing. */
const pollWhile =
  <T>(ms: number, busy: (data: T) => boolean) =>
  (data: T | undefined) =>
    data !== undefined && busy(data) ? ms : 0;

/**
 * A project with its script, voiceover, assets and renders. It refreshes itself while the
 * pipeline works on it, and while `waitFor` (a page's own reason) says so.
 */
export function useProjectDetail(
  id: number,
  waitFor?: (detail: ProjectDetail) => boolean,
) {
  return useSWR<ProjectDetail, Error>(paths.project(id), {
    ...options,
    refreshInterval: pollWhile<ProjectDetail>(
      2500,
      (d) =>
        WORKING_PROJECT_STATUSES.includes(d.project.status) ||
        (waitFor?.(d) ?? false),
    ),
  });
}

/** Re-reads a project's detail (after an action, or when one of its parts finished). */
export function useRefreshProject(id: number) {
  const { mutate } = useSWRConfig();
  return () => mutate(paths.project(id));
}

/** An unfinished render's progress; the project is re-read when it finishes. */
export function useRenderStatus(render: Render) {
  const refreshProject = useRefreshProject(render.project_id);
  const live = LIVE_RENDER_STATUSES.includes(render.status);
  const { data } = useSWR<RenderStatus, Error>(
    live ? paths.renderStatus(render.id) : null,
    {
      ...options,
      // The render's row has no pieces; the first status answer brings them.
      fallbackData: { ...render, pieces: [] },
      refreshInterval: pollWhile<RenderStatus>(1500, (s) =>
        LIVE_RENDER_STATUSES.includes(s.status),
      ),
      onSuccess: (s) => {
        if (!LIVE_RENDER_STATUSES.includes(s.status)) void refreshProject();
      },
    },
  );
  return data ?? render;
}

/**
 * Each section's current visual and candidates; `enabled` false (no script yet) asks for nothing.
 * `searchAgain` makes the server plan anew (new stock searches and AI images).
 */
export function useSectionVisuals(projectId: number, enabled: boolean) {
  const path = paths.visuals(projectId);
  const visuals = useSWR<{ sections: SectionVisuals[] }, Error>(
    enabled ? path : null,
    // The server plans every section's visuals for this answer (stock searches, AI images): ask
    // again only when the user changes something, not each time the tab regains focus.
    { ...options, revalidateOnFocus: false, revalidateOnReconnect: false },
  );
  const searchAgain = () =>
    visuals.mutate(api(`${path}?refresh=true`), { revalidate: false });
  return { ...visuals, searchAgain };
}

/**
 * The props a render of `preset` would get now. The server plans the visuals for this answer, so
 * it is asked again only after a change (`useSaveSettings`), not on focus.
 */
export function usePreviewProps(projectId: number, preset: string | undefined) {
  return useSWR<PreviewAnswer, Error>(
    preset ? paths.previewProps(projectId, preset) : null,
    { ...options, revalidateOnFocus: false, revalidateOnReconnect: false },
  );
}

/** Saves a change of the project's settings, then re-reads the project and its previews. */
export function useSaveSettings(projectId: number) {
  const { mutate } = useSWRConfig();
  const previews = paths.previewProps(projectId);
  return async (settings: ProjectSettingsPatch) => {
    await api(paths.project(projectId), {
      method: "PATCH",
      json: { settings },
    });
    await Promise.all([
      mutate(paths.project(projectId)),
      mutate((key) => typeof key === "string" && key.startsWith(previews)),
    ]);
  };
}

/** Every script version of the project, newest first; read again when `newestId` changes. */
export function useScriptVersions(projectId: number, newestId?: number) {
  const answer = useSWR<{ versions: ScriptRow[] }, Error>(
    paths.scriptVersions(projectId),
    options,
  );
  const { mutate } = answer;
  useEffect(() => {
    if (newestId !== undefined) void mutate();
  }, [newestId, mutate]);
  return answer;
}

/** What changed between two versions; nothing is asked until both are chosen. */
export function useScriptComparison(
  projectId: number,
  from: number | null,
  to: number | null,
) {
  return useSWR<ScriptComparison, Error>(
    from && to && from !== to
      ? paths.compareScripts(projectId, from, to)
      : null,
    options,
  );
}

export const isPublishing = (items: Publication[]) =>
  items.some((p) => LIVE_PUBLISH_STATUSES.includes(p.status));

/** Posts (of one project, or all); refreshed while one is on its way. */
export function usePublications(projectId?: number) {
  return useSWR<{ items: Publication[] }, Error>(
    paths.publications(projectId),
    {
      ...options,
      refreshInterval: pollWhile<{ items: Publication[] }>(2500, (d) =>
        isPublishing(d.items),
      ),
    },
  );
}

export type ProjectQuery = {
  status?: string;
  project_type?: string;
  q?: string;
  per_page?: number;
};

/** A page of the site's projects; `null` asks for nothing (yet). */
export function useProjects(query: ProjectQuery | null) {
  return useSWR<Page<Project>, Error>(
    query ? paths.projects(query) : null,
    // The last page stays on screen while another filter loads.
    { ...options, keepPreviousData: true },
  );
}

export function useSocialAccounts() {
  return useSWR<{ items: SocialAccount[] }, Error>(
    paths.socialAccounts,
    options,
  );
}

/** The site's API keys; `enabled` false (not an admin) asks for nothing. */
export function useApiKeys(enabled: boolean) {
  return useSWR<{ items: ApiKey[] }, Error>(
    enabled ? paths.keys : null,
    options,
  );
}

export function useVoices() {
  return useSWR<{ items: Voice[] }, Error>(paths.voices, options);
}

export function useAnalytics() {
  return useSWR<SiteAnalytics, Error>(paths.analytics, options);
}

export function useVideoAnalytics(publicationId: number) {
  return useSWR<{ timeline: TimelinePoint[] }, Error>(
    paths.videoAnalytics(publicationId),
    options,
  );
}

export function useCosts(projectId?: number) {
  return useSWR<{ items: CostRow[] }, Error>(paths.costs(projectId), options);
}

export function useBudget() {
  return useSWR<Budget, Error>(paths.budgets, options);
}

/** The audit log's page for `query`; nothing is asked for a user who may not read it. */
export function useAudit(
  query: Record<string, number | string | undefined>,
  enabled: boolean,
) {
  return useSWR<Page<AuditEntry>, Error>(
    enabled ? paths.audit(query) : null,
    options,
  );
}

/** The site's automation settings; nothing is asked for a user who may not manage the site. */
export function useAutomation(enabled: boolean) {
  return useSWR<Automation, Error>(enabled ? paths.automation : null, options);
}

/** The jobs board, refreshed every few seconds while it is open. */
export function useJobBoard(enabled: boolean) {
  return useSWR<JobBoard, Error>(enabled ? paths.jobs : null, {
    ...options,
    refreshInterval: 3000,
  });
}

/** The site's notifications, for admins (`enabled` false asks for nothing); looked at every 30 s. */
export function useNotifications(enabled: boolean) {
  return useSWR<NotificationList, Error>(enabled ? paths.notifications : null, {
    ...options,
    refreshInterval: 30_000,
  });
}

/** The site's clip sources with their clips; polled while any is still being cut. */
export function useClipSources() {
  return useSWR<{ items: ClipSource[] }, Error>(paths.clipSources, {
    ...options,
    refreshInterval: pollWhile<{ items: ClipSource[] }>(2000, (d) =>
      d.items.some(
        (s) =>
          LIVE_CLIP_SOURCE_STATUSES.includes(s.status) ||
          s.clips.some((c) => LIVE_RENDER_STATUSES.includes(c.status)),
      ),
    ),
  });
}

/** A source's words, for the clip editor; null asks for nothing. */
export function useClipTranscript(sourceId: number | null) {
  return useSWR<ClipTranscript, Error>(
    sourceId === null ? null : paths.clipTranscript(sourceId),
    options,
  );
}
