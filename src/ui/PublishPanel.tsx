"use client";

import Link from "next/link";
import { useEffect, useRef, useState, type ChangeEvent } from "react";
import { PRESETS } from "@/src/compositions/presets";
import {
  PLATFORMS,
  type PlatformId,
  type PlatformLimits,
} from "@/src/platforms/limits";
import { api, describeProblem, paths } from "./api";
import { Counter, EmptyState, ErrorAlert, StatusBadge } from "./components";
import { TableHead } from "./TableHead";
import { isPublishing, usePublications, useSocialAccounts } from "./data";
import { formatDate, formatDateTime, presetLabel } from "./format";
import { useProject } from "./project";
import { useCan } from "./session";
import type { Render, SocialAccount } from "./types";
import { useDraft } from "./useDraft";

const utf8 = (s: string) => new TextEncoder().encode(s).length;

/** A time as a `datetime-local` input shows it: local, to the minute. */
const localInputValue = (at: Date) =>
  new Date(at.getTime() - at.getTimezoneOffset() * 60_000)
    .toISOString()
    .slice(0, 16);

type PostLimits = {
  title: number | null;
  titleLabel: string;
  description: {
    max: number;
    unit: string;
    measure: (s: string) => number;
  } | null;
  tagsTotal: number | null;
  hashtags: number;
};

/** The limits a platform puts on a post: Instagram's caption stands in for title and description. */
function limitsOf(platform: PlatformId): PostLimits {
  const p: PlatformLimits = PLATFORMS[platform];
  const text = p.description ?? p.caption;
  return {
    title: (p.title ?? p.caption)?.max ?? null,
    titleLabel: p.title ? "Title" : "Caption",
    description: text && {
      max: text.max,
      unit: text.unit === "bytes" ? "bytes" : "characters",
      measure: text.unit === "bytes" ? utf8 : (s: string) => s.length,
    },
    tagsTotal: p.tagsMaxTotalChars,
    hashtags: p.hashtagsMax,
  };
}

type PostDraft = {
  accountId: string;
  title: string;
  description: string;
  tags: string;
  privacy: "private" | "unlisted" | "public";
  /** `datetime-local` text in the reader's time zone; empty: at once. */
  when: string;
};

function PublishForm({
  render,
  accounts,
  onPublished,
}: {
  render: Render;
  accounts: SocialAccount[];
  onPublished: () => void;
}) {
  const platform = PRESETS[render.preset].platform;
  const meta = (render.metadata ?? {}) as {
    title?: string;
    description?: string;
    tags?: string[];
  };
  const mine = accounts.filter(
    (a) => a.platform === platform && a.status === "connected",
  );
  const [draft, setDraft, clearDraft] = useDraft<PostDraft>(
    `draft:publish:${render.id}`,
    {
      accountId: mine[0] ? String(mine[0].id) : "",
      title: meta.title ?? "",
      description: meta.description ?? "",
      tags: (meta.tags ?? []).join(", "),
      privacy: "private",
      when: "",
    },
  );
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const set = (patch: Partial<PostDraft>) =>
    setDraft((d) => ({ ...d, ...patch }));
  const limits = limitsOf(platform);
  const tags = draft.tags
    .split(",")
    .map((t) => t.trim())
    .filter(Boolean);
  const tagChars = tags.join(",").length;
  const over =
    (limits.title !== null && draft.title.length > limits.title) ||
    (limits.description !== null &&
      limits.description.measure(draft.description) > limits.description.max) ||
    (limits.tagsTotal !== null && tagChars > limits.tagsTotal);
  const p = `post-${render.id}`;
  // A caption-like title (Instagram, TikTok) gets a text area, a YouTube title one line.
  const titleProps = {
    id: `${p}-title`,
    value: draft.title,
    "aria-describedby": `${p}-title-count`,
    "aria-invalid": limits.title !== null && draft.title.length > limits.title,
    onChange: (e: ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) =>
      set({ title: e.target.value }),
  };
  const chosen = mine.find((a) => String(a.id) === draft.accountId);
  // An unaudited TikTok app may only post SELF_ONLY, whatever is picked below.
  const privateOnly =
    platform === "tiktok" && !!chosen && chosen.audited !== true;

  async function publish() {
    setBusy(true);
    setError(null);
    try {
      await api(paths.publish, {
        json: {
          rendered_video_id: render.id,
          social_account_id: Number(draft.accountId),
          title: draft.title.trim(),
          description: draft.description,
          tags,
          privacy: draft.privacy,
          ...(draft.when
            ? { publish_at: new Date(draft.when).toISOString() }
            : {}),
        },
      });
      clearDraft();
      onPublished();
    } catch (e) {
      setError(`Not published — your text is kept. ${describeProblem(e)}`);
    } finally {
      setBusy(false);
    }
  }

  return (
    <article
      className="card stack"
      aria-labelledby={`${p}-h`}
      data-testid={`publish-${render.preset}`}
    >
      <div className="row spread">
        <h3 id={`${p}-h`}>
          {presetLabel(render.preset) === PLATFORMS[platform].label
            ? PLATFORMS[platform].label
            : `${PLATFORMS[platform].label} · ${presetLabel(render.preset)}`}
        </h3>
        <StatusBadge status="approved" />
      </div>
      {mine.length === 0 ? (
        <div className="alert alert-info">
          No {PLATFORMS[platform].label} account is connected to this site yet.
          An admin connects accounts on the{" "}
          <Link href="/accounts">Connected accounts</Link> page; once one is
          connected it appears here.
        </div>
      ) : (
        <div className="field">
          <label htmlFor={`${p}-account`}>Account</label>
          <select
            id={`${p}-account`}
            value={draft.accountId}
            onChange={(e) => set({ accountId: e.target.value })}
          >
            {mine.map((a) => (
              <option key={a.id} value={a.id}>
                {a.display_name}
              </option>
            ))}
          </select>
        </div>
      )}
      <div className="field">
        <label htmlFor={`${p}-title`}>{limits.titleLabel}</label>
        {platform === "youtube" ? (
          <input type="text" {...titleProps} />
        ) : (
          <textarea rows={3} {...titleProps} />
        )}
        <Counter
          id={`${p}-title-count`}
          used={draft.title.length}
          max={limits.title}
        />
      </div>
      {limits.description && (
        <div className="field">
          <label htmlFor={`${p}-desc`}>Description</label>
          <textarea
            id={`${p}-desc`}
            rows={5}
            value={draft.description}
            aria-describedby={`${p}-desc-count`}
            onChange={(e) => set({ description: e.target.value })}
          />
          <Counter
            id={`${p}-desc-count`}
            used={limits.description.measure(draft.description)}
            max={limits.description.max}
            unit={limits.description.unit}
          />
        </div>
      )}
      <div className="field">
        <label htmlFor={`${p}-tags`}>Tags</label>
        <input
          id={`${p}-tags`}
          type="text"
          value={draft.tags}
          aria-describedby={`${p}-tags-count`}
          onChange={(e) => set({ tags: e.target.value })}
        />
        <span className="hint">Separate tags with commas.</span>
        {limits.tagsTotal !== null ? (
          <Counter
            id={`${p}-tags-count`}
            used={tagChars}
            max={limits.tagsTotal}
          />
        ) : (
          <Counter
            id={`${p}-tags-count`}
            used={tags.length}
            max={limits.hashtags}
            unit="tags"
          />
        )}
      </div>
      <div className="field">
        <label htmlFor={`${p}-privacy`}>Who can see it</label>
        <select
          id={`${p}-privacy`}
          value={draft.privacy}
          onChange={(e) =>
            set({ privacy: e.target.value as PostDraft["privacy"] })
          }
        >
          <option value="private">Only me (private)</option>
          <option value="unlisted">Anyone with the link (unlisted)</option>
          <option value="public">Everyone (public)</option>
        </select>
        {privateOnly && (
          <div className="alert alert-info" data-testid="tiktok-private-note">
            Posts will be private until TikTok audits the app: only the account
            owner will see this video, whatever you pick here.
          </div>
        )}
      </div>
      <div className="field">
        <label htmlFor={`${p}-when`}>When</label>
        <input
          type="datetime-local"
          min={localInputValue(new Date())}
          id={`${p}-when`}
          onChange={(e) => set({ when: e.target.value })}
          value={draft.when}
        />
        <span className="hint">
          Empty: it goes out at once. A time (yours) schedules it, up to a year
          ahead; it shows on the Calendar.
        </span>
      </div>
      <ErrorAlert message={error} />
      <button
        type="button"
        className="btn btn-primary"
        disabled={busy || over || !draft.accountId || !draft.title.trim()}
        onClick={publish}
      >
        {busy
          ? "Sending…"
          : `${draft.when ? "Schedule for" : "Publish to"} ${PLATFORMS[platform].label}`}
      </button>
      {over && (
        <span className="hint" style={{ color: "var(--bad)" }}>
          Shorten the fields marked in red to publish.
        </span>
      )}
    </article>
  );
}

export function PublishPanel() {
  const { id, detail, reload } = useProject();
  const canPublish = useCan("publish");
  const accountList = useSocialAccounts();
  const accounts = accountList.error ? [] : (accountList.data?.items ?? null);
  // While a post is on its way, the list looks again every few seconds.
  const publications = usePublications(id);
  const history = publications.data?.items ?? null;
  const error = publications.error ? describeProblem(publications.error) : null;
  const pending = history ? isPublishing(history) : false;
  // A post going out changes the project's status too (the header's badge).
  const wasPending = useRef(false);
  useEffect(() => {
    if (wasPending.current && !pending) void reload();
    wasPending.current = Boolean(pending);
  }, [pending, reload]);

  async function cancel(publicationId: number) {
    await api(paths.publication(publicationId), { method: "DELETE" }).catch(
      () => {},
    );
    await publications.mutate();
  }

  if (!detail) return null;
  const approved = detail.renders.filter(
    (r) => r.status === "completed" && r.review_status === "approved",
  );
  // Drafts are for review only: the API refuses to publish them.
  const publishable = approved.filter((r) => r.scale === 1);
  const posted = new Set(
    (history ?? [])
      .filter((h) => h.status !== "failed" && h.status !== "removed")
      .map((h) => h.rendered_video_id),
  );
  const unposted = publishable.filter((r) => !posted.has(r.id));

  return (
    <div className="stack">
      <ErrorAlert message={error} />
      {history && history.length > 0 && (
        <section className="card" aria-labelledby="history-h">
          <h2 id="history-h" style={{ fontSize: 18, marginBottom: 12 }}>
            Publications
          </h2>
          <table>
            <TableHead columns={["Platform", "Title", "Status", "Link"]} />
            <tbody>
              {history.map((h) => (
                <tr key={h.id} data-testid={`publication-${h.platform}`}>
                  <td>{PLATFORMS[h.platform].label}</td>
                  <td>{h.title}</td>
                  <td>
                    <StatusBadge status={h.status} />
                    {h.error && (
                      <div className="hint" style={{ color: "var(--bad)" }}>
                        {h.error}
                      </div>
                    )}
                  </td>
                  <td>
                    {h.published_url ? (
                      <a
                        href={h.published_url}
                        target="_blank"
                        rel="noreferrer noopener"
                      >
                        View live video ↗
                      </a>
                    ) : h.published_at ? (
                      formatDate(h.published_at)
                    ) : h.status === "queued" && h.publish_at ? (
                      <span data-testid="scheduled-at">
                        Goes out {formatDateTime(h.publish_at)}
                        {canPublish && h.attempts === 0 && (
                          <button
                            type="button"
                            className="btn btn-sm"
                            style={{ marginLeft: 8 }}
                            onClick={() => void cancel(h.id)}
                          >
                            Cancel
                          </button>
                        )}
                      </span>
                    ) : (
                      <span className="muted">—</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      {!canPublish ? (
        <EmptyState title="Publishing is for marketers and admins">
          Your role can prepare and preview videos; a marketer or an admin
          publishes them.
        </EmptyState>
      ) : publishable.length === 0 ? (
        <EmptyState
          title={
            approved.length
              ? "Only drafts are approved"
              : "Nothing approved to publish yet"
          }
        >
          {approved.length
            ? "Drafts are rendered at reduced size for review. Render the video at full size in “Render & review” and approve it to publish."
            : "Approve a finished render in “Render & review” first."}
        </EmptyState>
      ) : accounts === null ? null : unposted.length === 0 ? (
        <p className="muted small">
          Every approved render has been sent. To post again, render a new
          version and approve it.
        </p>
      ) : (
        <div className="grid-2">
          {unposted.map((r) => (
            <PublishForm
              key={r.id}
              render={r}
              accounts={accounts}
              onPublished={() => void publications.mutate()}
            />
          ))}
        </div>
      )}
    </div>
  );
}
