"use client";

import { useState, type FormEvent } from "react";
import { api, describeProblem, paths } from "./api";
import {
  EmptyState,
  ErrorAlert,
  PageHead,
  ShownOnce,
  Spinner,
} from "./components";
import { TableHead } from "./TableHead";
import { useApiKeys } from "./data";
import { formatDate } from "./format";
import { useCan } from "./session";
import type { NewKey } from "./types";

/** The site's API keys for an admin: create (the key shown once), rotate, revoke. */
export function KeysView() {
  const canManage = useCan("keys.manage");
  const list = useApiKeys(canManage);
  const keys = list.data?.items ?? null;
  const [actionError, setError] = useState<string | null>(null);
  const error =
    actionError ?? (list.error ? describeProblem(list.error) : null);
  const [name, setName] = useState("");
  const [busy, setBusy] = useState(false);
  const [secret, setSecret] = useState<NewKey | null>(null);

  async function act(run: () => Promise<NewKey | void>) {
    setBusy(true);
    setError(null);
    try {
      const made = await run();
      setSecret(made ?? null);
      await list.mutate();
    } catch (e) {
      setError(describeProblem(e));
    } finally {
      setBusy(false);
    }
  }

  function create(event: FormEvent) {
    event.preventDefault();
    void act(async () => {
      const made = await api<NewKey>(paths.keys, { json: { name } });
      setName("");
      return made;
    });
  }

  if (!canManage)
    return (
      <EmptyState title="Admins only">
        Only an admin of your team can see and manage API keys.
      </EmptyState>
    );

  return (
    <div className="stack">
      <PageHead
        title="API keys"
        lead="Other systems use a key to call the API for your site. Keys are stored hashed: a new key is shown once."
      />
      <ErrorAlert message={error} />
      {secret && (
        <ShownOnce secret={secret.secret} testId="new-key">
          New key <strong>{secret.key.name}</strong>.
        </ShownOnce>
      )}
      <form className="card row" onSubmit={create}>
        <div className="field">
          <label htmlFor="key-name">Name</label>
          <input
            id="key-name"
            required
            maxLength={100}
            value={name}
            onChange={(e) => setName(e.target.value)}
            placeholder="e.g. CMS import"
          />
        </div>
        <button className="btn btn-primary" type="submit" disabled={busy}>
          Create key
        </button>
      </form>
      {!keys ? (
        <Spinner label="Loading keys" />
      ) : (
        <table className="card">
          <TableHead
            columns={["Name", "Key", "Created", "Last used", "Status"]}
            actions
          />
          <tbody>
            {keys.map((key) => (
              <tr key={key.id} data-testid={`key-${key.id}`}>
                <td>{key.name}</td>
                <td>
                  <code>{key.prefix}…</code>
                </td>
                <td>{formatDate(key.created_at)}</td>
                <td>
                  {key.last_used_at ? formatDate(key.last_used_at) : "Never"}
                </td>
                <td>
                  {key.revoked_at ? (
                    <span className="badge badge-bad">
                      Revoked {formatDate(key.revoked_at)}
                    </span>
                  ) : (
                    <span className="badge badge-ok">Active</span>
                  )}
                </td>
                <td>
                  {!key.revoked_at && (
                    <div className="row">
                      <button
                        type="button"
                        className="btn btn-sm"
                        disabled={busy}
                        onClick={() =>
                          act(() =>
                            api<NewKey>(paths.rotateKey(key.id), {
                              method: "POST",
                            }),
                          )
                        }
                      >
                        Rotate
                      </button>
                      <button
                        type="button"
                        className="btn btn-sm btn-danger"
                        disabled={busy}
                        aria-label={`Revoke ${key.name}`}
                        onClick={() =>
                          act(async () => {
                            await api(paths.key(key.id), { method: "DELETE" });
                          })
                        }
                      >
                        Revoke
                      </button>
                    </div>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
