/** Asks for a new script from the article, with the writer of the user's choice. */
export function RegenerateScript({
  provider,
  onProvider,
  busy,
  disabled,
  onRegenerate,
}: {
  provider: string;
  onProvider: (provider: string) => void;
  busy: boolean;
  disabled: boolean;
  onRegenerate: () => void;
}) {
  return (
    <div className="card stack">
      <div className="field">
        <label htmlFor="provider">Write a new script with</label>
        <select
          id="provider"
          value={provider}
          onChange={(e) => onProvider(e.target.value)}
        >
          <option value="extractive">
            Built-in writer (offline, from the article)
          </option>
          <option value="openai">OpenAI</option>
        </select>
      </div>
      <button
        type="button"
        className="btn"
        onClick={onRegenerate}
        disabled={disabled}
      >
        {busy ? "Asking…" : "Regenerate script"}
      </button>
    </div>
  );
}
