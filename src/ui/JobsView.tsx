"use client";

import { useState } from "react";
import { api, describeProblem, paths } from "./api";
import { EmptyState, ErrorAlert, PageHead, Spinner } from "./components";
import { useJobBoard } from "./data";
import { formatRelative } from "./format";
import { LineChart } from "./LineChart";
import { useCan } from "./session";
import type { Job } from "./types";

/**
 * The admin's view of the work: per hour of the last day what finished and failed, how long jobs
 * ran and waited (the numbers /api/v1/metrics gives Prometheus), and the site's jobs in flight or
 * failed, with cancel and retry.
 */
export function JobsView() {
  const canManage = useCan("jobs.manage");
  const board = useJobBoard(canManage);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function act(path: string) {
    setBusy(true);
    setError(null);
    try {
      await api(path, { method: "POST" });
      await board.mutate();
    } catch (e) {
      setError(describeProblem(e));
    } finally {
      setBusy(false);
    }
  }

  if (!canManage)
    return (
      <EmptyState title="Admins only">
        Only an admin of your team can see and manage the jobs.
      </EmptyState>
    );
  const data = board.data;
  const hours = data?.hours ?? [];
  const labels = hours.map((h) =>
    new Date(h.hour).toLocaleTimeString("en", { hour: "2-digit" }),
  );
  return (
    <div className="stack">
      <PageHead
        title="Jobs"
        lead="What the workers did over the last day, and what they are doing now."
      />
      <ErrorAlert
        message={error ?? (board.error ? describeProblem(board.error) : null)}
      />
      {!data ? (
        <Spinner label="Loading the jobs" />
      ) : (
        <>
          <div className="grid-2">
            <section className="card" aria-labelledby="done-h">
              <h2 id="done-h" style={{ fontSize: 16, marginBottom: 8 }}>
                Jobs finished per hour
              </h2>
              {hours.length === 0 ? (
                <p className="muted small">Nothing finished in the last day.</p>
              ) : (
                <LineChart
                  title="Jobs completed and failed per hour"
                  labels={labels}
                  series={[
                    {
                      name: "completed",
                      color: "#16a34a",
                      points: hours.map((h) => h.completed),
                    },
                    {
                      name: "failed",
                      color: "#dc2626",
                      points: hours.map((h) => h.failed),
                    },
                  ]}
                />
              )}
            </section>
            <section className="card" aria-labelledby="time-h">
              <h2 id="time-h" style={{ fontSize: 16, marginBottom: 8 }}>
                Seconds per job (mean)
              </h2>
              {hours.length === 0 ? (
                <p className="muted small">Nothing finished in the last day.</p>
              ) : (
                <LineChart
                  title="Mean run time and queue wait per hour, in seconds"
                  labels={labels}
                  series={[
                    {
                      name: "running",
                      color: "#2563eb",
                      points: hours.map((h) => h.run_seconds ?? 0),
                    },
                    {
                      name: "waiting",
                      color: "#f59e0b",
                      points: hours.map((h) => h.wait_seconds ?? 0),
                    },
                  ]}
                />
              )}
            </section>
          </div>
          <JobTable
            title="In flight"
            jobs={data.in_flight}
            empty="No job is waiting or running."
            action={{ label: "Cancel", path: paths.cancelJob }}
            busy={busy}
            onAct={act}
          />
          <JobTable
            title="Failed in the last day"
            jobs={data.failed}
            empty="No job failed in the last day."
            action={{ label: "Retry", path: paths.retryJob }}
            busy={busy}
            onAct={act}
          />
        </>
      )}
    </div>
  );
}

function JobTable({
  title,
  jobs,
  empty,
  action,
  busy,
  onAct,
}: {
  title: string;
  jobs: Job[];
  empty: string;
  action: { label: string; path: (queue: string, id: string) => string };
  busy: boolean;
  onAct: (path: string) => void;
}) {
  const id = title.toLowerCase().replace(/\W+/g, "-");
  return (
    <section className="card" aria-labelledby={id} data-testid={id}>
      <h2 id={id} style={{ fontSize: 16, marginBottom: 8 }}>
        {title}
      </h2>
      {jobs.length === 0 ? (
        <p className="muted small">{empty}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th>Queue</th>
              <th>State</th>
              <th>For</th>
              <th>Queued</th>
              <th className="num">Retries</th>
              <th>
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {jobs.map((job) => (
              <tr key={job.id}>
                <td>
                  <code>{job.queue}</code>
                </td>
                <td>{job.state}</td>
                <td className="small muted">
                  {Object.entries(job.data)
                    .filter(([, v]) => typeof v !== "object")
                    .map(([k, v]) => `${k} ${String(v)}`)
                    .join(" · ")}
                </td>
                <td className="small">{formatRelative(job.created_on)}</td>
                <td className="num">{job.retry_count}</td>
                <td>
                  <button
                    type="button"
                    className="btn btn-sm"
                    disabled={busy}
                    aria-label={`${action.label} ${job.queue} job ${job.id}`}
                    onClick={() => onAct(action.path(job.queue, job.id))}
                  >
                    {action.label}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
