"use client";

import { useState } from "react";
import { PRESETS, type PresetId } from "@/src/compositions/presets";
import { LIVE_RENDER_STATUSES } from "@/src/core/statuses";
import { api, paths } from "./api";
import {
  ChoiceGroup,
  EmptyState,
  ErrorAlert,
  ProgressBar,
  StatusBadge,
  VideoPlayer,
} from "./components";
import { useRenderStatus } from "./data";
import { formatBytes, formatSeconds, presetLabel } from "./format";
import { useProject } from "./project";
import { useCan } from "./session";
import { QualitySetting } from "./settings/QualitySetting";
import { useAction } from "./useAction";
import type { Render } from "./types";

const QUALITY = [
  { value: 1, label: "Full size", detail: "Ready to publish" },
  { value: 0.5, label: "Half-size draft", detail: "About 3× faster" },
  { value: 0.25, label: "Quarter-size draft", detail: "Fastest, for checking" },
];

function RenderCard({ render }: { render: Render }) {
  const { reload } = useProject();
  const canReview = useCan("renders.review");
  const status = useRenderStatus(render);
  const [comment, setComment] = useState(render.review_comment ?? "");
  const { busy, error, setError, run } = useAction();
  const spec = PRESETS[render.preset];
  const vertical = spec.height > spec.width;

  async function review(decision: "approve" | "reject") {
    if (decision === "reject" && !comment.trim()) {
      setError("Say what should change, so the next version gets it right.");
      return;
    }
    await run(async () => {
      await api(paths.review(render.id), {
        json: {
          decision,
          ...(comment.trim() ? { comment: comment.trim() } : {}),
        },
      });
      await reload();
    });
  }

  const done = render.status === "completed";
  return (
    <article
      className="card stack"
      aria-labelledby={`render-${render.id}`}
      data-testid={`render-${render.preset}`}
    >
      <div className="row spread">
        <h3 id={`render-${render.id}`}>{presetLabel(render.preset)}</h3>
        <div className="row" style={{ gap: 6 }}>
          <StatusBadge status={status.status} />
          {done && <StatusBadge status={render.review_status} />}
        </div>
      </div>
      <p className="small muted">
        {render.scale < 1
          ? `Draft at ${Math.round(render.scale * 100)}% size`
          : "Full size"}
        {render.resolution ? ` · ${render.resolution}` : ""}
        {render.duration_ms
          ? ` · ${formatSeconds(render.duration_ms / 1000)}`
          : ""}
        {render.file_size ? ` · ${formatBytes(render.file_size)}` : ""}
      </p>
      {LIVE_RENDER_STATUSES.includes(status.status) && (
        <div className="stack" style={{ gap: 6 }} aria-live="polite">
          <ProgressBar
            value={status.progress}
            label={`${presetLabel(render.preset)} render progress`}
          />
          <span className="small muted">
            {status.status === "queued"
              ? "Waiting for a free renderer…"
              : `${status.stage ?? "Rendering"} · ${Math.round(status.progress * 100)}%`}
            {status.eta_ms
              ? ` · about ${formatSeconds(status.eta_ms / 1000)} left`
              : ""}
          </span>
        </div>
      )}
      {status.status === "failed" && (
        <div className="alert alert-bad" role="alert">
          This render failed: {status.error ?? "no reason given"}. Adjust the
          script or try again.
        </div>
      )}
      {done && render.files.video && (
        <VideoPlayer
          files={render.files}
          label={`${presetLabel(render.preset)} video`}
          style={{ maxHeight: vertical ? 520 : 360, alignSelf: "center" }}
        />
      )}
      {done && (
        <div className="row" style={{ gap: 8 }}>
          {(
            [
              ["video", "MP4"],
              ["srt", "SRT"],
              ["vtt", "VTT"],
              ["thumbnail", "Thumbnail"],
            ] as const
          ).map(
            ([kind, label]) =>
              render.files[kind] && (
                <a
                  key={kind}
                  className="btn btn-sm"
                  href={render.files[kind]}
                  download
                >
                  ↓ {label}
                </a>
              ),
          )}
        </div>
      )}
      {done && (
        <div className="stack" style={{ gap: 8 }}>
          {render.review_comment && render.review_status !== "pending" && (
            <p className="small">
              <strong>Reviewer:</strong> {render.review_comment}
            </p>
          )}
          {canReview ? (
            <>
              <div className="field">
                <label htmlFor={`comment-${render.id}`}>Comment</label>
                <textarea
                  id={`comment-${render.id}`}
                  rows={2}
                  value={comment}
                  placeholder="What works, what should change"
                  onChange={(e) => setComment(e.target.value)}
                />
              </div>
              <div className="row">
                <button
                  type="button"
                  className="btn btn-ok"
                  disabled={busy}
                  onClick={() => review("approve")}
                >
                  Approve
                </button>
                <button
                  type="button"
                  className="btn btn-danger"
                  disabled={busy}
                  onClick={() => review("reject")}
                >
                  Request changes
                </button>
              </div>
            </>
          ) : (
            <p className="hint">Only marketers and admins approve videos.</p>
          )}
        </div>
      )}
      <ErrorAlert message={error} />
    </article>
  );
}

export function RendersPanel() {
  const { id, detail, reload } = useProject();
  const canRender = useCan("renders.create");
  const targets = detail?.project.target_presets ?? [];
  const [selected, setSelected] = useState<PresetId[] | null>(null);
  const [scale, setScale] = useState(0.5);
  const { busy, error, run } = useAction();
  if (!detail) return null;
  const chosen = selected ?? targets;
  if (!detail.script)
    return (
      <EmptyState title="Write the script first">
        Renders are made from the latest script.
      </EmptyState>
    );

  const render = () =>
    run(async () => {
      await api(paths.render, {
        json: { project_id: id, presets: chosen, scale },
      });
      await reload();
    });

  // The newest render of each preset and scale first.
  const renders = detail.renders;
  return (
    <div className="stack">
      {canRender && (
        <section className="card stack" aria-labelledby="render-h">
          <div className="card-head" style={{ marginBottom: 0 }}>
            <h2 id="render-h" style={{ fontSize: 18 }}>
              Render
            </h2>
            <span className="hint">Script version {detail.script.version}</span>
          </div>
          <ChoiceGroup
            legend="Presets"
            name="presets"
            type="checkbox"
            options={targets.map((value) => ({
              value,
              label: presetLabel(value),
              detail: `${PRESETS[value].width}×${PRESETS[value].height}`,
            }))}
            isChosen={(p) => chosen.includes(p)}
            onChoose={(p) =>
              setSelected(
                chosen.includes(p)
                  ? chosen.filter((x) => x !== p)
                  : [...chosen, p],
              )
            }
          />
          <ChoiceGroup
            legend="Size"
            name="scale"
            options={QUALITY}
            isChosen={(value) => scale === value}
            onChoose={setScale}
          />
          <QualitySetting disabled={!canRender} />
          <ErrorAlert message={error} />
          <div className="row">
            <button
              type="button"
              className="btn btn-primary"
              disabled={busy || chosen.length === 0}
              onClick={render}
            >
              {busy
                ? "Queuing…"
                : `Render ${chosen.length} preset${chosen.length === 1 ? "" : "s"}`}
            </button>
            <span className="hint">
              A render of the same script, size and quality is reused, not paid
              for twice.
            </span>
          </div>
        </section>
      )}
      {renders.length === 0 ? (
        <EmptyState title="No renders yet">
          Check the preview first, then render a quick draft.
        </EmptyState>
      ) : (
        <div className="grid-2">
          {renders.map((r) => (
            <RenderCard
              key={`${r.id}-${r.status}-${r.review_status}`}
              render={r}
            />
          ))}
        </div>
      )}
    </div>
  );
}
