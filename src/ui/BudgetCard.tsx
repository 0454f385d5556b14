"use client";

import { useState, type FormEvent } from "react";
import { api, describeProblem, paths } from "./api";
import { Card, ErrorAlert, ProgressBar } from "./components";
import { useBudget } from "./data";
import { usd } from "./format";
import { useCan } from "./session";
import type { Budget } from "./types";

const FIELDS = [
  { key: "daily_usd", label: "Daily limit" },
  { key: "monthly_usd", label: "Monthly limit" },
  { key: "per_video_usd", label: "Per-video limit" },
] as const;

type Limits = Pick<Budget, (typeof FIELDS)[number]["key"]>;

/** Spend against the site's budget; admins edit the limits here. */
export function BudgetCard() {
  const budget = useBudget();
  const canEdit = useCan("budgets.manage");
  const [editing, setEditing] = useState<Record<string, string> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const data = budget.data;

  function startEditing(current: Budget) {
    setEditing(
      Object.fromEntries(
        FIELDS.map(({ key }) => [key, current[key]?.toString() ?? ""]),
      ),
    );
  }

  async function save(event: FormEvent) {
    event.preventDefault();
    if (!editing) return;
    setBusy(true);
    setError(null);
    try {
      const json = Object.fromEntries(
        FIELDS.map(({ key }) => [
          key,
          editing[key].trim() === "" ? null : Number(editing[key]),
        ]),
      ) as Limits;
      await budget.mutate(
        await api<Budget>(paths.budgets, { method: "PUT", json }),
      );
      setEditing(null);
    } catch (e) {
      setError(describeProblem(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card
      headingId="budget-h"
      title="Budget"
      testId="budget"
      aside={
        canEdit &&
        data &&
        !editing && (
          <button
            type="button"
            className="btn btn-sm"
            onClick={() => startEditing(data)}
          >
            Edit limits
          </button>
        )
      }
    >
      <ErrorAlert
        message={error ?? (budget.error ? describeProblem(budget.error) : null)}
      />
      {!data ? (
        <div className="skeleton" style={{ height: 60 }} />
      ) : editing ? (
        <form className="row" onSubmit={save}>
          {FIELDS.map(({ key, label }) => (
            <div className="field" key={key}>
              <label htmlFor={`budget-${key}`}>{label} ($)</label>
              <input
                id={`budget-${key}`}
                type="number"
                min={0}
                step="0.01"
                placeholder="No limit"
                value={editing[key]}
                onChange={(e) =>
                  setEditing({ ...editing, [key]: e.target.value })
                }
              />
            </div>
          ))}
          <button className="btn btn-primary" type="submit" disabled={busy}>
            Save limits
          </button>
          <button
            type="button"
            className="btn"
            onClick={() => setEditing(null)}
          >
            Cancel
          </button>
        </form>
      ) : (
        <div className="grid-2">
          <Spend
            label="Today"
            spent={data.spent_today_usd}
            limit={data.daily_usd}
          />
          <Spend
            label="This month"
            spent={data.spent_this_month_usd}
            limit={data.monthly_usd}
          />
          <p className="small muted">
            Per video:{" "}
            {data.per_video_usd === null ? "no limit" : usd(data.per_video_usd)}
            . Admins are alerted at {data.alert_thresholds.join(" % and ")} % of
            a limit; over it, paid providers are skipped for the offline ones.
          </p>
        </div>
      )}
    </Card>
  );
}

function Spend({
  label,
  spent,
  limit,
}: {
  label: string;
  spent: number;
  limit: number | null;
}) {
  return (
    <div className="stack" style={{ gap: 4 }}>
      <div className="row spread small">
        <strong>{label}</strong>
        <span data-testid={`spend-${label.toLowerCase().replace(" ", "-")}`}>
          {usd(spent)} of {limit === null ? "no limit" : usd(limit)}
        </span>
      </div>
      {limit !== null && (
        <ProgressBar
          value={limit > 0 ? spent / limit : 1}
          label={`${label}'s spend against its limit`}
        />
      )}
    </div>
  );
}
