"use client";

import { useEffect, useMemo, useState } from "react";
import type { Script } from "@/src/pipeline/script/script";
import { api, describeProblem, paths } from "./api";
import { EmptyState, ErrorAlert, Spinner } from "./components";
import { estimateScript, presetFit, withEstimates } from "./estimate";
import { formatSeconds, presetLabel } from "./format";
import { useProject } from "./project";
import { useCan } from "./session";
import type { ScriptRow } from "./types";

function SectionCard({
  kind,
  index,
  seconds,
  children,
  actions,
}: {
  kind: string;
  index?: number;
  seconds: number;
  children: React.ReactNode;
  actions?: React.ReactNode;
}) {
  const headingId = `sec-${kind}-${index ?? 0}`;
  return (
    <section className="section" aria-labelledby={headingId}>
      <div className="section-head">
        <h3 id={headingId} className="section-kind">
          {kind}
          {index !== undefined ? ` ${index + 1}` : ""}
        </h3>
        <div className="row" style={{ gap: 6 }}>
          <span className="badge badge-plain" title="Estimated narration time">
            ≈ {seconds.toFixed(1)} s
          </span>
          {actions}
        </div>
      </div>
      {children}
    </section>
  );
}

function TextField({
  id,
  label,
  value,
  onChange,
  rows = 3,
  hint,
}: {
  id: string;
  label: string;
  value: string;
  onChange: (v: string) => void;
  rows?: number;
  hint?: string;
}) {
  const empty = !value.trim();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {rows === 1 ? (
        <input
          id={id}
          type="text"
          value={value}
          aria-invalid={empty}
          onChange={(e) => onChange(e.target.value)}
        />
      ) : (
        <textarea
          id={id}
          rows={rows}
          value={value}
          aria-invalid={empty}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
      {empty ? (
        <span className="hint" style={{ color: "var(--bad)" }}>
          This cannot be empty.
        </span>
      ) : (
        hint && <span className="hint">{hint}</span>
      )}
    </div>
  );
}

function Editor({
  row,
  savedNotice,
  onSaved,
}: {
  row: ScriptRow;
  /** Shown on arrival: a save brings a new version, and so a new editor. */
  savedNotice: string | null;
  onSaved: (notice: string | null) => void;
}) {
  const { id, detail, reload } = useProject();
  const canWrite = useCan("projects.write");
  const draftKey = `draft:script:${id}:${row.id}`;
  const [script, setScript] = useState<Script>(row.script);
  const [dirty, setDirty] = useState(false);
  const [busy, setBusy] = useState<"save" | "regenerate" | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(savedNotice);
  const [provider, setProvider] = useState("extractive");

  // A draft of this version survives a failed save or a reload.
  useEffect(() => {
    const saved = sessionStorage.getItem(draftKey);
    if (saved) {
      try {
        setScript(JSON.parse(saved));
        setDirty(true);
        setNotice("We restored the changes you had not saved yet.");
      } catch {
        sessionStorage.removeItem(draftKey);
      }
    }
  }, [draftKey]);

  const update = (next: Script) => {
    setScript(next);
    setDirty(true);
    setNotice(null);
    sessionStorage.setItem(draftKey, JSON.stringify(next));
  };
  const patch = (p: Partial<Script>) => update({ ...script, ...p });
  const patchPoint = (i: number, p: Partial<Script["points"][number]>) =>
    patch({
      points: script.points.map((pt, j) => (j === i ? { ...pt, ...p } : pt)),
    });
  const movePoint = (i: number, by: number) => {
    const points = [...script.points];
    const [moved] = points.splice(i, 1);
    points.splice(i + by, 0, moved);
    patch({ points });
  };

  const estimate = useMemo(() => estimateScript(script), [script]);
  const presets = detail?.project.target_presets ?? [];
  const fits = presets.map((p) => presetFit(p, estimate.video));
  const invalid =
    !script.hook.trim() ||
    !script.intro.trim() ||
    !script.cta.trim() ||
    !script.title.trim() ||
    script.points.some((p) => !p.text.trim()) ||
    script.chapters.some((c) => !c.title.trim());

  async function save() {
    setBusy("save");
    setError(null);
    try {
      const saved = await api<ScriptRow>(paths.script(id), {
        method: "PUT",
        json: { script: withEstimates(script) },
      });
      sessionStorage.removeItem(draftKey);
      setDirty(false);
      onSaved(`Saved as version ${saved.version}.`);
      await reload();
    } catch (e) {
      setError(
        `Your changes are not saved yet (they are kept on this page). ${describeProblem(e)}`,
      );
    } finally {
      setBusy(null);
    }
  }

  async function regenerate() {
    if (
      dirty &&
      !window.confirm(
        "Write a new script? Your unsaved changes will be replaced.",
      )
    )
      return;
    setBusy("regenerate");
    setError(null);
    try {
      await api(paths.generateScript, { json: { project_id: id, provider } });
      sessionStorage.removeItem(draftKey);
      setNotice(
        "A new script is being written. It appears here when it is ready.",
      );
      onSaved(null);
      await reload();
    } catch (e) {
      setError(describeProblem(e));
    } finally {
      setBusy(null);
    }
  }

  return (
    <div className="editor">
      <div className="stack">
        {notice && (
          <div className="alert alert-info" role="status">
            {notice}
          </div>
        )}
        <div className="card stack">
          <TextField
            id="script-title"
            label="Video title"
            rows={1}
            value={script.title}
            onChange={(title) => patch({ title })}
          />
        </div>
        <SectionCard kind="Hook" seconds={estimate.parts.hook}>
          <TextField
            id="hook"
            label="Opening line"
            value={script.hook}
            onChange={(hook) => patch({ hook })}
            hint="The first seconds decide whether people keep watching."
          />
        </SectionCard>
        <SectionCard kind="Intro" seconds={estimate.parts.intro}>
          <TextField
            id="intro"
            label="Intro"
            value={script.intro}
            onChange={(intro) => patch({ intro })}
          />
        </SectionCard>
        {script.points.map((point, i) => (
          <SectionCard
            key={i}
            kind="Point"
            index={i}
            seconds={estimate.parts.points[i]}
            actions={
              <>
                <button
                  type="button"
                  className="btn btn-sm btn-ghost"
                  aria-label={`Move point ${i + 1} up`}
                  disabled={i === 0}
                  onClick={() => movePoint(i, -1)}
                >
                  ↑
                </button>
                <button
                  type="button"
                  className="btn btn-sm btn-ghost"
                  aria-label={`Move point ${i + 1} down`}
                  disabled={i === script.points.length - 1}
                  onClick={() => movePoint(i, 1)}
                >
                  ↓
                </button>
                <button
                  type="button"
                  className="btn btn-sm btn-ghost"
                  aria-label={`Remove point ${i + 1}`}
                  disabled={script.points.length === 1}
                  onClick={() =>
                    patch({ points: script.points.filter((_, j) => j !== i) })
                  }
                >
                  Remove
                </button>
              </>
            }
          >
            <TextField
              id={`point-${i}-overlay`}
              label="On-screen headline"
              rows={1}
              value={point.textOverlay}
              onChange={(textOverlay) => patchPoint(i, { textOverlay })}
            />
            <TextField
              id={`point-${i}-text`}
              label="Narration"
              value={point.text}
              onChange={(text) => patchPoint(i, { text })}
            />
          </SectionCard>
        ))}
        <button
          type="button"
          className="btn"
          onClick={() =>
            patch({
              points: [
                ...script.points,
                {
                  text: "New point.",
                  durationEstSec: 1,
                  visualCue: "",
                  textOverlay: "New point",
                  sourceSection: null,
                },
              ],
            })
          }
        >
          + Add a point
        </button>
        <SectionCard kind="Call to action" seconds={estimate.parts.cta}>
          <TextField
            id="cta"
            label="Closing line"
            value={script.cta}
            onChange={(cta) => patch({ cta })}
          />
        </SectionCard>
        <section className="section" aria-labelledby="chapters-h">
          <div className="section-head">
            <h3 id="chapters-h" className="section-kind">
              Chapters
            </h3>
            <span className="hint">
              Shown in the YouTube description (long video)
            </span>
          </div>
          {script.chapters.map((chapter, i) => (
            <div key={i} className="row" style={{ alignItems: "flex-end" }}>
              <div className="field" style={{ width: 110 }}>
                <label htmlFor={`chapter-${i}-time`}>Starts at (s)</label>
                <input
                  id={`chapter-${i}-time`}
                  type="number"
                  min={0}
                  value={chapter.timeSec}
                  onChange={(e) =>
                    patch({
                      chapters: script.chapters.map((c, j) =>
                        j === i
                          ? {
                              ...c,
                              timeSec: Math.max(0, Number(e.target.value) || 0),
                            }
                          : c,
                      ),
                    })
                  }
                />
              </div>
              <div className="field" style={{ flex: 1 }}>
                <label htmlFor={`chapter-${i}-title`}>Chapter {i + 1}</label>
                <input
                  id={`chapter-${i}-title`}
                  type="text"
                  value={chapter.title}
                  aria-invalid={!chapter.title.trim()}
                  onChange={(e) =>
                    patch({
                      chapters: script.chapters.map((c, j) =>
                        j === i ? { ...c, title: e.target.value } : c,
                      ),
                    })
                  }
                />
              </div>
            </div>
          ))}
        </section>
      </div>

      <aside className="stack" aria-label="Length and saving">
        <div className="card stack">
          <div>
            <p className="label">Estimated length</p>
            <p
              style={{ fontSize: 30, fontWeight: 800 }}
              aria-live="polite"
              data-testid="total-duration"
            >
              {formatSeconds(estimate.video)}
            </p>
            <p className="hint">
              At a normal pace, end card included. Version {row.version} ·{" "}
              {row.provider}
            </p>
          </div>
          <ul className="duration-list" aria-label="Fit per platform">
            {fits.map((fit) => {
              const scaleMax = Math.max(
                fit.maxSec * 1.25,
                estimate.video * 1.05,
              );
              const left = (fit.minSec / scaleMax) * 100;
              const width = ((fit.maxSec - fit.minSec) / scaleMax) * 100;
              const mark = Math.min(100, (estimate.video / scaleMax) * 100);
              return (
                <li key={fit.preset} data-testid={`fit-${fit.preset}`}>
                  <div className="row spread small">
                    <strong>{presetLabel(fit.preset)}</strong>
                    <span
                      className={fit.fits ? "muted" : ""}
                      style={
                        fit.fits ? {} : { color: "var(--bad)", fontWeight: 700 }
                      }
                    >
                      {formatSeconds(fit.minSec)}–{formatSeconds(fit.maxSec)}
                    </span>
                  </div>
                  <div className="meter" aria-hidden="true">
                    <span
                      className="range"
                      style={{ left: `${left}%`, width: `${width}%` }}
                    />
                    <span
                      className={`mark${fit.fits ? "" : " out"}`}
                      style={{ left: `${mark}%` }}
                    />
                  </div>
                  {!fit.fits && (
                    <span
                      className="hint"
                      role="alert"
                      style={{ color: "var(--bad)" }}
                    >
                      {fit.tooLong
                        ? `Too long for ${presetLabel(fit.preset)} by ${formatSeconds(estimate.video - fit.maxSec)}. Shorten or remove a point.`
                        : `Too short for ${presetLabel(fit.preset)} by ${formatSeconds(fit.minSec - estimate.video)}. Add a point or say more.`}
                    </span>
                  )}
                </li>
              );
            })}
          </ul>
          <ErrorAlert message={error} />
          {canWrite ? (
            <>
              <button
                type="button"
                className="btn btn-primary"
                onClick={save}
                disabled={!dirty || invalid || busy !== null}
              >
                {busy === "save"
                  ? "Saving…"
                  : dirty
                    ? "Save as new version"
                    : "Saved"}
              </button>
              {invalid && (
                <span className="hint">Fill in the empty fields to save.</span>
              )}
            </>
          ) : (
            <p className="hint">
              Your role can read the script but not change it.
            </p>
          )}
        </div>
        {canWrite && (
          <div className="card stack">
            <div className="field">
              <label htmlFor="provider">Write a new script with</label>
              <select
                id="provider"
                value={provider}
                onChange={(e) => setProvider(e.target.value)}
              >
                <option value="extractive">
                  Built-in writer (offline, from the article)
                </option>
                <option value="openai">OpenAI</option>
              </select>
            </div>
            <button
              type="button"
              className="btn"
              onClick={regenerate}
              disabled={busy !== null}
            >
              {busy === "regenerate" ? "Asking…" : "Regenerate script"}
            </button>
          </div>
        )}
      </aside>
    </div>
  );
}

export function ScriptEditor() {
  const { id, detail, reload } = useProject();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [savedNotice, setSavedNotice] = useState<string | null>(null);
  const waiting = Boolean(detail && !detail.script);
  // Until the script lands, look for it every few seconds.
  useEffect(() => {
    if (!waiting) return;
    const t = setInterval(() => void reload(), 2500);
    return () => clearInterval(t);
  }, [waiting, reload]);
  if (!detail) return null;
  if (!detail.script) {
    const writing = ["scripting", "draft"].includes(detail.project.status);
    return (
      <EmptyState
        title={writing ? "The script is on its way" : "No script yet"}
        action={
          <div className="stack" style={{ alignItems: "center" }}>
            {writing && (
              <Spinner label="Writing the script from your article…" />
            )}
            <ErrorAlert message={error} />
            <button
              type="button"
              className="btn"
              disabled={busy}
              onClick={async () => {
                setBusy(true);
                setError(null);
                try {
                  await api(paths.generateScript, { json: { project_id: id } });
                  await reload();
                } catch (e) {
                  setError(describeProblem(e));
                } finally {
                  setBusy(false);
                }
              }}
            >
              Write the script now
            </button>
          </div>
        }
      >
        {writing
          ? "This page updates by itself when the script is ready, usually within a minute."
          : "Generate a script to start reviewing."}
      </EmptyState>
    );
  }
  return (
    <Editor
      key={detail.script.id}
      row={detail.script}
      savedNotice={savedNotice}
      onSaved={setSavedNotice}
    />
  );
}
