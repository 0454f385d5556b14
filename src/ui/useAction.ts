"use client";

import { useState } from "react";
import { describeProblem } from "./api";

/**
 * A button's call to the API: `busy` while it runs, the problem as a sentence when it fails.
 * `run` resolves to whether the call succeeded.
 */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function run(action: () => Promise<unknown>): Promise<boolean> {
    setBusy(true);
    setError(null);
    try {
      await action();
      return true;
    } catch (e) {
      setError(describeProblem(e));
      return false;
    } finally {
      setBusy(false);
    }
  }
  return { busy, error, setError, run };
}
