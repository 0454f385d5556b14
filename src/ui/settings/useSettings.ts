"use client";

import { useEffect, useRef, useState } from "react";
import {
  projectSettingsSchema,
  type ProjectSettings,
  type ProjectSettingsPatch,
} from "@/src/services/projects/settings";
import { describeProblem } from "../api";
import { useSaveSettings } from "../data";
import { useProject } from "../project";

/** How long a slider or colour picker rests before its value is saved. */
const SETTLE_MS = 400;

/**
 * The project's settings as the render reads them, and `save(patch)`: a change is saved (PATCH)
 * after the control has rested, then the project and its preview are read again.
 */
export function useProjectSettings() {
  const { id, detail } = useProject();
  const saveSettings = useSaveSettings(id);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const pending = useRef<ProjectSettingsPatch>({});
  useEffect(() => () => clearTimeout(timer.current), []);
  const parsed = projectSettingsSchema.safeParse(detail?.project.settings);
  const settings: ProjectSettings = parsed.success ? parsed.data : {};

  function save(patch: ProjectSettingsPatch) {
    clearTimeout(timer.current);
    pending.current = mergePatches(pending.current, patch);
    timer.current = setTimeout(async () => {
      const change = pending.current;
      pending.current = {};
      setSaving(true);
      setError(null);
      try {
        await saveSettings(change);
      } catch (e) {
        setError(describeProblem(e));
      } finally {
        setSaving(false);
      }
    }, SETTLE_MS);
  }
  return { settings, save, saving, error };
}

/** Two changes as one: the later wins, object fields (theme, voice) are combined. */
function mergePatches(
  earlier: ProjectSettingsPatch,
  later: ProjectSettingsPatch,
): ProjectSettingsPatch {
  const merged: Record<string, unknown> = { ...earlier };
  for (const [key, value] of Object.entries(later)) {
    const before = merged[key];
    merged[key] =
      value && before && typeof value === "object" && typeof before === "object"
        ? { ...before, ...value }
        : value;
  }
  return merged as ProjectSettingsPatch;
}
