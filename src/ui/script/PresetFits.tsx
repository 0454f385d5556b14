import type { PresetFit } from "../estimate";
import { formatSeconds, presetLabel } from "../format";

/** Each target preset's duration range, with the script's estimated length marked on it. */
export function PresetFits({
  fits,
  videoSec,
}: {
  fits: PresetFit[];
  videoSec: number;
}) {
  return (
    <ul className="duration-list" aria-label="Fit per platform">
      {fits.map((fit) => {
        const scaleMax = Math.max(fit.maxSec * 1.25, videoSec * 1.05);
        const left = (fit.minSec / scaleMax) * 100;
        const width = ((fit.maxSec - fit.minSec) / scaleMax) * 100;
        const mark = Math.min(100, (videoSec / scaleMax) * 100);
        return (
          <li key={fit.preset} data-testid={`fit-${fit.preset}`}>
            <div className="row spread small">
              <strong>{presetLabel(fit.preset)}</strong>
              <span
                className={fit.fits ? "muted" : ""}
                style={fit.fits ? {} : { color: "var(--bad)", fontWeight: 700 }}
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
                  ? `Too long for ${presetLabel(fit.preset)} by ${formatSeconds(videoSec - fit.maxSec)}. Shorten or remove a point.`
                  : `Too short for ${presetLabel(fit.preset)} by ${formatSeconds(fit.minSec - videoSec)}. Add a point or say more.`}
              </span>
            )}
          </li>
        );
      })}
    </ul>
  );
}
