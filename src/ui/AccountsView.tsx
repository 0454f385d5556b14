"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import {
  PLATFORM_IDS,
  PLATFORMS,
  type PlatformId,
} from "@/src/platforms/limits";
import { ApiProblem, api, describeProblem, paths } from "./api";
import { ErrorAlert, PageHead, Spinner } from "./components";
import { useSocialAccounts } from "./data";
import { formatDate } from "./format";
import { useCan } from "./session";
import type { SocialAccount } from "./types";

const ACCOUNT_STATUS: Record<
  SocialAccount["status"],
  { label: string; tone: string }
> = {
  connected: { label: "Connected", tone: "ok" },
  reconnect_required: { label: "Needs reconnecting", tone: "warn" },
  disconnected: { label: "Disconnected", tone: "" },
};

/** What each `?error=<reason>` of the callback means, for the person who just came back. */
const CALLBACK_ERRORS: Record<string, string> = {
  denied:
    "The connection was cancelled: permission was not granted on the platform's page. Connect again and choose “Allow” to let Reelwright post for you.",
  expired_state:
    "The sign-in took too long and expired (links are valid for 10 minutes). Please connect again.",
  unknown_state:
    "We could not match this sign-in to a request from Reelwright — it may have been used already or opened in another browser. Please connect again from this page.",
  session_mismatch:
    "This connection was started in another browser or by someone else, so we did not accept it. Please connect again from this page.",
  invalid_callback:
    "The platform sent back an incomplete answer. Please connect again.",
  wrong_platform:
    "The platform that answered is not the one you chose. Please connect again.",
  code_refused:
    "The platform refused to finish the sign-in. Please connect again; if it keeps failing, ask your admin to check the app settings.",
  platform_error:
    "The platform reported a problem with this account (for YouTube, the Google account needs a YouTube channel). Check the account and try again.",
  server_error:
    "Something went wrong on our side while finishing the connection. Please try again in a moment.",
};

export const describeCallbackError = (reason: string) =>
  CALLBACK_ERRORS[reason] ??
  `The account could not be connected (${reason}). Please try again.`;

/** The 422 of connect: the platform's app credentials (or the secret key) are not set up. */
function describeConnectProblem(error: unknown, platform: PlatformId) {
  if (error instanceof ApiProblem && error.code === "not_configured")
    return `${PLATFORMS[platform].label} is not set up for Reelwright yet, so accounts cannot be connected. Ask whoever runs Reelwright to add the ${PLATFORMS[platform].label} app credentials, then try again.`;
  return describeProblem(error);
}

function expiryText(account: SocialAccount) {
  if (account.status === "disconnected") return "—";
  if (!account.token_expires_at) return "Does not expire";
  const at = new Date(account.token_expires_at);
  // Access tokens are renewed on their own before they run out; say so rather than alarm.
  return at.getTime() < Date.now()
    ? `Renews on next use (expired ${formatDate(account.token_expires_at)})`
    : at.toLocaleString("en", {
        month: "short",
        day: "numeric",
        year: "numeric",
        hour: "numeric",
        minute: "2-digit",
      });
}

function AccountRow({
  account,
  canManage,
  busy,
  onReconnect,
  onDisconnect,
}: {
  account: SocialAccount;
  canManage: boolean;
  busy: boolean;
  onReconnect: () => void;
  onDisconnect: () => Promise<void>;
}) {
  const [confirming, setConfirming] = useState(false);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const triggerRef = useRef<HTMLButtonElement>(null);
  const status = ACCOUNT_STATUS[account.status];
  const label = PLATFORMS[account.platform].label;
  const unaudited =
    account.platform === "tiktok" &&
    account.audited === false &&
    account.status !== "disconnected";

  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
  }, [confirming]);

  return (
    <li
      className="account-row"
      data-testid={`account-${account.platform}-${account.id}`}
    >
      <div className="account-main">
        <div className="row">
          <strong>{account.display_name}</strong>
          <span
            className={`badge${status.tone ? ` badge-${status.tone}` : ""}`}
          >
            {status.label}
          </span>
        </div>
        <dl className="account-meta">
          <div>
            <dt>Token expiry</dt>
            <dd>{expiryText(account)}</dd>
          </div>
          <div>
            <dt>Connected on</dt>
            <dd>{formatDate(account.connected_at)}</dd>
          </div>
        </dl>
        {account.status === "reconnect_required" && (
          <div className="alert alert-warn">
            Reelwright can no longer post to this {label} account: its sign-in
            stopped working.{" "}
            {canManage
              ? "Reconnect it to publish again."
              : "Ask an admin to reconnect it."}
          </div>
        )}
        {unaudited && (
          <div className="alert alert-info">
            Posts will be private until TikTok audits the app: only the account
            owner can see them, whatever visibility you pick.
          </div>
        )}
      </div>
      {canManage && (
        <div className="account-actions row">
          {account.status !== "connected" && (
            <button
              type="button"
              className={`btn btn-sm${account.status === "reconnect_required" ? " btn-primary" : ""}`}
              disabled={busy}
              onClick={onReconnect}
            >
              Reconnect
            </button>
          )}
          {account.status !== "disconnected" &&
            (confirming ? (
              <div
                className="row"
                role="group"
                aria-label={`Confirm disconnecting ${account.display_name}`}
                onKeyDown={(e) => {
                  if (e.key !== "Escape") return;
                  setConfirming(false);
                  requestAnimationFrame(() => triggerRef.current?.focus());
                }}
              >
                <span className="small">
                  Disconnect {account.display_name}? Scheduled posts to it will
                  fail.
                </span>
                <button
                  ref={confirmRef}
                  type="button"
                  className="btn btn-sm btn-danger"
                  disabled={busy}
                  onClick={async () => {
                    await onDisconnect();
                    setConfirming(false);
                  }}
                >
                  Yes, disconnect
                </button>
                <button
                  type="button"
                  className="btn btn-sm"
                  onClick={() => {
                    setConfirming(false);
                    requestAnimationFrame(() => triggerRef.current?.focus());
                  }}
                >
                  Cancel
                </button>
              </div>
            ) : (
              <button
                ref={triggerRef}
                type="button"
                className="btn btn-sm btn-danger"
                disabled={busy}
                onClick={() => setConfirming(true)}
              >
                Disconnect
              </button>
            ))}
        </div>
      )}
    </li>
  );
}

export function AccountsView() {
  const canManage = useCan("accounts.manage");
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const list = useSocialAccounts();
  const accounts = list.data?.items ?? null;
  const loadError = list.error ? describeProblem(list.error) : null;
  const load = () => list.mutate();
  const [actionError, setActionError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<{
    tone: "ok" | "bad";
    text: string;
  } | null>(null);
  const outcomeRef = useRef<HTMLDivElement>(null);

  // The callback's outcome arrives in the query once; show it, then drop it from the address.
  useEffect(() => {
    const connected = params.get("connected");
    const error = params.get("error");
    if (!connected && !error) return;
    if (connected) {
      const platform = PLATFORM_IDS.find((p) => p === connected);
      const label = platform ? PLATFORMS[platform].label : connected;
      setOutcome({
        tone: "ok",
        text: `Your ${label} account is connected. You can now publish to it.`,
      });
    } else if (error) {
      setOutcome({ tone: "bad", text: describeCallbackError(error) });
    }
    router.replace(pathname, { scroll: false });
  }, [params, router, pathname]);

  useEffect(() => {
    if (outcome) outcomeRef.current?.focus();
  }, [outcome]);

  async function connect(platform: PlatformId) {
    setBusy(platform);
    setActionError(null);
    setOutcome(null);
    try {
      const { url } = await api<{ url: string }>(paths.connectAccount, {
        json: { platform },
      });
      window.location.assign(url);
    } catch (e) {
      setActionError(describeConnectProblem(e, platform));
      setBusy(null);
    }
  }

  async function disconnect(account: SocialAccount) {
    setBusy(`account-${account.id}`);
    setActionError(null);
    try {
      await api(paths.socialAccount(account.id), { method: "DELETE" });
      setOutcome({
        tone: "ok",
        text: `${account.display_name} (${PLATFORMS[account.platform].label}) is disconnected.`,
      });
      await load();
    } catch (e) {
      setActionError(describeProblem(e));
    } finally {
      setBusy(null);
    }
  }

  return (
    <>
      <PageHead
        title="Connected accounts"
        lead={
          canManage
            ? "The YouTube, Instagram and TikTok accounts this site publishes to."
            : "The YouTube, Instagram and TikTok accounts this site publishes to. Only an admin can connect or disconnect them."
        }
      />
      <div className="stack">
        {outcome && (
          <div
            ref={outcomeRef}
            tabIndex={-1}
            className={`alert alert-${outcome.tone}`}
            role={outcome.tone === "bad" ? "alert" : "status"}
            data-testid="accounts-outcome"
          >
            {outcome.text}
          </div>
        )}
        <ErrorAlert message={actionError} />
        <ErrorAlert message={loadError} onRetry={() => void load()} />
        {accounts === null && !loadError ? (
          <Spinner label="Loading accounts" />
        ) : accounts === null ? null : (
          <div className="accounts-grid">
            {PLATFORM_IDS.map((platform) => {
              const label = PLATFORMS[platform].label;
              const mine = accounts.filter((a) => a.platform === platform);
              return (
                <section
                  key={platform}
                  className="card stack"
                  aria-labelledby={`accounts-${platform}-h`}
                  data-testid={`accounts-${platform}`}
                >
                  <div className="row spread">
                    <h2 id={`accounts-${platform}-h`} className="accounts-h">
                      {label}
                    </h2>
                    {canManage && (
                      <button
                        type="button"
                        className="btn btn-sm btn-primary"
                        disabled={busy !== null}
                        aria-busy={busy === platform}
                        onClick={() => void connect(platform)}
                      >
                        {busy === platform ? "Opening…" : `Connect ${label}`}
                      </button>
                    )}
                  </div>
                  {mine.length === 0 ? (
                    <p className="muted small">
                      No {label} account connected yet.
                      {canManage
                        ? ` Connect one to publish to ${label}.`
                        : " Ask an admin to connect one."}
                    </p>
                  ) : (
                    <ul className="account-list">
                      {mine.map((a) => (
                        <AccountRow
                          key={a.id}
                          account={a}
                          canManage={canManage}
                          busy={busy !== null}
                          onReconnect={() => void connect(a.platform)}
                          onDisconnect={() => disconnect(a)}
                        />
                      ))}
                    </ul>
                  )}
                </section>
              );
            })}
          </div>
        )}
      </div>
    </>
  );
}
