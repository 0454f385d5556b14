"use client";

import { useRouter, useSearchParams } from "next/navigation";
import { useState, type FormEvent } from "react";
import { safeNextPath } from "../auth/redirects";
import { api, ApiProblem, describeProblem, paths } from "./api";

export function SignInForm() {
  const router = useRouter();
  const next = useSearchParams().get("next");
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api(paths.signIn, { json: { email, password } });
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
      <div className="field">
        <label htmlFor="email">Email</label>
        <input
          id="email"
          type="email"
          autoComplete="username"
          required
          value={email}
          onChange={(e) => setEmail(e.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor="password">Password</label>
        <input
          id="password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
      </div>
      <button className="btn btn-primary" type="submit" disabled={busy}>
        {busy ? "Signing in…" : "Sign in"}
      </button>
      <p className="hint">
        No account? An admin adds you with <code>reelwright users add</code>.
      </p>
    </form>
  );
}
