import { isPresetId, PRESET_IDS, PRESETS } from "@/src/compositions/presets";
import { VIDEO_TYPES, type VideoType } from "@/src/core/video-types";

export const presetLabel = (preset: string) =>
  isPresetId(preset) ? PRESETS[preset].label : preset;

export const formatSeconds = (sec: number) => {
  const total = Math.max(0, Math.round(sec));
  return `${Math.floor(total / 60)}:${String(total % 60).padStart(2, "0")}`;
};

export const formatNumber = (n: number) =>
  new Intl.NumberFormat("en", {
    notation: n >= 10_000 ? "compact" : "standard",
  }).format(n);

export const formatBytes = (n: number) =>
  n >= 1024 ** 2
    ? `${(n / 1024 ** 2).toFixed(1)} MB`
    : `${Math.max(1, Math.round(n / 1024))} KB`;

export const usd = (n: number) =>
  new Intl.NumberFormat("en", {
    style: "currency",
    currency: "USD",
    maximumFractionDigits: n < 1 ? 4 : 2,
  }).format(n);

export const formatDate = (iso: string) =>
  new Date(iso).toLocaleDateString("en", {
    month: "short",
    day: "numeric",
    year: "numeric",
  });

/** "Mar 3, 2026, 09:30" in the reader's time zone. */
export const formatDateTime = (iso: string) =>
  new Date(iso).toLocaleString("en", {
    month: "short",
    day: "numeric",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
  });

export const formatRelative = (iso: string) => {
  const diff = (Date.now() - new Date(iso).getTime()) / 1000;
  if (diff < 60) return "just now";
  if (diff < 3600) return `${Math.round(diff / 60)} min ago`;
  if (diff < 86400) return `${Math.round(diff / 3600)} h ago`;
  return formatDate(iso);
};

/** A video type's narration range as people say it: "30–90 s", "1–3 min". */
export const typeRange = (type: VideoType) => {
  const { minSec, maxSec } = VIDEO_TYPES[type];
  return maxSec < 120
    ? `${minSec}–${maxSec} s`
    : `${minSec / 60}–${maxSec / 60} min`;
};

/** "Short · 30–90 s" */
export const typeLabel = (type: VideoType) =>
  `${VIDEO_TYPES[type].label} · ${typeRange(type)}`;

export const STATUS_LABEL: Record<string, string> = {
  draft: "Draft",
  scripting: "Writing script",
  voiceover: "Recording voice",
  composing: "Composing",
  rendering: "Rendering",
  review: "In review",
  published: "Published",
  failed: "Needs attention",
  queued: "Queued",
  completed: "Ready",
  cancelled: "Cancelled",
  pending: "Awaiting review",
  approved: "Approved",
  rejected: "Changes requested",
  publishing: "Publishing",
  removed: "Removed",
  needs_review: "Needs review",
};

export const STATUS_TONE: Record<string, string> = {
  draft: "",
  scripting: "info",
  voiceover: "info",
  composing: "info",
  rendering: "info",
  review: "warn",
  published: "ok",
  failed: "bad",
  queued: "",
  completed: "ok",
  cancelled: "",
  pending: "warn",
  approved: "ok",
  rejected: "bad",
  publishing: "info",
  removed: "",
  needs_review: "bad",
};

/** Every preset as a `ChoiceGroup` option: its label over its size and length range. */
export const PRESET_CHOICES = PRESET_IDS.map((value) => {
  const p = PRESETS[value];
  return {
    value,
    label: p.label,
    detail: `${p.width}×${p.height} · ${formatSeconds(p.minDurationMs / 1000)}–${formatSeconds(p.maxDurationMs / 1000)}`,
  };
});
