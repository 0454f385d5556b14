import type { ScriptPoint } from "@/src/pipeline/script/script";
import { SectionCard } from "./SectionCard";
import { TextField } from "./TextField";

/** One point of the script: its headline and narration, moved up or down, or removed. */
export function PointCard({
  point,
  index,
  count,
  seconds,
  onChange,
  onMove,
  onRemove,
}: {
  point: ScriptPoint;
  index: number;
  /** How many points the script has. */
  count: number;
  seconds: number;
  onChange: (patch: Partial<ScriptPoint>) => void;
  onMove: (by: number) => void;
  onRemove: () => void;
}) {
  const i = index;
  return (
    <SectionCard
      kind="Point"
      index={i}
      seconds={seconds}
      actions={
        <>
          <button
            type="button"
            className="btn btn-sm btn-ghost"
            aria-label={`Move point ${i + 1} up`}
            disabled={i === 0}
            onClick={() => onMove(-1)}
          >
            ↑
          </button>
          <button
            type="button"
            className="btn btn-sm btn-ghost"
            aria-label={`Move point ${i + 1} down`}
            disabled={i === count - 1}
            onClick={() => onMove(1)}
          >
            ↓
          </button>
          <button
            type="button"
            className="btn btn-sm btn-ghost"
            aria-label={`Remove point ${i + 1}`}
            disabled={count === 1}
            onClick={onRemove}
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
        onChange={(textOverlay) => onChange({ textOverlay })}
      />
      <TextField
        id={`point-${i}-text`}
        label="Narration"
        value={point.text}
        onChange={(text) => onChange({ text })}
      />
    </SectionCard>
  );
}
