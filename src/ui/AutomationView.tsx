"use client";

import Link from "next/link";
import { useState, type FormEvent, type KeyboardEvent } from "react";
import type { PresetId } from "@/src/compositions/presets";
import {
  DEFAULT_INTAKE_PRESETS,
  FEED_POLL_MINUTES,
  MAX_PUBLISHING_TIMES,
} from "@/src/core/intake";
import { PLATFORMS } from "@/src/platforms/limits";
import { api, describeProblem, paths } from "./api";
import {
  Card,
  ChoiceGroup,
  EmptyState,
  ErrorAlert,
  Field,
  invalidProps,
  PageHead,
  PresetChips,
  ShownOnce,
  Spinner,
} from "./components";
import { useAutomation, useSocialAccounts } from "./data";
import { PRESET_CHOICES } from "./format";
import { useCan, useMe } from "./session";
import type { Automation } from "./types";
import { useAction } from "./useAction";

/** The form's fields, as the page edits them; empty lists and text mean "the default". */
type Draft = {
  autoPublish: boolean;
  accountIds: number[];
  times: string[];
  feedUrl: string;
  presets: PresetId[];
};

const draftOf = (a: Automation): Draft => ({
  autoPublish: a.auto_publish,
  accountIds: a.auto_publish_account_ids ?? [],
  times: a.auto_publish_times,
  feedUrl: a.feed_url ?? "",
  presets: a.intake_presets ?? [],
});

/** The PUT body: an empty choice is sent as null, which puts the service's default back. */
const bodyOf = (d: Draft) => ({
  auto_publish: d.autoPublish,
  auto_publish_account_ids: d.accountIds.length ? d.accountIds : null,
  auto_publish_times: d.times.length ? d.times : null,
  feed_url: d.feedUrl.trim() || null,
  intake_presets: d.presets.length ? d.presets : null,
});

const toggle = <T,>(list: T[], value: T) =>
  list.includes(value) ? list.filter((v) => v !== value) : [...list, value];

const nowUtc = () => new Date().toISOString().slice(11, 16);

/**
 * What the site does by itself, for an admin: auto-publish (on or off, its accounts and times),
 * the feed and the content hook that start projects, and the presets those projects get.
 */
export function AutomationView() {
  const canManage = useCan("site.manage");
  const stored = useAutomation(canManage);
  const [edits, setEdits] = useState<Draft | null>(null);
  const [saved, setSaved] = useState(false);
  const save = useAction();

  if (!canManage)
    return (
      <EmptyState title="Admins only">
        Only an admin of your team can see and change what the site does by
        itself.
      </EmptyState>
    );

  const head = (
    <PageHead
      title="Automation"
      lead="What the site does by itself: post approved videos, and start projects from your feed or your CMS. Every project still stops for a review before anything is posted."
    />
  );
  if (!stored.data)
    return (
      <div className="stack">
        {head}
        {stored.error ? (
          <ErrorAlert
            message={describeProblem(stored.error)}
            onRetry={() => void stored.mutate()}
          />
        ) : (
          <Spinner label="Loading the automation settings" />
        )}
      </div>
    );

  const data = stored.data;
  const draft = edits ?? draftOf(data);
  const dirty =
    JSON.stringify(bodyOf(draft)) !== JSON.stringify(bodyOf(draftOf(data)));
  const set = (patch: Partial<Draft>) => {
    setSaved(false);
    setEdits({ ...draft, ...patch });
  };
  const errorOf = (field: keyof ReturnType<typeof bodyOf>) =>
    save.fieldError?.field === field ? save.fieldError.message : null;

  function submit(event: FormEvent) {
    event.preventDefault();
    void save
      .run(async () => {
        const answer = await api<Automation>(paths.automation, {
          method: "PUT",
          json: bodyOf(draft),
        });
        await stored.mutate(answer, { revalidate: false });
      })
      .then((ok) => {
        if (!ok) return;
        setEdits(null);
        setSaved(true);
      });
  }

  return (
    <div className="stack">
      {head}
      <form className="stack" onSubmit={submit} noValidate>
        <AutoPublishCard draft={draft} set={set} errorOf={errorOf} />
        <IntakeCard draft={draft} set={set} errorOf={errorOf} />
        <ErrorAlert
          message={
            save.fieldError
              ? "Nothing was saved: fix the field marked in red."
              : save.error
          }
        />
        <div className="row">
          <button
            type="submit"
            className="btn btn-primary"
            disabled={save.busy || !dirty}
          >
            {save.busy ? "Saving…" : "Save settings"}
          </button>
          <span role="status" data-testid="save-state">
            {dirty ? (
              <span className="hint">Unsaved changes</span>
            ) : saved ? (
              <span className="badge badge-ok">Saved</span>
            ) : null}
          </span>
          {dirty && (
            <button
              type="button"
              className="btn btn-ghost"
              onClick={() => {
                setEdits(null);
                save.setError(null);
              }}
            >
              Discard changes
            </button>
          )}
        </div>
      </form>
      <ContentHookCard
        enabled={data.content_hook_enabled}
        onChanged={(answer) =>
          stored.mutate(
            { ...data, content_hook_enabled: answer.content_hook_enabled },
            { revalidate: false },
          )
        }
      />
    </div>
  );
}

type CardProps = {
  draft: Draft;
  set: (patch: Partial<Draft>) => void;
  errorOf: (field: keyof ReturnType<typeof bodyOf>) => string | null;
};

function AutoPublishCard({ draft, set, errorOf }: CardProps) {
  const accounts = useSocialAccounts();
  // Connected accounts, and any chosen one that is not connected any more (so it can be unchosen).
  const choosable = (accounts.data?.items ?? []).filter(
    (a) => a.status === "connected" || draft.accountIds.includes(a.id),
  );
  const [time, setTime] = useState("");
  const timeError = errorOf("auto_publish_times");
  const full = draft.times.length >= MAX_PUBLISHING_TIMES;

  function addTime() {
    if (!time || full || draft.times.includes(time)) return;
    set({ times: [...draft.times, time].sort() });
    setTime("");
  }
  const addOnEnter = (event: KeyboardEvent) => {
    if (event.key !== "Enter") return;
    event.preventDefault();
    addTime();
  };

  return (
    <Card headingId="auto-publish-h" title="Auto-publish">
      <ChoiceGroup
        legend="Post approved videos by themselves?"
        name="auto_publish"
        options={[
          {
            value: "off",
            label: "Off",
            detail: "A marketer presses Publish for each video (the default)",
          },
          {
            value: "on",
            label: "On",
            detail: "Approving a full-size render posts it; drafts never are",
          },
        ]}
        isChosen={(value) => (value === "on") === draft.autoPublish}
        onChoose={(value) => set({ autoPublish: value === "on" })}
        error={errorOf("auto_publish")}
      />
      {accounts.error ? (
        <ErrorAlert message={describeProblem(accounts.error)} />
      ) : !accounts.data ? (
        <Spinner label="Loading accounts" />
      ) : choosable.length === 0 ? (
        <p className="small muted">
          No account is connected yet, so there is nothing to post to.{" "}
          <Link href="/accounts">Connect an account</Link> first.
        </p>
      ) : (
        <ChoiceGroup
          legend="Accounts it posts to"
          name="auto_publish_account_ids"
          type="checkbox"
          options={choosable.map((a) => ({
            value: a.id,
            label: a.display_name,
            detail:
              a.status === "connected"
                ? PLATFORMS[a.platform].label
                : `${PLATFORMS[a.platform].label} · not connected: skipped`,
          }))}
          isChosen={(id) => draft.accountIds.includes(id)}
          onChoose={(id) => set({ accountIds: toggle(draft.accountIds, id) })}
          hint="None chosen (the default): every connected account of the video's platform. Chosen: only these, each for the videos of its platform."
          error={errorOf("auto_publish_account_ids")}
        />
      )}
      <Field
        id="auto-publish-time"
        label="Publishing times (UTC)"
        hint={`An approved video goes out at the next of these times; with none (the default), at once. Up to ${MAX_PUBLISHING_TIMES} times, as HH:MM in UTC — it is ${nowUtc()} UTC now.`}
        error={timeError}
      >
        <div className="row">
          <input
            id="auto-publish-time"
            type="time"
            value={time}
            onChange={(e) => setTime(e.target.value)}
            onKeyDown={addOnEnter}
            disabled={full}
            style={{ width: "auto" }}
            {...invalidProps("auto-publish-time", timeError)}
          />
          <button
            type="button"
            className="btn"
            onClick={addTime}
            disabled={!time || full || draft.times.includes(time)}
          >
            Add time
          </button>
        </div>
      </Field>
      {draft.times.length > 0 && (
        <ul className="chips" aria-label="Publishing times" data-testid="times">
          {draft.times.map((t) => (
            <li key={t} className="chip chip-removable">
              {t}
              <button
                type="button"
                aria-label={`Remove ${t}`}
                onClick={() =>
                  set({ times: draft.times.filter((v) => v !== t) })
                }
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

function IntakeCard({ draft, set, errorOf }: CardProps) {
  const feedError = errorOf("feed_url");
  const presets = draft.presets.length ? draft.presets : DEFAULT_INTAKE_PRESETS;
  return (
    <Card headingId="intake-h" title="Projects from your feed or CMS">
      <Field
        id="feed-url"
        label="Feed address (RSS or Atom)"
        hint={`Read every ${FEED_POLL_MINUTES} minutes: each new item starts a project, which stops for review. The first read only notes what the feed already has. Only an http(s) address is accepted; a feed that cannot be read (down, not a feed, over 2 MB, on a private network) starts nothing and is read again ${FEED_POLL_MINUTES} minutes later. Empty: no feed.`}
        error={
          feedError &&
          `${feedError}. A feed address is a full http:// or https:// URL of at most 2,000 characters.`
        }
      >
        <input
          id="feed-url"
          type="url"
          inputMode="url"
          maxLength={2000}
          placeholder="https://example.com/feed.xml"
          value={draft.feedUrl}
          onChange={(e) => set({ feedUrl: e.target.value })}
          {...invalidProps("feed-url", feedError)}
        />
      </Field>
      <ChoiceGroup
        legend="Presets these projects get"
        name="intake_presets"
        type="checkbox"
        options={PRESET_CHOICES}
        isChosen={(preset) => draft.presets.includes(preset)}
        onChoose={(preset) => set({ presets: toggle(draft.presets, preset) })}
        hint={
          <>
            {draft.presets.length
              ? "Each project renders: "
              : "None chosen: the default, "}
            <span className="chips" style={{ display: "inline-flex" }}>
              <PresetChips presets={[...presets]} />
            </span>
          </>
        }
        error={errorOf("intake_presets")}
      />
    </Card>
  );
}

/** The content hook: on or off; a new secret is shown once, right after it is made. */
function ContentHookCard({
  enabled,
  onChanged,
}: {
  enabled: boolean;
  onChanged: (answer: Automation) => unknown;
}) {
  const { site } = useMe();
  const action = useAction();
  const [secret, setSecret] = useState<string | null>(null);

  const change = (contentHook: "rotate" | "off") =>
    action.run(async () => {
      const answer = await api<Automation>(paths.automation, {
        method: "PUT",
        json: { content_hook: contentHook },
      });
      setSecret(answer.content_hook_secret ?? null);
      await onChanged(answer);
    });

  return (
    <Card
      headingId="hook-h"
      title="Content hook"
      testId="content-hook"
      aside={
        <span
          className={`badge ${enabled ? "badge-ok" : ""}`}
          data-testid="hook-state"
        >
          {enabled ? "On" : "Off"}
        </span>
      }
    >
      <p className="small muted">
        Your CMS can start a project the moment it publishes an article: it
        sends <code>POST {paths.contentHook}</code> on this app&apos;s address
        with{" "}
        <code>{`{"event": "content.published", "timestamp", "site": "${site.slug}", "data": {"id", "title", "html"}}`}</code>
        , signed with the secret (<code>X-Reelwright-Signature: sha256=…</code>,
        HMAC-SHA256 of the body). A call older than 5 minutes, or an item sent
        before, starts nothing.
        {enabled
          ? " Rotating makes a new secret: the old one stops working at once."
          : " Off: every call is refused."}
      </p>
      {secret && (
        <ShownOnce secret={secret} testId="hook-secret">
          The hook&apos;s new secret. Put it in your CMS.
        </ShownOnce>
      )}
      <ErrorAlert message={action.error} />
      <div className="row">
        <button
          type="button"
          className="btn"
          disabled={action.busy}
          onClick={() => void change("rotate")}
        >
          {enabled ? "Rotate secret" : "Turn on with a new secret"}
        </button>
        {enabled && (
          <button
            type="button"
            className="btn btn-danger"
            disabled={action.busy}
            onClick={() => void change("off")}
          >
            Turn off
          </button>
        )}
      </div>
    </Card>
  );
}
