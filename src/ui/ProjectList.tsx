"use client";

import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useEffect, useState } from "react";
import {
  PROJECT_STATUSES,
  WORKING_PROJECT_STATUSES,
} from "@/src/core/statuses";
import { VIDEO_TYPE_IDS, VIDEO_TYPES } from "@/src/core/video-types";
import { describeProblem } from "./api";
import {
  EmptyState,
  ErrorAlert,
  Field,
  PageHead,
  PresetChips,
  SelectField,
  StatusBadge,
} from "./components";
import { useProjectDetail, useProjects } from "./data";
import { formatRelative, STATUS_LABEL, typeLabel } from "./format";
import type { Project } from "./types";

/** A project's picture: its latest finished render's thumbnail, else its first image. */
function Thumbnail({ project }: { project: Project }) {
  const { data: d } = useProjectDetail(project.id);
  const src =
    d?.renders.find((r) => r.files.thumbnail)?.files.thumbnail ??
    d?.assets.find((a) => a.asset_type === "image" && a.file_url)?.file_url ??
    null;
  return (
    <div className="thumb">
      {src ? (
        <img src={src} alt="" loading="lazy" />
      ) : (
        <span aria-hidden="true">{project.title.slice(0, 1)}</span>
      )}
      <StatusBadge status={project.status} />
    </div>
  );
}

export function ProjectList() {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const status = params.get("status") ?? "";
  const type = params.get("type") ?? "";
  const q = params.get("q") ?? "";
  const [search, setSearch] = useState(q);

  const setParam = (name: string, value: string) => {
    const next = new URLSearchParams(params.toString());
    if (value) next.set(name, value);
    else next.delete(name);
    router.replace(`${pathname}${next.size ? `?${next}` : ""}`);
  };

  // Search as the user types, a moment after the last key.
  useEffect(() => {
    if (search === q) return;
    const t = setTimeout(() => setParam("q", search.trim()), 300);
    return () => clearTimeout(t);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [search]);

  const projects = useProjects({
    per_page: 48,
    status: status || undefined,
    project_type: type || undefined,
    q: q || undefined,
  });
  const data = projects.data ?? null;
  const error = projects.error ? describeProblem(projects.error) : null;

  const filtered = Boolean(status || type || q);

  return (
    <>
      <PageHead
        title="Projects"
        lead="Every video your team is making, from script to published."
        actions={
          <Link className="btn btn-primary" href="/projects/new">
            + New video
          </Link>
        }
      />
      <form
        className="filters"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          setParam("q", search.trim());
        }}
      >
        <Field id="q" label="Search" grow>
          <input
            id="q"
            type="search"
            placeholder="Search by title"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
          />
        </Field>
        <SelectField
          id="status"
          label="Status"
          empty="All statuses"
          value={status}
          options={PROJECT_STATUSES.map((s) => [s, STATUS_LABEL[s]])}
          onChange={(value) => setParam("status", value)}
        />
        <SelectField
          id="type"
          label="Type"
          empty="All types"
          value={type}
          options={VIDEO_TYPE_IDS.map((value) => [value, typeLabel(value)])}
          onChange={(value) => setParam("type", value)}
        />
      </form>
      <ErrorAlert message={error} onRetry={() => void projects.mutate()} />
      {!data && !error && (
        <div className="project-grid" aria-busy="true">
          {[0, 1, 2].map((i) => (
            <div key={i} className="skeleton" style={{ height: 260 }} />
          ))}
        </div>
      )}
      {data && data.items.length === 0 && (
        <EmptyState
          title={filtered ? "No projects match" : "No videos yet"}
          action={
            filtered ? (
              <button
                type="button"
                className="btn"
                onClick={() => {
                  setSearch("");
                  router.replace(pathname);
                }}
              >
                Clear filters
              </button>
            ) : (
              <Link className="btn btn-primary" href="/projects/new">
                Create your first video
              </Link>
            )
          }
        >
          {filtered
            ? "Try another word or clear the filters."
            : "Turn an article into narrated videos for every platform."}
        </EmptyState>
      )}
      {data && data.items.length > 0 && (
        <>
          <p
            className="small muted"
            aria-live="polite"
            style={{ marginBottom: 12 }}
          >
            {data.total} project{data.total === 1 ? "" : "s"}
          </p>
          <ul
            className="project-grid"
            style={{ listStyle: "none", padding: 0, margin: 0 }}
          >
            {data.items.map((p) => (
              <li key={p.id} style={{ display: "flex" }}>
                <Link
                  href={`/projects/${p.id}/script`}
                  className="project-card"
                  style={{ flex: 1 }}
                >
                  <Thumbnail project={p} />
                  <div className="body">
                    <h3>{p.title}</h3>
                    <div className="chips">
                      {p.project_type && (
                        <span className="chip">
                          {VIDEO_TYPES[p.project_type].label}
                        </span>
                      )}
                      <PresetChips presets={p.target_presets} />
                    </div>
                    {p.progress &&
                      WORKING_PROJECT_STATUSES.includes(p.status) && (
                        <p className="small muted">
                          {p.progress.stage} · {Math.round(p.progress.percent)}%
                        </p>
                      )}
                    <p className="meta">
                      Updated {formatRelative(p.updated_at)}
                    </p>
                  </div>
                </Link>
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}
