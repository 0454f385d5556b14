"use client";

import { useEffect, useRef, useState } from "react";

/**
 * State kept in sessionStorage under `key`, so what was typed survives a failed request, a
 * reload or a trip to another page. `clear()` forgets it once it has been saved for real.
 */
export function useDraft<T>(key: string, initial: T) {
  const [value, setValue] = useState<T>(initial);
  const loaded = useRef(false);
  useEffect(() => {
    try {
      const saved = sessionStorage.getItem(key);
      if (saved) setValue({ ...initial, ...JSON.parse(saved) });
    } catch {
      /* a broken draft is dropped */
    }
    loaded.current = true;
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  useEffect(() => {
    if (!loaded.current) return;
    try {
      sessionStorage.setItem(key, JSON.stringify(value));
    } catch {
      /* storage full or disabled: the form still works */
    }
  }, [key, value]);
  const clear = () => sessionStorage.removeItem(key);
  return [value, setValue, clear] as const;
}
