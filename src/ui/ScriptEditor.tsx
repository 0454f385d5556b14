"use client";

import { useState } from "react";
import { api, describeProblem, paths } from "./api";
import { EmptyState, ErrorAlert, Spinner } from "./components";
import type { VideoType } from "@/src/pipeline/script/script";
import { useProjectDetail, useScriptVersions } from "./data";
import { typeLabel } from "./format";
import { useProject } from "./project";
import { ScriptForm } from "./script/ScriptForm";
import { ScriptVersions } from "./script/ScriptVersions";

/**
 * The script step: the newest version of each script type (one per platform group) in the editor,
 * its versions to compare and restore, or word of the script being written.
 */
export function ScriptEditor() {
  const { id, detail, reload } = useProject();
  const versions =
    useScriptVersions(id, detail?.script?.id).data?.versions ?? [];
  const [type, setType] = useState<VideoType | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [savedNotice, setSavedNotice] = useState<string | null>(null);
  // Until the script lands, look for it every few seconds.
  useProjectDetail(id, (d) => !d.script);
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
  // The newest version of each type, in the order they were last saved.
  const newest = new Map<VideoType, (typeof versions)[number]>();
  for (const v of versions)
    if (!newest.has(v.video_type)) newest.set(v.video_type, v);
  const row = (type && newest.get(type)) || detail.script;
  return (
    <div className="stack">
      {newest.size > 1 && (
        <div className="preset-tabs" role="group" aria-label="Script to edit">
          {[...newest.keys()].map((t) => (
            <button
              key={t}
              type="button"
              className="btn btn-sm"
              aria-pressed={t === row.video_type}
              onClick={() => setType(t)}
            >
              {typeLabel(t)} script
            </button>
          ))}
        </div>
      )}
      <ScriptForm
        key={row.id}
        row={row}
        savedNotice={savedNotice}
        onSaved={setSavedNotice}
      />
      <ScriptVersions />
    </div>
  );
}
