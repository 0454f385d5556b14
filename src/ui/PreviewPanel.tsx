"use client";

import { Player } from "@remotion/player";
import { useMemo, useState } from "react";
import { PRESETS, type PresetId } from "@/src/compositions/presets";
import { Video } from "@/src/compositions/Video";
import { EmptyState } from "./components";
import { presetFit } from "./estimate";
import { formatSeconds, presetLabel } from "./format";
import { previewProps, settingsSpeed, settingsTheme } from "./previewProps";
import { useProject } from "./project";

/** Every target preset played in the browser by the renderer's own compositions. */
export function PreviewPanel() {
  const { detail } = useProject();
  const presets = detail?.project.target_presets ?? [];
  const [chosen, setChosen] = useState<PresetId | null>(null);
  const preset = chosen ?? presets[0];
  const speed = settingsSpeed(detail?.project.settings);
  const built = useMemo(() => {
    if (!detail?.script || !preset) return null;
    try {
      return previewProps({
        preset,
        script: detail.script.script,
        assets: detail.assets,
        speed,
        theme: settingsTheme(detail.project.settings),
        origin: window.location.origin,
      });
    } catch (error) {
      return error instanceof Error ? error : new Error(String(error));
    }
  }, [detail, preset, speed]);
  if (!detail) return null;
  if (built instanceof Error)
    return (
      <EmptyState title="This script cannot be previewed">
        {built.message}
      </EmptyState>
    );
  const props = built;
  if (!props || !preset)
    return (
      <EmptyState title="Nothing to preview yet">
        The preview appears once the project has a script.
      </EmptyState>
    );
  const spec = PRESETS[preset];
  const fps = spec.fps;
  const vertical = spec.height > spec.width;
  const fit = presetFit(preset, props.durationMs / 1000);
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
        >
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
        </div>
        <aside className="card stack" style={{ flex: "1 1 260px" }}>
          <h2 style={{ fontSize: 18 }}>{presetLabel(preset)}</h2>
          <p className="small muted">
            {spec.width}×{spec.height} · {fps} fps · about{" "}
            {formatSeconds(props.durationMs / 1000)}
          </p>
          {!fit.fits && (
            <div className="alert alert-warn" role="alert">
              This length is outside {presetLabel(preset)}’s{" "}
              {formatSeconds(fit.minSec)}–{formatSeconds(fit.maxSec)}. The
              render will be refused: adjust the script first.
            </div>
          )}
          <p className="small">
            This is the same composition the renderer uses, played live in your
            browser — nothing is spent yet. The words appear on screen in place
            of the narration and captions, which the render adds; sections
            without a chosen picture show a title card here and get an article
            image when composed.
          </p>
        </aside>
      </div>
    </div>
  );
}
