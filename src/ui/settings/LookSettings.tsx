"use client";

import useSWR from "swr";
import {
  CAPTION_STYLES,
  DEFAULT_THEME,
  FONT_FAMILIES,
  TRANSITIONS,
  type TransitionStyle,
  type VideoProps,
} from "@/src/compositions/schema";
import { MUSIC_DEFAULTS } from "@/src/core/music";
import { ErrorAlert } from "../components";
import { useCan } from "../session";
import { useProjectSettings } from "./useSettings";

type Track = { id: string; title: string; mood: string };

/** The tracks that ship in public/music, listed by the same file the server reads. */
const useTracks = () =>
  useSWR<Track[]>("/music/tracks.json", (url: string) =>
    fetch(url).then((r) => r.json()),
  );

/**
 * The look of the video: music, theme, transitions and captions, saved as the project's settings;
 * the preview beside it is read again after each change.
 */
export function LookSettings({ props }: { props: VideoProps | null }) {
  const { settings, save, saving, error } = useProjectSettings();
  const canWrite = useCan("projects.write");
  const tracks = useTracks().data ?? [];
  const theme = { ...DEFAULT_THEME, ...settings.theme };
  const music =
    settings.music === null ? "" : (settings.music?.track ?? tracks[0]?.id);
  const transition = settings.transition ?? theme.transition;
  return (
    <fieldset className="stack" disabled={!canWrite}>
      <legend>
        Look and sound {saving && <span className="hint">saving…</span>}
      </legend>
      <div className="grid-2">
        <div className="field">
          <label htmlFor="music">Music</label>
          <select
            id="music"
            value={music ?? ""}
            onChange={(e) =>
              save({
                music: e.target.value ? { track: e.target.value } : null,
              })
            }
          >
            <option value="">None</option>
            {tracks.map((t) => (
              <option key={t.id} value={t.id}>
                {t.title} ({t.mood})
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="music-volume">Music volume</label>
          <input
            id="music-volume"
            type="range"
            min={0}
            max={1}
            step={0.05}
            disabled={!music}
            defaultValue={settings.music?.volume ?? MUSIC_DEFAULTS.volume}
            onChange={(e) =>
              music &&
              save({
                music: { track: music, volume: Number(e.target.value) },
              })
            }
          />
        </div>
        <div className="field">
          <label htmlFor="accent">Accent colour</label>
          <input
            id="accent"
            type="color"
            defaultValue={theme.accentColor}
            onChange={(e) => save({ theme: { accentColor: e.target.value } })}
          />
        </div>
        <div className="field">
          <label htmlFor="font">Font</label>
          <select
            id="font"
            value={theme.fontFamily}
            onChange={(e) =>
              save({
                theme: {
                  fontFamily: e.target.value as (typeof FONT_FAMILIES)[number],
                },
              })
            }
          >
            {FONT_FAMILIES.map((f) => (
              <option key={f}>{f}</option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="caption-style">Caption style</label>
          <select
            id="caption-style"
            value={theme.captionStyle}
            onChange={(e) =>
              save({
                theme: {
                  captionStyle: e.target
                    .value as (typeof CAPTION_STYLES)[number],
                },
              })
            }
          >
            {CAPTION_STYLES.map((c) => (
              <option key={c}>{c}</option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="caption-scale">Caption size</label>
          <input
            id="caption-scale"
            type="range"
            min={0.5}
            max={2}
            step={0.1}
            defaultValue={theme.captionScale}
            onChange={(e) =>
              save({ theme: { captionScale: Number(e.target.value) } })
            }
          />
        </div>
        <div className="field">
          <label htmlFor="ken-burns">Ken Burns motion</label>
          <input
            id="ken-burns"
            type="range"
            min={0}
            max={1}
            step={0.1}
            defaultValue={theme.kenBurnsStrength}
            onChange={(e) =>
              save({ theme: { kenBurnsStrength: Number(e.target.value) } })
            }
          />
        </div>
        <div className="field">
          <label htmlFor="transition">Transition</label>
          <select
            id="transition"
            value={transition}
            onChange={(e) =>
              save({ transition: e.target.value as TransitionStyle })
            }
          >
            {TRANSITIONS.map((t) => (
              <option key={t}>{t}</option>
            ))}
          </select>
        </div>
      </div>
      <div className="row" style={{ gap: 24, flexWrap: "wrap" }}>
        <label className="row">
          <input
            type="checkbox"
            checked={settings.captions !== false}
            onChange={(e) => save({ captions: e.target.checked })}
          />
          Captions
        </label>
        <label className="row">
          <input
            type="checkbox"
            checked={theme.showProgressBar}
            onChange={(e) =>
              save({ theme: { showProgressBar: e.target.checked } })
            }
          />
          Progress bar
        </label>
      </div>
      {props && props.sections.length > 1 && (
        <details>
          <summary>Transition into each section</summary>
          <div className="stack">
            {props.sections.slice(1).map((section, i) => (
              <div className="field" key={section.id}>
                <label htmlFor={`transition-${i + 1}`}>
                  {i + 2}. {section.overlay || section.kind}
                </label>
                <select
                  id={`transition-${i + 1}`}
                  value={settings.section_transitions?.[String(i + 1)] ?? ""}
                  onChange={(e) =>
                    save({
                      section_transitions: {
                        [String(i + 1)]: (e.target.value ||
                          transition) as TransitionStyle,
                      },
                    })
                  }
                >
                  <option value="">Default ({transition})</option>
                  {TRANSITIONS.map((t) => (
                    <option key={t}>{t}</option>
                  ))}
                </select>
              </div>
            ))}
          </div>
        </details>
      )}
      <ErrorAlert message={error} />
    </fieldset>
  );
}
