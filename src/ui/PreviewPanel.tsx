"use client";

import { Player } from "@remotion/player";
import { useState } from "react";
import { PRESETS, type PresetId } from "@/src/compositions/presets";
import { Video } from "@/src/compositions/Video";
import { describeProblem } from "./api";
import { EmptyState, Spinner } from "./components";
import { usePreviewProps } from "./data";
import { formatSeconds, presetLabel } from "./format";
import { useProject } from "./project";
import { LookSettings } from "./settings/LookSettings";
import { useProjectSettings } from "./settings/useSettings";

/**
 * Every target preset played in the browser by the renderer's own compositions, on the props a
 * render would get now (the server's builder: real images, narration, captions, music, theme).
 */
export function PreviewPanel() {
  const { id, detail } = useProject();
  const { settings } = useProjectSettings();
  const presets = detail?.project.target_presets ?? [];
  const [chosen, setChosen] = useState<PresetId | null>(null);
  const preset = chosen ?? presets[0];
  const hasScript = Boolean(detail?.script);
  const preview = usePreviewProps(id, hasScript ? preset : undefined);
  if (!detail) return null;
  if (!hasScript || !preset)
    return (
      <EmptyState title="Nothing to preview yet">
        The preview appears once the project has a script.
      </EmptyState>
    );
  if (preview.error && !preview.data)
    return (
      <EmptyState title="This script cannot be previewed">
        {describeProblem(preview.error)}
      </EmptyState>
    );
  const answer = preview.data;
  const props = answer?.props ?? null;
  const spec = PRESETS[preset];
  const fps = spec.fps;
  const vertical = spec.height > spec.width;
  const speed = settings.voice?.speed ?? 1;
  return (
    <div className="stack">
      <div className="preset-tabs" role="group" aria-label="Preset to preview">
        {presets.map((p) => (
          <button
            key={p}
            type="button"
            className="btn btn-sm"
            aria-pressed={p === preset}
            onClick={() => setChosen(p)}
          >
            {presetLabel(p)}
          </button>
        ))}
      </div>
      <div
        className="row"
        style={{ alignItems: "flex-start", gap: 24, flexWrap: "wrap" }}
      >
        <div
          className={`player-frame${vertical ? " vertical" : ""}`}
          style={{ flex: vertical ? "0 0 340px" : "1 1 640px" }}
          data-testid="player"
          aria-busy={preview.isValidating}
        >
          {props ? (
            <Player
              key={preset}
              component={Video}
              inputProps={props}
              durationInFrames={Math.max(
                1,
                Math.round((props.durationMs / 1000) * fps),
              )}
              fps={fps}
              compositionWidth={spec.width}
              compositionHeight={spec.height}
              style={{ width: "100%" }}
              controls
              clickToPlay
              acknowledgeRemotionLicense
            />
          ) : (
            <Spinner label="Building the preview…" />
          )}
        </div>
        <aside className="card stack" style={{ flex: "1 1 320px" }}>
          <h2 style={{ fontSize: 18 }}>{presetLabel(preset)}</h2>
          <p className="small muted">
            {spec.width}×{spec.height} · {fps} fps
            {props && <> · {formatSeconds(props.durationMs / 1000)}</>}
            {answer && <> · script version {answer.script_version}</>}
          </p>
          {answer?.problem && (
            <div className="alert alert-warn" role="alert">
              {answer.problem} The render will be refused: adjust the script
              first.
            </div>
          )}
          {answer && !answer.narrated && (
            <p className="small" role="status">
              No narration yet: the words show on screen at an estimated{" "}
              {answer.narration_speed.toFixed(2)}× pace, as in a silent render.
            </p>
          )}
          {answer?.narrated && answer.narration_speed !== speed && (
            <p className="small" role="status">
              The narration was read at {answer.narration_speed.toFixed(2)}×;
              make the voiceover again to hear {speed.toFixed(2)}×.
            </p>
          )}
          <p className="small">
            These are the props the renderer will get — the same images,
            narration, captions, music and theme — played live in your browser.
            Nothing is spent yet.
          </p>
          <LookSettings props={props} />
        </aside>
      </div>
    </div>
  );
}
