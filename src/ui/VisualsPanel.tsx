"use client";

import { useState, type MouseEvent, type KeyboardEvent } from "react";
import type { Visual } from "@/src/compositions/schema";
import { api, describeProblem, paths } from "./api";
import { EmptyState, ErrorAlert } from "./components";
import { useSectionVisuals } from "./data";
import { useAction } from "./useAction";
import { assetUrl, sectionImages } from "./assets";
import { useProject } from "./project";
import { useCan } from "./session";
import type { Asset, SectionVisuals } from "./types";

const SOURCE_LABELS: Record<string, string> = {
  article: "Article",
  user: "Your image",
  uploaded: "Your image",
  pexels: "Pexels",
  pixabay: "Pixabay",
  openai: "AI image",
  generated: "Generated",
};

const TYPE_LABELS: Record<Visual["type"], string> = {
  image: "Image",
  video: "Video",
  "title-card": "Title card",
  code: "Code",
  stat: "Stat",
  list: "List",
  quote: "Quote",
  typography: "Typography",
};

/** A line of what a candidate shows, for the cards whose picture the page cannot load. */
function visualLine(visual: Visual): string {
  switch (visual.type) {
    case "image":
      return visual.alt;
    case "video":
      return `${visual.width}×${visual.height}, ${Math.round(visual.durationMs / 1000)} s`;
    case "title-card":
    case "quote":
    case "typography":
      return visual.text;
    case "code":
      return visual.lines[0].map((t) => t.text).join("");
    case "stat":
      return `${visual.prefix}${visual.value.toFixed(visual.decimals)}${visual.suffix} ${visual.label}`;
    case "list":
      return visual.title || visual.items.join(", ");
  }
}

/**
 * Where the page may load a candidate's picture from: the CSP allows images from this origin
 * only, so the section's own image asset when it is the one shown, else the stored candidate's
 * preview through the project's media route; clips and scenes are described instead.
 */
function candidateImage(
  section: SectionVisuals,
  index: number,
  assets: Asset[],
): string | null {
  const candidate = section.candidates[index];
  if (candidate.visual.type !== "image") return null;
  const asset =
    section.current.candidate === index && section.current.asset_id !== null
      ? assets.find((a) => a.id === section.current.asset_id)
      : undefined;
  return asset ? assetUrl(asset) : candidate.preview_url;
}

function CandidateCards({
  label,
  section,
  assets,
  disabled,
  onChoose,
}: {
  label: string;
  section: SectionVisuals;
  assets: Asset[];
  disabled: boolean;
  onChoose: (candidate: number) => void;
}) {
  return (
    <div className="stack" style={{ gap: 6 }}>
      <span className="label" id={`candidates-${section.index}`}>
        Candidates
      </span>
      <div
        className="candidates-row"
        role="group"
        aria-labelledby={`candidates-${section.index}`}
      >
        {section.candidates.map((candidate, i) => {
          const chosen = section.current.candidate === i;
          const image = candidateImage(section, i, assets);
          const line = visualLine(candidate.visual);
          return (
            <button
              key={i}
              type="button"
              className="candidate"
              aria-pressed={chosen}
              aria-label={`${chosen ? "Shown" : "Use"} for ${label}: ${TYPE_LABELS[candidate.visual.type]} from ${SOURCE_LABELS[candidate.source] ?? candidate.source}, score ${Math.round(candidate.score * 100)}%${line ? `: ${line.slice(0, 80)}` : ""}`}
              // The one shown stays enabled so it reads as selected, not greyed out.
              disabled={disabled && !chosen}
              onClick={() => !chosen && onChoose(i)}
            >
              <span className="row spread">
                <span className="badge badge-plain">
                  {SOURCE_LABELS[candidate.source] ?? candidate.source}
                </span>
                <span className="small muted">
                  {Math.round(candidate.score * 100)}%
                </span>
              </span>
              {image ? (
                <img src={image} alt="" />
              ) : (
                <span className="candidate-scene">
                  <strong>{TYPE_LABELS[candidate.visual.type]}</strong>
                  <span>{line}</span>
                </span>
              )}
              {chosen && (
                <span className="candidate-chosen small">✓ Shown</span>
              )}
            </button>
          );
        })}
      </div>
    </div>
  );
}

/** Sends an image for a section through the API's multipart upload. */
async function uploadImage(
  projectId: number,
  sectionIndex: number,
  file: Blob,
  fileName: string,
  focus?: { x: number; y: number },
  alt?: string,
) {
  const form = new FormData();
  form.set("section_index", String(sectionIndex));
  form.set("file", file, fileName);
  if (alt) form.set("alt", alt);
  if (focus) {
    form.set("focus_x", focus.x.toFixed(3));
    form.set("focus_y", focus.y.toFixed(3));
  }
  return api<Asset>(paths.assets(projectId), { body: form });
}

function SectionVisual({
  index,
  label,
  text,
  asset,
  others,
  assets,
  visuals,
  refreshVisuals,
}: {
  index: number;
  label: string;
  text: string;
  asset: Asset | undefined;
  others: Asset[];
  assets: Asset[];
  visuals: SectionVisuals | undefined;
  refreshVisuals: () => Promise<unknown>;
}) {
  const { id, reload } = useProject();
  const canEdit = useCan("visuals.write");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [focus, setFocus] = useState(asset?.focus ?? { x: 0.5, y: 0.5 });
  const shownPreview =
    visuals?.current.candidate != null
      ? visuals.candidates[visuals.current.candidate]?.preview_url
      : null;

  async function run(task: () => Promise<unknown>) {
    setBusy(true);
    setError(null);
    try {
      await task();
      await Promise.all([reload(), refreshVisuals()]);
    } catch (e) {
      setError(describeProblem(e));
    } finally {
      setBusy(false);
    }
  }

  /** The focus point is stored with the image: the same bytes go up again with the new point. */
  const saveFocus = (next: { x: number; y: number }) =>
    run(async () => {
      if (!asset) return;
      const blob = await (await fetch(assetUrl(asset))).blob();
      await uploadImage(id, index, blob, "image", next, asset.alt);
    });

  function pick(event: MouseEvent<HTMLButtonElement>) {
    const box = event.currentTarget.getBoundingClientRect();
    const next = {
      x: Math.min(1, Math.max(0, (event.clientX - box.left) / box.width)),
      y: Math.min(1, Math.max(0, (event.clientY - box.top) / box.height)),
    };
    setFocus(next);
    void saveFocus(next);
  }

  function nudge(event: KeyboardEvent<HTMLButtonElement>) {
    const step = 0.05;
    const moves: Record<string, [number, number]> = {
      ArrowLeft: [-step, 0],
      ArrowRight: [step, 0],
      ArrowUp: [0, -step],
      ArrowDown: [0, step],
    };
    const move = moves[event.key];
    if (!move) return;
    event.preventDefault();
    const next = {
      x: Math.min(1, Math.max(0, focus.x + move[0])),
      y: Math.min(1, Math.max(0, focus.y + move[1])),
    };
    setFocus(next);
  }

  return (
    <article
      className="card stack"
      aria-labelledby={`visual-${index}`}
      data-testid={`visual-${index}`}
    >
      <div className="row spread">
        <h3 id={`visual-${index}`} className="section-kind">
          {label}
        </h3>
        {asset && (
          <span className="badge badge-plain">
            {asset.source === "uploaded" ? "Your image" : "Article image"}
          </span>
        )}
      </div>
      <p className="small muted" style={{ minHeight: 40 }}>
        {text.length > 120 ? `${text.slice(0, 120)}…` : text}
      </p>
      {asset ? (
        <>
          <button
            type="button"
            className="focus-picker"
            onClick={canEdit ? pick : undefined}
            onKeyDown={canEdit ? nudge : undefined}
            onKeyUp={(e) =>
              canEdit && e.key.startsWith("Arrow") && void saveFocus(focus)
            }
            disabled={busy || !canEdit}
            aria-label={`Focus point of ${label}: ${Math.round(focus.x * 100)}% across, ${Math.round(focus.y * 100)}% down. Click the image or use the arrow keys to move it.`}
          >
            <img src={assetUrl(asset)} alt={asset.alt} />
            <span
              className="focus-dot"
              style={{ left: `${focus.x * 100}%`, top: `${focus.y * 100}%` }}
            />
          </button>
          <span className="hint">
            Click where the camera should settle: the slow zoom centres there.
          </span>
        </>
      ) : (
        <div className="thumb" style={{ aspectRatio: "3 / 2" }}>
          {shownPreview ? (
            <img src={shownPreview} alt="" />
          ) : (
            <span>
              {visuals
                ? `${TYPE_LABELS[visuals.current.type]} · ${SOURCE_LABELS[visuals.current.source] ?? visuals.current.source}`
                : "Chosen from the article when composed"}
            </span>
          )}
        </div>
      )}
      {visuals && visuals.candidates.length > 0 && (
        <CandidateCards
          label={label}
          section={visuals}
          assets={assets}
          disabled={busy || !canEdit}
          onChoose={(candidate) =>
            void run(() =>
              api(paths.chooseVisual(id, index), {
                method: "PUT",
                json: { candidate },
              }),
            )
          }
        />
      )}
      {canEdit && (
        <>
          {others.length > 0 && (
            <div className="stack" style={{ gap: 6 }}>
              <span className="label">Use another image of this project</span>
              <div className="thumbs-row">
                {others.map((other) => (
                  <button
                    key={other.id}
                    type="button"
                    aria-pressed={false}
                    aria-label={`Use ${other.alt || `image ${other.id}`}`}
                    disabled={busy}
                    onClick={() =>
                      run(async () => {
                        const blob = await (
                          await fetch(assetUrl(other))
                        ).blob();
                        await uploadImage(
                          id,
                          index,
                          blob,
                          "image",
                          other.focus ?? undefined,
                          other.alt,
                        );
                      })
                    }
                  >
                    <img src={assetUrl(other)} alt="" />
                  </button>
                ))}
              </div>
            </div>
          )}
          <div className="field">
            <label htmlFor={`upload-${index}`}>Upload an image</label>
            <input
              id={`upload-${index}`}
              type="file"
              accept="image/jpeg,image/png,image/webp"
              disabled={busy}
              onChange={(e) => {
                const file = e.target.files?.[0];
                if (file)
                  void run(() =>
                    uploadImage(
                      id,
                      index,
                      file,
                      file.name,
                      undefined,
                      text.slice(0, 120),
                    ),
                  );
                e.target.value = "";
              }}
            />
            <span className="hint">JPEG, PNG or WebP, up to 10 MB.</span>
          </div>
        </>
      )}
      {busy && (
        <span role="status" className="small muted">
          <span className="spinner" aria-hidden="true" /> Saving…
        </span>
      )}
      <ErrorAlert message={error} />
    </article>
  );
}

export function VisualsPanel() {
  const { id, detail } = useProject();
  const visuals = useSectionVisuals(id, Boolean(detail?.script?.script));
  const search = useAction();
  if (!detail) return null;
  const script = detail.script?.script;
  if (!script)
    return (
      <EmptyState title="Write the script first">
        Each section of the script gets a picture.
      </EmptyState>
    );
  const images = sectionImages(detail.assets);
  const sections = [
    { label: "Hook", text: script.hook },
    { label: "Intro", text: script.intro },
    ...script.points.map((p, i) => ({
      label: `Point ${i + 1} · ${p.textOverlay}`,
      text: p.text,
    })),
    { label: "Call to action", text: script.cta },
  ];
  const all = [...images.values()];
  return (
    <div className="stack">
      <div className="row">
        <button
          type="button"
          className="btn btn-sm"
          disabled={search.busy || !visuals.data}
          onClick={() => void search.run(visuals.searchAgain)}
        >
          {search.busy ? "Searching…" : "Search again"}
        </button>
        <span className="hint">
          Plans every section again: new stock searches and AI pictures. What
          you chose stays chosen.
        </span>
      </div>
      <ErrorAlert message={search.error} />
      {!visuals.data && !visuals.error && (
        <span role="status" className="small muted">
          <span className="spinner" aria-hidden="true" /> Finding each
          section&apos;s candidates…
        </span>
      )}
      <ErrorAlert
        message={visuals.error ? describeProblem(visuals.error) : null}
        onRetry={() => void visuals.mutate()}
      />
      <div className="visual-grid">
        {sections.map((s, i) => (
          <SectionVisual
            key={`${i}-${images.get(i)?.id ?? "none"}`}
            index={i}
            label={s.label}
            text={s.text}
            asset={images.get(i)}
            others={all.filter((a) => a.section_index !== i)}
            assets={detail.assets}
            visuals={visuals.data?.sections.find((v) => v.index === i)}
            refreshVisuals={() => visuals.mutate()}
          />
        ))}
      </div>
    </div>
  );
}
