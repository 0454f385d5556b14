"use client";

import { useEffect, useMemo, useState } from "react";
import type { Script } from "@/src/pipeline/script/script";
import { api, describeProblem, paths } from "../api";
import { ErrorAlert } from "../components";
import { estimateScript, presetFit, withEstimates } from "../estimate";
import { formatSeconds } from "../format";
import { useProject } from "../project";
import { useCan } from "../session";
import type { ScriptRow } from "../types";
import { ChaptersField } from "./ChaptersField";
import { PointCard } from "./PointCard";
import { PresetFits } from "./PresetFits";
import { RegenerateScript } from "./RegenerateScript";
import { SectionCard } from "./SectionCard";
import { TextField } from "./TextField";

const NEW_POINT = {
  text: "New point.",
  durationEstSec: 1,
  visualCue: "",
  textOverlay: "New point",
  sourceSection: null,
};

/** One script version, edited section by section and saved as the next version. */
export function ScriptForm({
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

  /** One of the script's single-text parts, with its speaking time. */
  const line = (
    part: "hook" | "intro" | "cta",
    kind: string,
    label: string,
    hint?: string,
  ) => (
    <SectionCard kind={kind} seconds={estimate.parts[part]}>
      <TextField
        id={part}
        label={label}
        value={script[part]}
        onChange={(text) => patch({ [part]: text })}
        hint={hint}
      />
    </SectionCard>
  );

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
        {line(
          "hook",
          "Hook",
          "Opening line",
          "The first seconds decide whether people keep watching.",
        )}
        {line("intro", "Intro", "Intro")}
        {script.points.map((point, i) => (
          <PointCard
            key={i}
            point={point}
            index={i}
            count={script.points.length}
            seconds={estimate.parts.points[i]}
            onChange={(p) => patchPoint(i, p)}
            onMove={(by) => movePoint(i, by)}
            onRemove={() =>
              patch({ points: script.points.filter((_, j) => j !== i) })
            }
          />
        ))}
        <button
          type="button"
          className="btn"
          onClick={() => patch({ points: [...script.points, NEW_POINT] })}
        >
          + Add a point
        </button>
        {line("cta", "Call to action", "Closing line")}
        <ChaptersField
          chapters={script.chapters}
          onChange={(chapters) => patch({ chapters })}
        />
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
          <PresetFits fits={fits} videoSec={estimate.video} />
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
          <RegenerateScript
            provider={provider}
            onProvider={setProvider}
            busy={busy === "regenerate"}
            disabled={busy !== null}
            onRegenerate={regenerate}
          />
        )}
      </aside>
    </div>
  );
}
