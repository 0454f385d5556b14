"use client";

import { useState } from "react";
import { useSWRConfig } from "swr";
import { api, describeProblem, paths } from "../api";
import { ErrorAlert } from "../components";
import { useScriptComparison, useScriptVersions } from "../data";
import { VIDEO_TYPES } from "@/src/core/video-types";
import { formatRelative } from "../format";
import { useProject } from "../project";
import { useCan } from "../session";
import type { ScriptRow } from "../types";

/** "Short v2" */
const versionName = (row: ScriptRow) =>
  `${VIDEO_TYPES[row.video_type].label} v${row.version}`;

const versionLabel = (row: ScriptRow) =>
  `${versionName(row)} · ${row.provider} · ${formatRelative(row.created_at)}`;

/** Every saved version: compare two word by word, and restore one as the newest. */
export function ScriptVersions() {
  const { id, reload } = useProject();
  const canWrite = useCan("projects.write");
  const { mutate } = useSWRConfig();
  const versions = useScriptVersions(id).data?.versions ?? [];
  const [from, setFrom] = useState<number | null>(null);
  const [to, setTo] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // By default the newest version against the one before it of the same type.
  const newest = versions[0];
  const toId = to ?? newest?.id ?? null;
  const toRow = versions.find((v) => v.id === toId);
  const fromId =
    from ??
    versions.find((v) => v.id !== toId && v.video_type === toRow?.video_type)
      ?.id ??
    null;
  const fromRow = versions.find((v) => v.id === fromId);
  const comparison = useScriptComparison(id, fromId, toId);
  if (versions.length < 2) return null;

  async function restore() {
    if (!fromId) return;
    setBusy(true);
    setError(null);
    try {
      await api(paths.restoreScript(id, fromId), { method: "POST" });
      setFrom(null);
      setTo(null);
      await Promise.all([mutate(paths.scriptVersions(id)), reload()]);
    } catch (e) {
      setError(describeProblem(e));
    } finally {
      setBusy(false);
    }
  }

  const picker = (
    label: string,
    value: number | null,
    onChange: (id: number) => void,
  ) => (
    <div className="field">
      <label htmlFor={`version-${label}`}>{label}</label>
      <select
        id={`version-${label}`}
        value={value ?? ""}
        onChange={(e) => onChange(Number(e.target.value))}
      >
        {versions.map((v) => (
          <option key={v.id} value={v.id}>
            {versionLabel(v)}
          </option>
        ))}
      </select>
    </div>
  );

  return (
    <section className="card stack" aria-labelledby="versions-h">
      <h2 id="versions-h" style={{ fontSize: 18 }}>
        Versions
      </h2>
      <div className="grid-2">
        {picker("Compare", fromId, setFrom)}
        {picker("with", toId, setTo)}
      </div>
      {comparison.error && (
        <ErrorAlert message={describeProblem(comparison.error)} />
      )}
      {comparison.data && (
        <div className="stack" data-testid="script-diff">
          {comparison.data.sections
            .filter((s) => s.changed)
            .map((section) => (
              <p key={section.index} className="small">
                <strong>
                  {section.index + 1}. {section.kind}:{" "}
                </strong>
                {section.changes.map((c, i) =>
                  c.op === "added" ? (
                    <ins key={i} className="diff-added">
                      {c.text}
                    </ins>
                  ) : c.op === "removed" ? (
                    <del key={i} className="diff-removed">
                      {c.text}
                    </del>
                  ) : (
                    <span key={i}>{c.text}</span>
                  ),
                )}
              </p>
            ))}
          {comparison.data.sections.every((s) => !s.changed) && (
            <p className="muted small">The narration is the same in both.</p>
          )}
        </div>
      )}
      {canWrite && fromId && (
        <div className="row">
          <button
            type="button"
            className="btn"
            disabled={busy}
            onClick={restore}
          >
            Restore {fromRow && versionName(fromRow)}
          </button>
          <span className="hint">
            Saved as the newest version of its type; nothing is lost.
          </span>
        </div>
      )}
      <ErrorAlert message={error} />
    </section>
  );
}
