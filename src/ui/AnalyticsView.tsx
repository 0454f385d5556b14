"use client";

import { PLATFORM_IDS, PLATFORMS } from "@/src/platforms/limits";
import { describeProblem } from "./api";
import { EmptyState, ErrorAlert, PageHead } from "./components";
import { TableHead } from "./TableHead";
import { BudgetCard } from "./BudgetCard";
import { formatNumber, formatSeconds, usd } from "./format";
import { LineChart } from "./LineChart";
import {
  useAnalytics,
  useCosts,
  usePublications,
  useVideoAnalytics,
} from "./data";
import type { CostRow, Publication, Totals } from "./types";

const COLORS = {
  views: "#5b3df5",
  likes: "#e0457b",
  comments: "#0f8a5f",
  shares: "#f59e0b",
};

/** Watch time; a dash where the platform does not report it (TikTok). */
const hours = (sec: number | null) =>
  sec === null
    ? "—"
    : sec >= 3600
      ? `${(sec / 3600).toFixed(1)} h`
      : formatSeconds(sec);

function TotalsGrid({ totals }: { totals: Totals }) {
  const items = [
    ["Videos", formatNumber(totals.videos)],
    ["Views", formatNumber(totals.views)],
    ["Likes", formatNumber(totals.likes)],
    ["Comments", formatNumber(totals.comments)],
    ["Shares", formatNumber(totals.shares)],
    ["Watch time", hours(totals.watch_time_seconds)],
  ];
  return (
    <div className="stats">
      {items.map(([label, value]) => (
        <div key={label} className="stat">
          <div className="label">{label}</div>
          <div className="value">{value}</div>
        </div>
      ))}
    </div>
  );
}

function VideoChart({ publication }: { publication: Publication }) {
  const { data, error } = useVideoAnalytics(publication.id);
  const timeline = error ? [] : (data?.timeline ?? null);
  return (
    <article
      className="card stack"
      data-testid={`video-chart-${publication.id}`}
    >
      <div className="row spread">
        <h3 style={{ fontSize: 16 }}>{publication.title}</h3>
        <span className="chip">{PLATFORMS[publication.platform].label}</span>
      </div>
      {timeline === null ? (
        <div className="skeleton" style={{ height: 180 }} />
      ) : timeline.length === 0 ? (
        <p className="muted small">
          No numbers yet: they are collected every 12 hours after publishing.
        </p>
      ) : (
        <>
          <LineChart
            title={`Engagement over time for ${publication.title}`}
            labels={timeline.map((t) => {
              const span =
                new Date(timeline.at(-1)!.fetched_at).getTime() -
                new Date(timeline[0].fetched_at).getTime();
              return new Date(t.fetched_at).toLocaleString("en", {
                month: "short",
                day: "numeric",
                ...(span < 3 * 86400_000 ? { hour: "numeric" } : {}),
              });
            })}
            series={(["views", "likes", "comments", "shares"] as const).map(
              (k) => ({
                name: k[0].toUpperCase() + k.slice(1),
                color: COLORS[k],
                points: timeline.map((t) => t[k]),
              }),
            )}
          />
          <p className="small muted">
            {timeline.at(-1)!.watch_time_seconds === null
              ? `${PLATFORMS[publication.platform].label} does not report watch time`
              : `Watch time: ${hours(timeline.at(-1)!.watch_time_seconds)}`}
            {publication.published_url && (
              <>
                {" · "}
                <a
                  href={publication.published_url}
                  target="_blank"
                  rel="noreferrer noopener"
                >
                  View video ↗
                </a>
              </>
            )}
          </p>
        </>
      )}
    </article>
  );
}

export function AnalyticsView() {
  const analytics = useAnalytics();
  const data = analytics.data ?? null;
  const error = analytics.error ? describeProblem(analytics.error) : null;
  const publications = (usePublications().data?.items ?? []).filter(
    (p) => p.status === "published",
  );
  const costsAnswer = useCosts();
  const costs = costsAnswer.error ? [] : (costsAnswer.data?.items ?? null);

  const byProject = new Map<
    string,
    { title: string; rows: CostRow[]; total: number }
  >();
  for (const row of costs ?? []) {
    const key = String(row.project_id ?? "none");
    const entry = byProject.get(key) ?? {
      title: row.title ?? "Not tied to a project",
      rows: [],
      total: 0,
    };
    entry.rows.push(row);
    entry.total += row.cost_usd;
    byProject.set(key, entry);
  }

  return (
    <>
      <PageHead
        title="Analytics"
        lead="How your published videos do, and what making them cost."
      />
      <ErrorAlert message={error} />
      {data && (
        <div className="stack">
          <TotalsGrid totals={data.totals} />
          {Object.keys(data.platforms).length > 0 && (
            <section className="card" aria-labelledby="platforms-h">
              <h2 id="platforms-h" style={{ fontSize: 18, marginBottom: 12 }}>
                By platform
              </h2>
              <table>
                <TableHead
                  columns={["Platform"]}
                  numbers={[
                    "Videos",
                    "Views",
                    "Likes",
                    "Comments",
                    "Shares",
                    "Watch time",
                  ]}
                />
                <tbody>
                  {PLATFORM_IDS.flatMap((platform) => {
                    const t = data.platforms[platform];
                    return t ? [{ platform, t }] : [];
                  }).map(({ platform, t }) => (
                    <tr key={platform}>
                      <td>{PLATFORMS[platform].label}</td>
                      <td className="num">{formatNumber(t.videos)}</td>
                      <td className="num">{formatNumber(t.views)}</td>
                      <td className="num">{formatNumber(t.likes)}</td>
                      <td className="num">{formatNumber(t.comments)}</td>
                      <td className="num">{formatNumber(t.shares)}</td>
                      <td className="num">{hours(t.watch_time_seconds)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          )}
          {publications.length === 0 ? (
            <EmptyState title="No published videos yet">
              Numbers appear here once a video is live.
            </EmptyState>
          ) : (
            <div className="grid-2">
              {publications.map((p) => (
                <VideoChart key={p.id} publication={p} />
              ))}
            </div>
          )}
          <BudgetCard />
          <section className="card" aria-labelledby="costs-h">
            <h2 id="costs-h" style={{ fontSize: 18, marginBottom: 12 }}>
              Costs per project
            </h2>
            {costs === null ? (
              <div className="skeleton" style={{ height: 80 }} />
            ) : byProject.size === 0 ? (
              <p className="muted small">Nothing spent yet.</p>
            ) : (
              <table>
                <TableHead columns={["Project", "Steps"]} numbers={["Cost"]} />
                <tbody>
                  {[...byProject.entries()].map(([key, p]) => (
                    <tr key={key}>
                      <td>{p.title}</td>
                      <td className="small muted">
                        {p.rows
                          .map(
                            (r) =>
                              `${r.operation} (${r.provider}, ${Math.round(r.units * 10) / 10} ${r.unit})`,
                          )
                          .join(" · ")}
                      </td>
                      <td className="num">{usd(p.total)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
        </div>
      )}
    </>
  );
}
