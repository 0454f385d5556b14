"use client";

import Link from "next/link";
import { useState } from "react";
import { PLATFORMS } from "@/src/platforms/limits";
import { describeProblem } from "./api";
import { EmptyState, ErrorAlert, PageHead, StatusBadge } from "./components";
import { usePublications, useSocialAccounts } from "./data";
import type { Publication } from "./types";

type Span = "week" | "month";

/** When a post goes (or went) out: its time, else when it was published, else when it was asked for. */
const goesOutAt = (p: Publication) =>
  new Date(p.publish_at ?? p.published_at ?? p.created_at);

/** The week (from Monday) or month holding `day`, shifted by `offset` of them, in local time. */
function range(span: Span, offset: number, day = new Date()) {
  const start = new Date(day.getFullYear(), day.getMonth(), day.getDate());
  if (span === "week") {
    start.setDate(start.getDate() - ((start.getDay() + 6) % 7) + 7 * offset);
    const end = new Date(start);
    end.setDate(end.getDate() + 7);
    return { start, end };
  }
  start.setDate(1);
  start.setMonth(start.getMonth() + offset);
  const end = new Date(start);
  end.setMonth(end.getMonth() + 1);
  return { start, end };
}

const dayKey = (at: Date) => at.toLocaleDateString("en-CA");
const dayLabel = (at: Date) =>
  at.toLocaleDateString("en", {
    weekday: "long",
    month: "short",
    day: "numeric",
  });
const timeLabel = (at: Date) =>
  at.toLocaleTimeString("en", { hour: "2-digit", minute: "2-digit" });

/** What goes out when, per account: a week or a month of posts, day by day. */
export function CalendarView() {
  const [span, setSpan] = useState<Span>("week");
  const [offset, setOffset] = useState(0);
  const publications = usePublications();
  const accounts = useSocialAccounts();
  const error = publications.error ?? accounts.error;
  const { start, end } = range(span, offset);
  const inRange = (publications.data?.items ?? [])
    .filter((p) => p.status !== "removed")
    .map((p) => ({ post: p, at: goesOutAt(p) }))
    .filter(({ at }) => at >= start && at < end)
    .sort((a, b) => +a.at - +b.at);
  const byAccount = (accounts.data?.items ?? [])
    .map((account) => ({
      account,
      posts: inRange.filter(
        ({ post }) => post.social_account_id === account.id,
      ),
    }))
    .filter(({ posts }) => posts.length > 0);
  const last = new Date(end);
  last.setDate(last.getDate() - 1);

  return (
    <div className="stack">
      <PageHead
        title="Calendar"
        lead="What goes out when, per connected account."
        actions={
          <>
            <select
              aria-label="Show"
              value={span}
              onChange={(e) => {
                setSpan(e.target.value as Span);
                setOffset(0);
              }}
            >
              <option value="week">Week</option>
              <option value="month">Month</option>
            </select>
            <button
              type="button"
              className="btn btn-sm"
              onClick={() => setOffset((o) => o - 1)}
            >
              ← Earlier
            </button>
            <button
              type="button"
              className="btn btn-sm"
              onClick={() => setOffset(0)}
            >
              This {span}
            </button>
            <button
              type="button"
              className="btn btn-sm"
              onClick={() => setOffset((o) => o + 1)}
            >
              Later →
            </button>
          </>
        }
      />
      <ErrorAlert message={error ? describeProblem(error) : null} />
      <p className="muted" data-testid="calendar-range">
        {start.toLocaleDateString("en", { month: "long", day: "numeric" })} –{" "}
        {last.toLocaleDateString("en", {
          month: "long",
          day: "numeric",
          year: "numeric",
        })}
      </p>
      {publications.data && byAccount.length === 0 && (
        <EmptyState title={`Nothing goes out this ${span}`}>
          Schedule a post on a project&apos;s Publish step; it shows here.
        </EmptyState>
      )}
      {byAccount.map(({ account, posts }) => {
        const days = [...new Set(posts.map(({ at }) => dayKey(at)))];
        return (
          <section
            key={account.id}
            className="card"
            aria-labelledby={`account-${account.id}`}
            data-testid={`calendar-account-${account.id}`}
          >
            <h2 id={`account-${account.id}`} style={{ fontSize: 18 }}>
              {account.display_name} · {PLATFORMS[account.platform].label}
            </h2>
            {days.map((key) => {
              const today = posts.filter(({ at }) => dayKey(at) === key);
              return (
                <div key={key} className="calendar-day">
                  <h3>{dayLabel(today[0].at)}</h3>
                  <ul className="stack" style={{ listStyle: "none", gap: 4 }}>
                    {today.map(({ post, at }) => (
                      <li
                        key={post.id}
                        className="row"
                        data-testid="calendar-post"
                      >
                        <strong>{timeLabel(at)}</strong>
                        <span>{post.title}</span>
                        <StatusBadge status={post.status} />
                      </li>
                    ))}
                  </ul>
                </div>
              );
            })}
          </section>
        );
      })}
      <p className="muted small">
        Posts that need a review are listed under{" "}
        <Link href="/notifications">Notifications</Link> for admins.
      </p>
    </div>
  );
}
