"use client";

import { useEffect, useRef, useState } from "react";
import {
  PREVIEW_MAX_CHARS,
  SPEED_RANGE,
  VOICE_PROVIDER_IDS,
  type VoiceProviderId,
} from "@/src/core/narration";
import { api, ApiProblem, describeProblem, paths } from "./api";
import { EmptyState, ErrorAlert, Spinner } from "./components";
import { useProjectDetail, useVoices } from "./data";
import { formatSeconds } from "./format";
import { useProject } from "./project";
import { useProjectSettings } from "./settings/useSettings";
import { useCan } from "./session";

export function VoicePanel() {
  const { id, detail, reload } = useProject();
  const canWrite = useCan("projects.write");
  const voiceList = useVoices();
  const voices = voiceList.data?.items ?? null;
  const { settings, save, error: settingsError } = useProjectSettings();
  const [picked, setVoice] = useState(settings.voice?.id ?? "");
  const voice = picked || voices?.[0]?.id || "";
  const [speed, setSpeed] = useState(settings.voice?.speed ?? 1);
  const provider = settings.voice?.provider;
  const [audioUrl, setAudioUrl] = useState<string | null>(null);
  const [busy, setBusy] = useState<"preview" | "generate" | "approve" | null>(
    null,
  );
  const [waitingFor, setWaitingFor] = useState<number | null | undefined>(
    undefined,
  );
  const [error, setError] = useState<string | null>(null);
  const audio = useRef<HTMLAudioElement>(null);

  // After asking for a narration, look for it every few seconds until it lands.
  const current = detail?.voiceover?.id ?? null;
  const waiting = waitingFor !== undefined && current === waitingFor;
  useProjectDetail(
    id,
    (d) => waitingFor !== undefined && (d.voiceover?.id ?? null) === waitingFor,
  );

  useEffect(
    () => () => {
      if (audioUrl) URL.revokeObjectURL(audioUrl);
    },
    [audioUrl],
  );

  if (!detail) return null;
  const script = detail.script?.script;
  if (!script)
    return (
      <EmptyState title="Write the script first">
        The narration is read from the script.
      </EmptyState>
    );
  const sample =
    script.hook.slice(0, PREVIEW_MAX_CHARS).replace(/\s+\S*$/, "") || "Hello";

  /** Runs one of the panel's actions: its button shows busy, a failure shows in the alert. */
  async function act(
    action: NonNullable<typeof busy>,
    run: () => Promise<void>,
  ) {
    setBusy(action);
    setError(null);
    try {
      await run();
    } catch (e) {
      setError(describeProblem(e));
    } finally {
      setBusy(null);
    }
  }

  const preview = () =>
    act("preview", async () => {
      const response = await fetch(paths.previewVoice, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ text: sample, voice_id: voice, speed }),
      });
      if (!response.ok) {
        const body = await response.json().catch(() => ({}));
        throw new ApiProblem(
          response.status,
          body?.error?.code ?? "internal",
          body?.error?.message ?? "The preview failed",
        );
      }
      const url = URL.createObjectURL(await response.blob());
      setAudioUrl(url);
      setTimeout(() => void audio.current?.play().catch(() => {}), 0);
    });

  const generate = () =>
    act("generate", async () => {
      await api(paths.generateVoiceover, {
        json: {
          project_id: id,
          voice_id: voice,
          voice_provider: provider,
          speed,
        },
      });
      setWaitingFor(current);
    });

  const approve = () =>
    act("approve", async () => {
      await api(paths.approveVoiceover(id), { method: "POST" });
      await reload();
    });

  const vo = detail.voiceover;
  const stale = vo && detail.script && vo.script_id !== detail.script.id;

  return (
    <div className="grid-2">
      <section className="card stack" aria-labelledby="voice-h">
        <h2 id="voice-h" style={{ fontSize: 18 }}>
          Voice and pace
        </h2>
        <div className="field">
          <label htmlFor="voice-provider">Provider</label>
          <select
            id="voice-provider"
            value={provider ?? ""}
            disabled={!canWrite}
            onChange={(e) =>
              save({
                voice: {
                  provider: (e.target.value || undefined) as
                    VoiceProviderId | undefined,
                },
              })
            }
          >
            <option value="">The site’s default</option>
            {VOICE_PROVIDER_IDS.map((p) => (
              <option key={p}>{p}</option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="voice">Voice</label>
          <select
            id="voice"
            value={voice}
            onChange={(e) => {
              setVoice(e.target.value);
              save({ voice: { id: e.target.value } });
            }}
            disabled={!voices}
          >
            {!voices && <option>Loading voices…</option>}
            {voices?.map((v) => (
              <option key={v.id} value={v.id}>
                {v.label} · {v.language} · {v.gender}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="speed">
            Speed <span className="muted">({speed.toFixed(2)}×)</span>
          </label>
          <input
            id="speed"
            type="range"
            min={SPEED_RANGE.min}
            max={SPEED_RANGE.max}
            step={0.05}
            value={speed}
            onChange={(e) => {
              setSpeed(Number(e.target.value));
              save({ voice: { speed: Number(e.target.value) } });
            }}
          />
          <span className="hint">
            Faster speech shortens the video: about{" "}
            {formatSeconds(detail.script!.total_estimated_duration_sec / speed)}{" "}
            of narration at this speed.
          </span>
        </div>
        <div className="stack" style={{ gap: 8 }}>
          <p className="label">Hear a sample</p>
          <blockquote
            className="muted small"
            style={{
              margin: 0,
              borderLeft: "3px solid var(--border)",
              paddingLeft: 12,
            }}
          >
            “{sample}”
          </blockquote>
          <div className="row">
            <button
              type="button"
              className="btn"
              onClick={preview}
              disabled={!voice || busy !== null}
            >
              {busy === "preview" ? (
                <>
                  <span className="spinner" aria-hidden="true" /> Preparing…
                </>
              ) : (
                "▶ Play preview"
              )}
            </button>
            {audioUrl && (
              <audio
                ref={audio}
                src={audioUrl}
                controls
                aria-label="Voice preview"
              />
            )}
          </div>
        </div>
        <ErrorAlert
          message={
            error ??
            settingsError ??
            (voiceList.error ? describeProblem(voiceList.error) : null)
          }
        />
        {canWrite && (
          <button
            type="button"
            className="btn btn-primary"
            onClick={generate}
            disabled={!voice || busy !== null || waiting}
          >
            {vo ? "Record the narration again" : "Record the narration"}
          </button>
        )}
      </section>

      <section className="card stack" aria-labelledby="vo-h" aria-live="polite">
        <h2 id="vo-h" style={{ fontSize: 18 }}>
          Narration
        </h2>
        {waiting && (
          <Spinner label="Recording the narration… this page updates by itself." />
        )}
        {!vo && !waiting && (
          <p className="muted">
            No narration yet. Choose a voice, listen to a sample, then record
            it.
          </p>
        )}
        {vo && (
          <>
            <dl
              className="small"
              style={{
                display: "grid",
                gridTemplateColumns: "auto 1fr",
                gap: "6px 16px",
                margin: 0,
              }}
            >
              <dt className="muted">Voice</dt>
              <dd style={{ margin: 0 }}>
                {voices?.find((v) => v.id === vo.voice)?.label ?? vo.voice}
              </dd>
              <dt className="muted">Speed</dt>
              <dd style={{ margin: 0 }}>{vo.speed}×</dd>
              <dt className="muted">Length</dt>
              <dd style={{ margin: 0 }}>
                {formatSeconds(vo.duration_ms / 1000)}
              </dd>
            </dl>
            {stale && (
              <div className="alert alert-warn">
                The script changed after this narration was recorded. Record it
                again so the video says what the script says.
              </div>
            )}
            {vo.approved_at ? (
              <div className="alert alert-ok" role="status">
                Narration approved.
              </div>
            ) : (
              canWrite && (
                <button
                  type="button"
                  className="btn btn-ok"
                  onClick={approve}
                  disabled={busy !== null}
                >
                  {busy === "approve" ? "Approving…" : "Approve narration"}
                </button>
              )
            )}
          </>
        )}
      </section>
    </div>
  );
}
