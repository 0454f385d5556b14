"use client";

import { useState } from "react";
import { describeProblem, fieldProblem } from "./api";

/**
 * A button's call to the API: `busy` while it runs, the problem as a sentence when it fails (and,
 * when the API named a field, `fieldError` to show beside it). `run` resolves to whether the call
 * succeeded.
 */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fieldError, setFieldError] =
    useState<ReturnType<typeof fieldProblem>>(null);
  async function run(action: () => Promise<unknown>): Promise<boolean> {
    setBusy(true);
    setError(null);
    setFieldError(null);
    try {
      await action();
      return true;
    } catch (e) {
      setError(describeProblem(e));
      setFieldError(fieldProblem(e));
      return false;
    } finally {
      setBusy(false);
    }
  }
  /** Shows `message` (or nothing) instead of the last call's problem, field included. */
  function showError(message: string | null) {
    setError(message);
    setFieldError(null);
  }
  return { busy, error, fieldError, setError: showError, run };
}
