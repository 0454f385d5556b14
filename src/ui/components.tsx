"use client";

import { useState, type CSSProperties, type ReactNode } from "react";
import { presetLabel, STATUS_LABEL, STATUS_TONE } from "./format";

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

/**
 * A titled card: a section labelled by its heading (`headingId`), with `aside` (a button, a
 * badge) at the heading's right.
 */
export function Card({
  headingId,
  title,
  aside,
  testId,
  children,
}: {
  headingId: string;
  title: ReactNode;
  aside?: ReactNode;
  testId?: string;
  children: ReactNode;
}) {
  const heading = (
    <h2 id={headingId} className="card-title">
      {title}
    </h2>
  );
  return (
    <section
      className="card stack"
      aria-labelledby={headingId}
      data-testid={testId}
    >
      {aside ? (
        <div className="row spread">
          {heading}
          {aside}
        </div>
      ) : (
        heading
      )}
      {children}
    </section>
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

/** What is wrong with a field, under it; its id is `<field id>-error` for `aria-describedby`. */
export function FieldError({
  id,
  message,
}: {
  id: string;
  message?: string | null;
}) {
  if (!message) return null;
  return (
    <span id={`${id}-error`} className="field-error" role="alert">
      {message}
    </span>
  );
}

/** The attributes that tie a control to its `FieldError`. */
export const invalidProps = (id: string, error?: string | null) =>
  error
    ? { "aria-invalid": true, "aria-describedby": `${id}-error` }
    : { "aria-invalid": undefined, "aria-describedby": undefined };

/**
 * A labelled form control: `children` is the input, select or text area with this `id`; `error`
 * (the API's refusal of this field) is shown under it.
 */
export function Field({
  id,
  label,
  hint,
  error,
  grow,
  style,
  children,
}: {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string | null;
  grow?: boolean;
  style?: CSSProperties;
  children: ReactNode;
}) {
  return (
    <div className={grow ? "field grow" : "field"} style={style}>
      <label htmlFor={id}>{label}</label>
      {children}
      {hint && <span className="hint">{hint}</span>}
      <FieldError id={id} message={error} />
    </div>
  );
}

/** One option of a `ChoiceGroup`. */
export type ChoiceOption<V> = { value: V; label: ReactNode; detail: ReactNode };

/**
 * A fieldset of option cards, each a bold label over a detail line: radio buttons for one value,
 * checkboxes for several.
 */
export function ChoiceGroup<V extends string | number>({
  legend,
  name,
  type = "radio",
  options,
  isChosen,
  onChoose,
  hint,
  error,
}: {
  legend: string;
  name: string;
  type?: "radio" | "checkbox";
  options: readonly ChoiceOption<V>[];
  isChosen: (value: V) => boolean;
  onChoose: (value: V) => void;
  hint?: ReactNode;
  error?: string | null;
}) {
  return (
    <fieldset
      aria-invalid={error ? true : undefined}
      aria-describedby={error ? `${name}-error` : undefined}
    >
      <legend>{legend}</legend>
      <div className="choice-grid">
        {options.map(({ value, label, detail }) => (
          <label key={value} className="choice">
            <input
              type={type}
              name={name}
              value={value}
              checked={isChosen(value)}
              onChange={() => onChoose(value)}
            />
            <span>
              <strong>{label}</strong>
              <span>{detail}</span>
            </span>
          </label>
        ))}
      </div>
      {hint && <p className="hint">{hint}</p>}
      <FieldError id={name} message={error} />
    </fieldset>
  );
}

/** Copies `text` to the clipboard; says when it did, or that the text must be selected by hand. */
export function CopyButton({ text, label }: { text: string; label: string }) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  return (
    <button
      type="button"
      className="btn btn-sm"
      aria-label={label}
      onClick={() =>
        navigator.clipboard
          .writeText(text)
          .then(() => setState("copied"))
          .catch(() => setState("failed"))
      }
    >
      {state === "copied"
        ? "Copied"
        : state === "failed"
          ? "Select and copy by hand"
          : "Copy"}
    </button>
  );
}

/**
 * A secret the server answers once (a new key, a new signing secret): what it is, the warning that
 * it will not be shown again, the value and a copy button.
 */
export function ShownOnce({
  secret,
  testId,
  children,
}: {
  secret: string;
  testId: string;
  children: ReactNode;
}) {
  return (
    <div className="alert alert-warn stack" role="status">
      <p>
        {children} Copy it now: <strong>it will not be shown again.</strong>
      </p>
      <div className="row secret">
        <code data-testid={testId}>{secret}</code>
        <CopyButton text={secret} label="Copy the secret" />
      </div>
    </div>
  );
}

/** A project's target presets as chips. */
export function PresetChips({ presets }: { presets: string[] }) {
  return presets.map((preset) => (
    <span key={preset} className="chip">
      {presetLabel(preset)}
    </span>
  ));
}

/** A labelled select; `empty`, when given, labels a first option with the value "". */
/** Plain values as their own labels, for a `SelectField`. */
export const plain = <T extends string>(values: readonly T[]) =>
  values.map((v) => [v, v] as const);

export function SelectField<T extends string>(props: {
  id: string;
  label: string;
  value: T | "";
  options: readonly (readonly [value: T, label: string])[];
  empty?: string;
  onChange: (value: T) => void;
}) {
  return (
    <Field id={props.id} label={props.label}>
      <select
        id={props.id}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value as T)}
      >
        {props.empty !== undefined && <option value="">{props.empty}</option>}
        {props.options.map(([value, label]) => (
          <option key={value} value={value}>
            {label}
          </option>
        ))}
      </select>
    </Field>
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
