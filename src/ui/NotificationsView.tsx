"use client";

import Link from "next/link";
import { useState } from "react";
import { api, describeProblem, paths } from "./api";
import { EmptyState, ErrorAlert, PageHead } from "./components";
import { useNotifications } from "./data";
import { formatDateTime } from "./format";
import { useCan } from "./session";

/** What the site's admins are told: newest first, unread ones marked. */
export function NotificationsView() {
  const canRead = useCan("notifications.read");
  const list = useNotifications(canRead);
  const [error, setError] = useState<string | null>(null);
  const items = list.data?.items ?? [];

  async function readAll() {
    setError(null);
    try {
      await list.mutate(await api(paths.readNotifications, { json: {} }), {
        revalidate: false,
      });
    } catch (e) {
      setError(describeProblem(e));
    }
  }

  return (
    <div className="stack">
      <PageHead
        title="Notifications"
        lead="Posts that keep failing or wait for a review, and other alerts."
        actions={
          canRead && (
            <button
              type="button"
              className="btn btn-sm"
              disabled={!list.data?.unread}
              onClick={readAll}
            >
              Mark all read
            </button>
          )
        }
      />
      <ErrorAlert
        message={error ?? (list.error ? describeProblem(list.error) : null)}
      />
      {!canRead && (
        <EmptyState title="Notifications are for admins">
          An admin hears when a post keeps failing or needs a review.
        </EmptyState>
      )}
      {list.data && items.length === 0 && (
        <EmptyState title="Nothing to report">All is well.</EmptyState>
      )}
      {items.map((n) => (
        <article
          key={n.id}
          className="card stack"
          data-testid="notification"
          style={{ borderLeft: n.read_at ? undefined : "4px solid var(--bad)" }}
        >
          <div className="row spread">
            <strong>{n.title}</strong>
            <span className="muted small">{formatDateTime(n.created_at)}</span>
          </div>
          {n.body && <p>{n.body}</p>}
          {n.link && <Link href={n.link}>Open</Link>}
        </article>
      ))}
    </div>
  );
}
