"use client";

import { RENDER_QUALITY_IDS } from "@/src/core/render-quality";
import { ErrorAlert } from "../components";
import { useProjectSettings } from "./useSettings";

const HINTS: Record<(typeof RENDER_QUALITY_IDS)[number], string> = {
  draft: "Half size, fast encoder: for checking, never published",
  standard: "The platforms' recommended bitrate",
  high: "A higher bitrate",
  premium: "The highest bitrate, slower encoder",
};

/** The encoder quality the project's renders are made at (its `quality` setting). */
export function QualitySetting({ disabled }: { disabled: boolean }) {
  const { settings, save, error } = useProjectSettings();
  const quality = settings.quality ?? "standard";
  return (
    <div className="field">
      <label htmlFor="render-quality">Encoder quality</label>
      <select
        id="render-quality"
        value={quality}
        disabled={disabled}
        onChange={(e) =>
          save({
            quality: e.target.value as (typeof RENDER_QUALITY_IDS)[number],
          })
        }
      >
        {RENDER_QUALITY_IDS.map((q) => (
          <option key={q} value={q}>
            {q} — {HINTS[q]}
          </option>
        ))}
      </select>
      <ErrorAlert message={error} />
    </div>
  );
}
