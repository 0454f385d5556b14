"use client";

import { useState } from "react";
import { api, describeProblem, paths } from "./api";
import { EmptyState, ErrorAlert, Spinner } from "./components";
import { useProjectDetail } from "./data";
import { useProject } from "./project";
import { ScriptForm } from "./script/ScriptForm";

/** The script step: the latest version in the editor, or word of the one being written. */
export function ScriptEditor() {
  const { id, detail, reload } = useProject();
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
  return (
    <ScriptForm
      key={detail.script.id}
      row={detail.script}
      savedNotice={savedNotice}
      onSaved={setSavedNotice}
    />
  );
}
