"use client";

import { usePathname, useRouter } from "next/navigation";
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useRef,
  useState,
  type ReactNode,
} from "react";
import { api, paths } from "./api";
import type { Me } from "./types";

const SessionContext = createContext<Me | null>(null);

/** The signed-in user (from `/api/v1/auth/me`); sends anyone else to the sign-in page. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null>(null);
  const router = useRouter();
  // Read when leaving, so moving between pages does not ask for the session again.
  const pathname = usePathname();
  const here = useRef(pathname);
  useEffect(() => {
    here.current = pathname;
  }, [pathname]);
  const toSignIn = useCallback(() => {
    router.replace(`/sign-in?next=${encodeURIComponent(here.current)}`);
  }, [router]);

  useEffect(() => {
    let live = true;
    api<Me>(paths.me)
      .then((m) => live && setMe(m))
      .catch(() => live && toSignIn());
    const onSignedOut = () => toSignIn();
    window.addEventListener("reelwright:signed-out", onSignedOut);
    return () => {
      live = false;
      window.removeEventListener("reelwright:signed-out", onSignedOut);
    };
  }, [toSignIn]);

  if (!me)
    return (
      <div className="empty" role="status" aria-live="polite">
        <span className="spinner" aria-hidden="true" /> Loading your workspace…
      </div>
    );
  return (
    <SessionContext.Provider value={me}>{children}</SessionContext.Provider>
  );
}

export function useMe(): Me {
  const me = useContext(SessionContext);
  if (!me) throw new Error("useMe outside SessionProvider");
  return me;
}

/** Whether the user's role allows a permission of src/auth/roles.ts. */
export function useCan(permission: string) {
  return useMe().permissions.includes(permission);
}
