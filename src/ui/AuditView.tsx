"use client";

import { useState } from "react";
import { AUDIT_ACTIONS } from "@/src/core/audit";
import { describeProblem } from "./api";
import {
  EmptyState,
  ErrorAlert,
  PageHead,
  plain,
  SelectField,
  Spinner,
} from "./components";
import { TableHead } from "./TableHead";
import { useAudit } from "./data";
import { useCan } from "./session";

const PER_PAGE = 25;

/** The audit log for admins: who approved, overrode, published or changed settings, and when. */
export function AuditView() {
  const canRead = useCan("audit.read");
  const [action, setAction] = useState("");
  const [actor, setActor] = useState("");
  const [page, setPage] = useState(1);
  const log = useAudit(
    {
      action: action || undefined,
      actor: actor.trim() || undefined,
      page,
      per_page: PER_PAGE,
    },
    canRead,
  );
  if (!canRead)
    return (
      <EmptyState title="Admins only">
        Only an admin of your team can read the audit log.
      </EmptyState>
    );
  const data = log.data;
  const pages = data ? Math.max(1, Math.ceil(data.total / PER_PAGE)) : 1;
  return (
    <div className="stack">
      <PageHead
        title="Audit log"
        lead="Every approval, moderation override, publication and settings change: who, when and what."
      />
      <ErrorAlert message={log.error ? describeProblem(log.error) : null} />
      <div className="card row">
        <SelectField<string>
          id="audit-action"
          label="Action"
          value={action}
          options={plain(AUDIT_ACTIONS)}
          empty="All"
          onChange={(value) => {
            setAction(value);
            setPage(1);
          }}
        />
        <div className="field">
          <label htmlFor="audit-actor">Who (email)</label>
          <input
            id="audit-actor"
            type="search"
            maxLength={320}
            value={actor}
            onChange={(e) => {
              setActor(e.target.value);
              setPage(1);
            }}
          />
        </div>
      </div>
      {!data ? (
        <Spinner label="Loading the audit log" />
      ) : data.items.length === 0 ? (
        <EmptyState title="Nothing recorded">
          Nothing matches these filters yet.
        </EmptyState>
      ) : (
        <>
          <table className="card" data-testid="audit-table">
            <TableHead columns={["When", "Who", "Action", "On", "Details"]} />
            <tbody>
              {data.items.map((entry) => (
                <tr key={entry.id}>
                  <td className="small">
                    {new Date(entry.created_at).toLocaleString("en")}
                  </td>
                  <td>{entry.actor}</td>
                  <td>
                    <code>{entry.action}</code>
                  </td>
                  <td className="small">
                    {entry.target_type}
                    {entry.target_id ? ` ${entry.target_id}` : ""}
                  </td>
                  <td className="small muted">
                    {Object.entries(entry.details)
                      .map(([k, v]) => `${k}: ${JSON.stringify(v)}`)
                      .join(" · ")}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="row">
            <button
              type="button"
              className="btn btn-sm"
              disabled={page <= 1}
              onClick={() => setPage(page - 1)}
            >
              Newer
            </button>
            <span className="small muted">
              Page {page} of {pages} · {data.total} entries
            </span>
            <button
              type="button"
              className="btn btn-sm"
              disabled={page >= pages}
              onClick={() => setPage(page + 1)}
            >
              Older
            </button>
          </div>
        </>
      )}
    </div>
  );
}
