"use client";

import { useRouter, useSearchParams } from "next/navigation";
import { useState, type FormEvent } from "react";
import { safeNextPath } from "../auth/redirects";
import { api, ApiProblem, describeProblem, paths } from "./api";
import { Field } from "./components";

const FIELDS = [
  { id: "email", label: "Email", autoComplete: "username" },
  { id: "password", label: "Password", autoComplete: "current-password" },
] as const;

export function SignInForm() {
  const router = useRouter();
  const next = useSearchParams().get("next");
  const [form, setForm] = useState({ email: "", password: "" });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api(paths.signIn, { json: form });
      router.replace(safeNextPath(next));
    } catch (e) {
      setError(
        e instanceof ApiProblem && e.code === "invalid_credentials"
          ? "That email and password do not match an account. Check them and try again."
          : describeProblem(e),
      );
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} className="stack" aria-labelledby="sign-in-title">
      <div>
        <h1 id="sign-in-title">Sign in</h1>
        <p className="muted">Welcome back. Use your team account.</p>
      </div>
      {error && (
        <div className="alert alert-bad" role="alert">
          {error}
        </div>
      )}
      {FIELDS.map(({ id, label, autoComplete }) => (
        <Field key={id} id={id} label={label}>
          <input
            id={id}
            type={id}
            autoComplete={autoComplete}
            required
            value={form[id]}
            onChange={(e) => setForm({ ...form, [id]: e.target.value })}
          />
        </Field>
      ))}
      <button className="btn btn-primary" type="submit" disabled={busy}>
        {busy ? "Signing in…" : "Sign in"}
      </button>
      <p className="hint">
        No account? An admin adds you with <code>reelwright users add</code>.
      </p>
    </form>
  );
}
