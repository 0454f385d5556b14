"use client";

import { useState } from "react";
import { api, describeProblem, paths } from "./api";
import { EmptyState, ErrorAlert, PageHead, Spinner } from "./components";
import { TableHead } from "./TableHead";
import { useJobBoard } from "./data";
import { formatRelative } from "./format";
import { LineChart } from "./LineChart";
import { useCan } from "./session";
import type { Job, JobBoard } from "./types";

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
  const line = (
    name: string,
    color: string,
    value: (hour: JobBoard["hours"][number]) => number,
  ) => ({ name, color, points: hours.map(value) });
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
            <HourlyChart
              heading="Jobs finished per hour"
              title="Jobs completed and failed per hour"
              labels={labels}
              series={[
                line("completed", "#16a34a", (h) => h.completed),
                line("failed", "#dc2626", (h) => h.failed),
              ]}
            />
            <HourlyChart
              heading="Seconds per job (mean)"
              title="Mean run time and queue wait per hour, in seconds"
              labels={labels}
              series={[
                line("running", "#2563eb", (h) => h.run_seconds ?? 0),
                line("waiting", "#f59e0b", (h) => h.wait_seconds ?? 0),
              ]}
            />
          </div>
          {[
            {
              title: "In flight",
              jobs: data.in_flight,
              empty: "No job is waiting or running.",
              action: { label: "Cancel", path: paths.cancelJob },
            },
            {
              title: "Failed in the last day",
              jobs: data.failed,
              empty: "No job failed in the last day.",
              action: { label: "Retry", path: paths.retryJob },
            },
          ].map((table) => (
            <JobTable key={table.title} {...table} busy={busy} onAct={act} />
          ))}
        </>
      )}
    </div>
  );
}

function HourlyChart({
  heading,
  ...chart
}: { heading: string } & Parameters<typeof LineChart>[0]) {
  return (
    <section className="card">
      <h2 style={{ fontSize: 16, marginBottom: 8 }}>{heading}</h2>
      {chart.labels.length === 0 ? (
        <p className="muted small">Nothing finished in the last day.</p>
      ) : (
        <LineChart {...chart} />
      )}
    </section>
  );
}

const JOB_COLUMNS = ["Queue", "State", "For", "Queued"];

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
          <TableHead columns={JOB_COLUMNS} numbers={["Retries"]} actions />
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
