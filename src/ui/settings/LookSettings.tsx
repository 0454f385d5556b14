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
import { ErrorAlert, Field, plain, SelectField } from "../components";
import { useCan } from "../session";
import { useProjectSettings } from "./useSettings";

type Track = { id: string; title: string; mood: string };

/** The tracks that ship in public/music, listed by the same file the server reads. */
const useTracks = () =>
  useSWR<Track[]>("/music/tracks.json", (url: string) =>
    fetch(url).then((r) => r.json()),
  );

/** A slider's range: [min, max, step]. */
type Range = readonly [number, number, number];

/** A labelled slider whose value is saved when it moves. */
function Slider(props: {
  id: string;
  label: string;
  range: Range;
  value: number;
  disabled?: boolean;
  onChange: (value: number) => void;
}) {
  const [min, max, step] = props.range;
  return (
    <Field id={props.id} label={props.label}>
      <input
        id={props.id}
        type="range"
        {...{ min, max, step }}
        disabled={props.disabled}
        defaultValue={props.value}
        onChange={(e) => props.onChange(Number(e.target.value))}
      />
    </Field>
  );
}

/** The theme's number fields the panel offers, with their slider ranges. */
const THEME_SLIDERS = [
  ["captionScale", "Caption size", [0.5, 2, 0.1]],
  ["kenBurnsStrength", "Ken Burns motion", [0, 1, 0.1]],
] as const;

/** The theme's fields picked from a list: key, field id, label, the values. */
const THEME_CHOICES = [
  ["fontFamily", "font", "Font", FONT_FAMILIES],
  ["captionStyle", "caption-style", "Caption style", CAPTION_STYLES],
] as const;

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
        <Slider
          id="music-volume"
          label="Music volume"
          range={[0, 1, 0.05]}
          disabled={!music}
          value={settings.music?.volume ?? MUSIC_DEFAULTS.volume}
          onChange={(volume) =>
            music && save({ music: { track: music, volume } })
          }
        />
        <div className="field">
          <label htmlFor="accent">Accent colour</label>
          <input
            id="accent"
            type="color"
            defaultValue={theme.accentColor}
            onChange={(e) => save({ theme: { accentColor: e.target.value } })}
          />
        </div>
        {THEME_CHOICES.map(([key, id, label, values]) => (
          <SelectField<string>
            key={key}
            id={id}
            label={label}
            value={theme[key]}
            options={plain(values)}
            onChange={(value) => save({ theme: { [key]: value } })}
          />
        ))}
        {THEME_SLIDERS.map(([key, label, range]) => (
          <Slider
            key={key}
            id={key}
            label={label}
            range={range}
            value={theme[key]}
            onChange={(value) => save({ theme: { [key]: value } })}
          />
        ))}
        <SelectField
          id="transition"
          label="Transition"
          value={transition}
          options={plain(TRANSITIONS)}
          onChange={(style) => save({ transition: style })}
        />
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
