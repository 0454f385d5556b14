"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import type { ReactNode } from "react";
import {
  EmptyState,
  ErrorAlert,
  PageHead,
  PresetChips,
  ProgressBar,
  StatusBadge,
} from "./components";
import { WORKING_PROJECT_STATUSES } from "@/src/core/statuses";
import { typeLabel } from "./format";
import { ProjectProvider, useProject } from "./project";

const STEPS = [
  ["script", "Script"],
  ["voice", "Voice"],
  ["visuals", "Visuals"],
  ["preview", "Preview"],
  ["renders", "Render & review"],
  ["publish", "Publish"],
] as const;

function Frame({ children }: { children: ReactNode }) {
  const { id, detail, error, reload } = useProject();
  const pathname = usePathname();
  if (error && !detail)
    return (
      <EmptyState
        title="We could not open this project"
        action={
          <Link href="/projects" className="btn">
            Back to projects
          </Link>
        }
      >
        {error}
      </EmptyState>
    );
  if (!detail)
    return (
      <div aria-busy="true" className="stack">
        <div className="skeleton" style={{ height: 64 }} />
        <div className="skeleton" style={{ height: 320 }} />
      </div>
    );
  const { project } = detail;
  return (
    <>
      <PageHead
        crumbs={<Link href="/projects">Projects</Link>}
        title={project.title}
        lead={
          <span className="row" style={{ gap: 8 }}>
            <StatusBadge status={project.status} />
            {project.project_type && (
              <span className="chip">{typeLabel(project.project_type)}</span>
            )}
            <PresetChips presets={project.target_presets} />
          </span>
        }
      />
      {project.progress &&
        WORKING_PROJECT_STATUSES.includes(project.status) && (
          <div className="card" style={{ marginBottom: 16 }} aria-live="polite">
            <div className="row spread small" style={{ marginBottom: 8 }}>
              <strong>{project.progress.stage}</strong>
              <span className="muted">
                {Math.round(project.progress.percent)}%
              </span>
            </div>
            <ProgressBar
              value={project.progress.percent / 100}
              label="Pipeline progress"
            />
          </div>
        )}
      {project.status === "failed" && project.error && (
        <div style={{ marginBottom: 16 }}>
          <ErrorAlert
            message={`The last step stopped: ${project.error}`}
            onRetry={() => void reload()}
          />
        </div>
      )}
      <nav className="tabs" aria-label="Project steps">
        {STEPS.map(([slug, label], i) => {
          const href = `/projects/${id}/${slug}`;
          return (
            <Link
              key={slug}
              href={href}
              aria-current={pathname === href ? "page" : undefined}
            >
              <span className="step" aria-hidden="true">
                {i + 1}
              </span>
              {label}
            </Link>
          );
        })}
      </nav>
      {children}
    </>
  );
}

export function ProjectFrame({
  id,
  children,
}: {
  id: number;
  children: ReactNode;
}) {
  return (
    <ProjectProvider id={id}>
      <Frame>{children}</Frame>
    </ProjectProvider>
  );
}
