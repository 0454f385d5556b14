"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import type { PresetId } from "@/src/compositions/presets";
import { spokenSeconds, wordsOf } from "@/src/core/narration";
import { MAX_ARTICLE_BYTES } from "@/src/core/uploads";
import {
  VIDEO_TYPE_IDS,
  VIDEO_TYPES,
  type VideoType,
} from "@/src/core/video-types";
import { api, describeProblem, paths } from "./api";
import {
  Card,
  ChoiceGroup,
  ErrorAlert,
  Field,
  PageHead,
  SelectField,
} from "./components";
import { useProjects } from "./data";
import { ContentKindSelect, type ContentKind } from "./ContentKindSelect";
import { formatSeconds, PRESET_CHOICES, typeRange } from "./format";
import type { Project } from "./types";
import { useDraft } from "./useDraft";

type Source = "paste" | "upload" | "existing";
type Draft = {
  source: Source;
  format: "markdown" | "html";
  kind?: ContentKind;
  body: string;
  fileName: string;
  contentId: string;
  title: string;
  type: "" | VideoType;
  presets: PresetId[];
};

const EMPTY: Draft = {
  source: "paste",
  format: "markdown",
  body: "",
  fileName: "",
  contentId: "",
  title: "",
  type: "short",
  presets: ["youtube_short", "instagram_reel", "tiktok"],
};

const MAX_ARTICLE_MB = MAX_ARTICLE_BYTES / 1024 / 1024;
const looksLikeHtml = (text: string) =>
  /<\s*(html|body|article|p|h1|h2)\b/i.test(text);

const SOURCES = [
  { value: "paste", label: "Paste text", detail: "Markdown or HTML" },
  { value: "upload", label: "Upload a file", detail: ".md, .html or .txt" },
  {
    value: "existing",
    label: "Reuse an article",
    detail: "From an earlier project",
  },
] as const;

export function NewProjectForm() {
  const router = useRouter();
  const [draft, setDraft, clearDraft] = useDraft<Draft>(
    "draft:new-project",
    EMPTY,
  );
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const set = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));
  const earlier = useProjects(
    draft.source === "existing" ? { per_page: 100 } : null,
  );
  const existing = earlier.data?.items.filter((p) => p.content_id) ?? null;

  async function readFile(file: File) {
    setError(null);
    if (file.size > MAX_ARTICLE_BYTES) {
      setError(
        `That file is larger than ${MAX_ARTICLE_MB} MB. Paste the article text instead.`,
      );
      return;
    }
    const text = await file.text();
    set({
      body: text,
      fileName: file.name,
      format:
        /\.html?$/i.test(file.name) || looksLikeHtml(text)
          ? "html"
          : "markdown",
    });
  }

  const togglePreset = (preset: PresetId) =>
    set({
      presets: draft.presets.includes(preset)
        ? draft.presets.filter((p) => p !== preset)
        : [...draft.presets, preset],
    });

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    if (!draft.presets.length) {
      setError("Choose at least one platform.");
      return;
    }
    const fromText = draft.source !== "existing";
    if (fromText && !draft.body.trim()) {
      setError("Paste the article or upload a file first.");
      return;
    }
    if (!fromText && !draft.contentId) {
      setError("Choose the article to reuse.");
      return;
    }
    setBusy(true);
    try {
      const { project } = await api<{ project: Project }>(paths.createProject, {
        json: {
          ...(fromText
            ? {
                content: {
                  format:
                    draft.kind && draft.kind !== "article"
                      ? draft.kind
                      : draft.format,
                  body: draft.body,
                },
              }
            : { content_id: Number(draft.contentId) }),
          ...(draft.title.trim() ? { title: draft.title.trim() } : {}),
          ...(draft.type ? { project_type: draft.type } : {}),
          target_platforms: draft.presets,
        },
      });
      clearDraft();
      router.push(`/projects/${project.id}/script`);
    } catch (e) {
      setError(describeProblem(e));
      setBusy(false);
    }
  }

  const words = wordsOf(draft.body).length;
  const formatName = draft.format === "html" ? "HTML" : "Markdown";

  return (
    <>
      <PageHead
        crumbs={<Link href="/projects">Projects</Link>}
        title="New video"
        lead="Start from an article. We write the script, you review every step before anything is published."
      />
      <form onSubmit={submit} className="stack" noValidate>
        <Card headingId="content-h" title="1. Content">
          <ChoiceGroup
            legend="Where does the article come from?"
            name="source"
            options={SOURCES}
            isChosen={(value) => draft.source === value}
            onChoose={(source) => set({ source })}
          />
          {draft.source !== "existing" && (
            <ContentKindSelect
              value={draft.kind ?? "article"}
              onChange={(kind) => set({ kind })}
            />
          )}
          {draft.source === "paste" && (
            <Field
              id="body"
              label="Article"
              hint={
                words
                  ? `${words} words · read as ${formatName} · about ${formatSeconds(spokenSeconds(words))} if read in full`
                  : "Headings and images in the article become the video's sections and pictures."
              }
            >
              <textarea
                id="body"
                rows={12}
                placeholder={"# Your headline\n\nYour first paragraph…"}
                value={draft.body}
                onChange={(e) =>
                  set({
                    body: e.target.value,
                    format: looksLikeHtml(e.target.value) ? "html" : "markdown",
                  })
                }
              />
            </Field>
          )}
          {draft.source === "upload" && (
            <Field id="file" label="Article file">
              <input
                id="file"
                type="file"
                accept=".md,.markdown,.html,.htm,.txt,.json,text/markdown,text/html,text/plain"
                onChange={(e) => {
                  const file = e.target.files?.[0];
                  if (file) void readFile(file);
                }}
              />
              <span className="hint" aria-live="polite">
                {draft.fileName
                  ? `${draft.fileName} · ${words} words · ${formatName}`
                  : `Up to ${MAX_ARTICLE_MB} MB.`}
              </span>
            </Field>
          )}
          {draft.source === "existing" && (
            <SelectField
              id="content"
              label="Article"
              value={draft.contentId}
              empty={
                existing === null
                  ? "Loading…"
                  : existing.length
                    ? "Choose an article"
                    : "No earlier articles"
              }
              options={[
                ...new Map(
                  (existing ?? []).map((p) => [String(p.content_id), p.title]),
                ),
              ]}
              onChange={(contentId) => set({ contentId })}
            />
          )}
          <Field id="title" label="Video title (optional)">
            <input
              id="title"
              type="text"
              maxLength={300}
              placeholder="Taken from the article when empty"
              value={draft.title}
              onChange={(e) => set({ title: e.target.value })}
            />
          </Field>
        </Card>

        <Card headingId="format-h" title="2. Length and platforms">
          <ChoiceGroup
            legend="Video type"
            name="type"
            options={[
              ...VIDEO_TYPE_IDS.map((value) => ({
                value,
                label: VIDEO_TYPES[value].label,
                detail: typeRange(value),
              })),
              {
                value: "" as const,
                label: "Per platform",
                detail: "Long for YouTube, short for the rest",
              },
            ]}
            isChosen={(value) => draft.type === value}
            onChoose={(type) => set({ type })}
          />
          <ChoiceGroup
            legend="Platforms"
            name="presets"
            type="checkbox"
            options={PRESET_CHOICES}
            isChosen={(preset) => draft.presets.includes(preset)}
            onChoose={togglePreset}
          />
        </Card>

        <ErrorAlert
          message={
            error ?? (earlier.error ? describeProblem(earlier.error) : null)
          }
        />
        <div className="row">
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {busy ? (
              <>
                <span className="spinner" aria-hidden="true" /> Creating…
              </>
            ) : (
              "Create project and write the script"
            )}
          </button>
          <Link href="/projects" className="btn btn-ghost">
            Cancel
          </Link>
          <span className="hint">
            Your entries are kept if you leave this page.
          </span>
        </div>
      </form>
    </>
  );
}
