/** A labelled text input (one row) or text area that says when it is empty. */
export function TextField({
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
