"use client";

import type { CSSProperties, ReactNode } from "react";
import { STATUS_LABEL, STATUS_TONE } from "./format";

export function StatusBadge({ status }: { status: string }) {
  const tone = STATUS_TONE[status];
  return (
    <span className={`badge${tone ? ` badge-${tone}` : ""}`}>
      {STATUS_LABEL[status] ?? status}
    </span>
  );
}

export function Spinner({ label = "Loading" }: { label?: string }) {
  return (
    <span role="status" className="row small muted">
      <span className="spinner" aria-hidden="true" />
      {label}
    </span>
  );
}

export function ProgressBar({
  value,
  label,
}: {
  value: number;
  label: string;
}) {
  const pct = Math.round(Math.max(0, Math.min(1, value)) * 100);
  return (
    <div
      className="progress"
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={pct}
    >
      <span style={{ width: `${pct}%` }} />
    </div>
  );
}

export function ErrorAlert({
  message,
  onRetry,
}: {
  message: string | null;
  onRetry?: () => void;
}) {
  if (!message) return null;
  return (
    <div className="alert alert-bad row spread" role="alert">
      <span>{message}</span>
      {onRetry && (
        <button type="button" className="btn btn-sm" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}

export function EmptyState({
  title,
  children,
  action,
}: {
  title: string;
  children?: ReactNode;
  action?: ReactNode;
}) {
  return (
    <div className="card empty">
      <h3>{title}</h3>
      {children && <p>{children}</p>}
      {action}
    </div>
  );
}

export function PageHead({
  title,
  lead,
  actions,
  crumbs,
}: {
  title: ReactNode;
  lead?: ReactNode;
  actions?: ReactNode;
  crumbs?: ReactNode;
}) {
  return (
    <header className="page-head">
      <div>
        {crumbs && (
          <nav aria-label="Breadcrumb" className="crumbs">
            {crumbs}
          </nav>
        )}
        <h1>{title}</h1>
        {lead && <p>{lead}</p>}
      </div>
      {actions && <div className="row">{actions}</div>}
    </header>
  );
}

/** "12 / 100" under a field; red past the limit. */
export function Counter({
  used,
  max,
  unit = "characters",
  id,
}: {
  used: number;
  max: number | null;
  unit?: string;
  id?: string;
}) {
  if (max === null) return null;
  const over = used > max;
  return (
    <span
      id={id}
      className={`counter${over ? " over" : ""}`}
      aria-live="polite"
    >
      {used} / {max} {unit}
      {over ? ` — ${used - max} over the limit` : ""}
    </span>
  );
}

/** A rendered video from the same-origin files route, with its captions as a track. */
export function VideoPlayer({
  files,
  label,
  style,
}: {
  files: { video?: string; thumbnail?: string; vtt?: string };
  label: string;
  style?: CSSProperties;
}) {
  return (
    <video
      controls
      preload="metadata"
      src={files.video}
      poster={files.thumbnail}
      style={style}
      aria-label={label}
    >
      {files.vtt && (
        <track
          kind="captions"
          src={files.vtt}
          srcLang="en"
          label="English (burned in already; for screen readers)"
        />
      )}
    </video>
  );
}

/** A labelled form field around its one input. */
export function Field({
  id,
  label,
  children,
  style,
}: {
  id: string;
  label: string;
  children: ReactNode;
  style?: CSSProperties;
}) {
  return (
    <div className="field" style={style}>
      <label htmlFor={id}>{label}</label>
      {children}
    </div>
  );
}
