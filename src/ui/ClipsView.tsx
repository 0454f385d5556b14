"use client";

import Link from "next/link";
import { useState, type FormEvent } from "react";
import {
  CLIP_LIMITS,
  CLIP_PRESETS,
  CLIP_STAGES,
  CLIP_UPLOAD_TYPES,
} from "@/src/core/clips";
import {
  LIVE_CLIP_SOURCE_STATUSES,
  LIVE_RENDER_STATUSES,
} from "@/src/core/statuses";
import { api, describeProblem, paths } from "./api";
import {
  EmptyState,
  ErrorAlert,
  PageHead,
  ProgressBar,
  Spinner,
  StatusBadge,
  VideoPlayer,
  Field,
  SelectField,
} from "./components";
import { useClipSources, useClipTranscript } from "./data";
import { formatSeconds, presetLabel } from "./format";
import { useCan } from "./session";
import { useAction } from "./useAction";
import type { Clip, ClipSource } from "./types";

const STAGE_LABEL = {
  transcribe: "Transcribe",
  select: "Find the moments",
  reframe: "Reframe",
  render: "Render",
} as const;

const seconds = (ms: number) => (ms / 1000).toFixed(1);

/** The Clips page: long videos in, their best moments as vertical clips out. */
export function ClipsView() {
  const { data, error, mutate } = useClipSources();
  return (
    <>
      <PageHead
        title="Clips"
        lead="Turn a long video (a talk, a podcast) into short vertical clips with captions, then send the best on for review and publishing."
      />
      <div className="stack">
        <NewClipsForm onCreated={() => mutate()} />
        <ErrorAlert
          message={error ? describeProblem(error) : null}
          onRetry={() => mutate()}
        />
        {!data && !error && <Spinner label="Loading clips" />}
        {data && !data.items.length && (
          <EmptyState title="No long videos yet">
            Add one above: its clips appear here as they are made.
          </EmptyState>
        )}
        {data?.items.map((source) => (
          <SourceCard
            key={source.id}
            source={source}
            onChange={() => mutate()}
          />
        ))}
      </div>
    </>
  );
}

function NewClipsForm({ onCreated }: { onCreated: () => void }) {
  const canCreate = useCan("renders.create");
  const [url, setUrl] = useState("");
  const [file, setFile] = useState<File | null>(null);
  // A new key empties the file input once its video is sent.
  const [uploads, setUploads] = useState(0);
  const [count, setCount] = useState(3);
  const [min, setMin] = useState(15);
  const [max, setMax] = useState(60);
  const [preset, setPreset] = useState<string>("tiktok");
  const [scale, setScale] = useState(1);
  const { busy, error, setError, run } = useAction();
  if (!canCreate) return null;

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!file && !url.trim()) {
      setError("Give the video's address or choose a file.");
      return;
    }
    const fields = { count, min, max, preset, scale };
    const sent = await run(() =>
      file
        ? api(paths.createClips({ ...fields, file_name: file.name }), {
            body: file,
          })
        : api(paths.createClips(), {
            json: { source_url: url.trim(), ...fields },
          }),
    );
    if (!sent) return;
    setUrl("");
    setFile(null);
    setUploads(uploads + 1);
    onCreated();
  }

  return (
    <form className="card stack" onSubmit={submit} aria-label="New clips">
      <h2>Cut a long video</h2>
      <Field id="clip-url" label="Video address (http or https), or a file">
        <div className="row" style={{ gap: 16, flexWrap: "wrap" }}>
          <input
            id="clip-url"
            type="url"
            value={url}
            disabled={!!file}
            placeholder="https://example.com/talk.mp4"
            onChange={(e) => setUrl(e.target.value)}
            style={{ flex: 2, minWidth: 260 }}
          />
          <input
            key={uploads}
            type="file"
            aria-label="Video file"
            accept={CLIP_UPLOAD_TYPES.join(",")}
            onChange={(e) => setFile(e.target.files?.[0] ?? null)}
          />
        </div>
      </Field>
      <div className="row" style={{ gap: 16, flexWrap: "wrap" }}>
        {(
          [
            ["clip-count", "Clips", count, setCount, CLIP_LIMITS.count],
            ["clip-min", "Shortest (s)", min, setMin, CLIP_LIMITS.seconds],
            ["clip-max", "Longest (s)", max, setMax, CLIP_LIMITS.seconds],
          ] as const
        ).map(([id, label, value, set, limits]) => (
          <Field key={id} id={id} label={label}>
            <input
              id={id}
              type="number"
              min={limits.min}
              max={limits.max}
              value={value}
              onChange={(e) => set(Number(e.target.value) || 0)}
            />
          </Field>
        ))}
        <SelectField
          id="clip-preset"
          label="For"
          value={preset}
          options={CLIP_PRESETS.map((p) => [p, presetLabel(p)] as const)}
          onChange={setPreset}
        />
        <SelectField
          id="clip-scale"
          label="Size"
          value={String(scale)}
          options={[
            ["1", "Full size"],
            ["0.25", "Quarter-size draft"],
          ]}
          onChange={(value) => setScale(Number(value))}
        />
      </div>
      <ErrorAlert message={error} />
      <div className="row">
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? "Sending…" : "Find the clips"}
        </button>
      </div>
    </form>
  );
}

function SourceCard({
  source,
  onChange,
}: {
  source: ClipSource;
  onChange: () => void;
}) {
  const live = LIVE_CLIP_SOURCE_STATUSES.includes(source.status);
  return (
    <section
      className="card stack"
      aria-labelledby={`source-${source.id}`}
      data-testid={`clip-source-${source.id}`}
    >
      <div className="row spread">
        <h2 id={`source-${source.id}`} style={{ wordBreak: "break-all" }}>
          {source.origin}
        </h2>
        <StatusBadge status={source.status} />
      </div>
      <p className="small muted">
        {presetLabel(source.preset)} · {source.count} clips of{" "}
        {source.min_ms / 1000}–{source.max_ms / 1000} s
        {source.duration_ms
          ? ` · source ${formatSeconds(source.duration_ms / 1000)}`
          : ""}
        {source.transcriber ? ` · heard by ${source.transcriber}` : ""}
        {source.selector ? ` · picked by ${source.selector}` : ""}
      </p>
      {live && (
        <div className="stack" style={{ gap: 6 }} aria-live="polite">
          {CLIP_STAGES.map((stage) => (
            <div key={stage} className="row" style={{ gap: 8 }}>
              <span className="small" style={{ width: 130 }}>
                {STAGE_LABEL[stage]}
              </span>
              <div style={{ flex: 1 }}>
                <ProgressBar
                  value={source.stages[stage].progress}
                  label={`${STAGE_LABEL[stage]} progress`}
                />
              </div>
            </div>
          ))}
        </div>
      )}
      {source.status === "failed" && (
        <div className="alert alert-bad" role="alert">
          {source.error ?? "This video could not be cut."}
        </div>
      )}
      {source.warnings.map((w) => (
        <div key={w} className="alert alert-warn">
          {w}
        </div>
      ))}
      <div
        className="row"
        style={{ gap: 16, flexWrap: "wrap", alignItems: "flex-start" }}
      >
        {source.clips.map((clip) => (
          <ClipCard
            key={clip.id}
            clip={clip}
            source={source}
            onChange={onChange}
          />
        ))}
      </div>
    </section>
  );
}

function ClipCard({
  clip,
  source,
  onChange,
}: {
  clip: Clip;
  source: ClipSource;
  onChange: () => void;
}) {
  const canSend = useCan("projects.write");
  const canRender = useCan("renders.create");
  const [editing, setEditing] = useState(false);
  const { busy, error, run } = useAction();
  const live = LIVE_RENDER_STATUSES.includes(clip.status);
  const done = clip.status === "completed";

  const sendOn = () =>
    run(() =>
      api(paths.sendClipOn(source.id, clip.id), { method: "POST" }),
    ).then((sent) => sent && onChange());

  return (
    <article
      className="card stack"
      style={{ width: 300 }}
      aria-labelledby={`clip-${clip.id}`}
      data-testid={`clip-${clip.number}`}
    >
      <div className="row spread">
        <h3 id={`clip-${clip.id}`}>
          {clip.number}. {clip.title ?? "Clip"}
        </h3>
        <StatusBadge status={clip.status} />
      </div>
      <p className="small muted">
        {seconds(clip.start_ms)}–{seconds(clip.end_ms)} s · score{" "}
        {clip.score.toFixed(2)}
      </p>
      {live && (
        <ProgressBar
          value={clip.progress}
          label={`Clip ${clip.number} progress`}
        />
      )}
      {clip.status === "failed" && (
        <div className="alert alert-bad" role="alert">
          {clip.error ?? "This clip could not be rendered."}
        </div>
      )}
      {done && clip.files.video && (
        <VideoPlayer
          files={clip.files}
          label={`Clip ${clip.number} video`}
          style={{ width: "100%", maxHeight: 460 }}
        />
      )}
      {clip.hashtags && <p className="small">{clip.hashtags.join(" ")}</p>}
      <ErrorAlert message={error} />
      <div className="row" style={{ gap: 8, flexWrap: "wrap" }}>
        {done && canRender && (
          <button
            type="button"
            className="btn btn-sm"
            aria-expanded={editing}
            onClick={() => setEditing(!editing)}
          >
            {editing ? "Close" : "Adjust start and end"}
          </button>
        )}
        {done && canSend && !clip.project_id && (
          <button
            type="button"
            className="btn btn-sm btn-primary"
            disabled={busy}
            onClick={sendOn}
          >
            Send on for review
          </button>
        )}
        {clip.project_id && (
          <Link
            className="btn btn-sm btn-ok"
            href={`/projects/${clip.project_id}/renders`}
          >
            In review: open
          </Link>
        )}
      </div>
      {editing && (
        <ClipEditor
          clip={clip}
          sourceId={source.id}
          onSaved={() => {
            setEditing(false);
            onChange();
          }}
        />
      )}
    </article>
  );
}

/** Words around the clip this far before and after it, to move its edges into. */
const CONTEXT_MS = 30_000;

/** The transcript around a clip: a click on a word sets the start, the next the end. */
function ClipEditor({
  clip,
  sourceId,
  onSaved,
}: {
  clip: Clip;
  sourceId: number;
  onSaved: () => void;
}) {
  const { data, error } = useClipTranscript(sourceId);
  const [first, setFirst] = useState(clip.first_word);
  const [last, setLast] = useState(clip.last_word);
  const [next, setNext] = useState<"start" | "end">("start");
  const { busy, error: problem, run } = useAction();
  if (error) return <ErrorAlert message={describeProblem(error)} />;
  if (!data) return <Spinner label="Loading the transcript" />;

  const shown = data.words
    .map((word, index) => ({ ...word, index }))
    .filter(
      (w) =>
        w.end_ms >= clip.start_ms - CONTEXT_MS &&
        w.start_ms <= clip.end_ms + CONTEXT_MS,
    );

  function pick(index: number) {
    if (next === "start") {
      setFirst(index);
      if (index > last) setLast(index);
      setNext("end");
    } else {
      setLast(index);
      if (index < first) setFirst(index);
      setNext("start");
    }
  }

  const save = () =>
    run(() =>
      api(paths.clip(sourceId, clip.id), {
        method: "PUT",
        json: { first_word: first, last_word: last },
      }),
    ).then((saved) => saved && onSaved());

  const length =
    (data.words[last]?.end_ms ?? 0) - (data.words[first]?.start_ms ?? 0);
  return (
    <div className="stack" aria-label={`Adjust clip ${clip.number}`}>
      <p className="small muted">
        Click the word the clip should{" "}
        <strong>{next === "start" ? "start" : "end"}</strong> on. Now{" "}
        {seconds(length)} s.
      </p>
      <p style={{ lineHeight: 1.9 }} data-testid="transcript">
        {shown.map((w) => {
          const inside = w.index >= first && w.index <= last;
          return (
            <button
              key={w.index}
              type="button"
              onClick={() => pick(w.index)}
              aria-pressed={inside}
              title={`${seconds(w.start_ms)} s`}
              style={{
                border: 0,
                padding: "1px 3px",
                margin: 1,
                borderRadius: 4,
                cursor: "pointer",
                background: inside ? "var(--brand, #4f46e5)" : "transparent",
                color: inside ? "#fff" : "inherit",
                fontWeight:
                  w.index === first || w.index === last ? 700 : "normal",
              }}
            >
              {w.text}
            </button>
          );
        })}
      </p>
      <ErrorAlert message={problem} />
      <button className="btn btn-primary btn-sm" onClick={save} disabled={busy}>
        Render again from “{data.words[first]?.text}” to “
        {data.words[last]?.text}”
      </button>
    </div>
  );
}
