"use client";

import { usePathname, useRouter } from "next/navigation";
import {
  createContext,
  useContext,
  useEffect,
  useRef,
  type ReactNode,
} from "react";
import type { Permission } from "@/src/auth/roles";
import type { Me } from "./types";

const SessionContext = createContext<Me | null>(null);

/**
 * The signed-in user, checked on the server by the app's layout; a sign-out (or a 401 from the API)
 * sends the browser to the sign-in page.
 */
export function SessionProvider({
  me,
  children,
}: {
  me: Me;
  children: ReactNode;
}) {
  const router = useRouter();
  const pathname = usePathname();
  const here = useRef(pathname);
  useEffect(() => {
    here.current = pathname;
  }, [pathname]);

  useEffect(() => {
    const toSignIn = () =>
      router.replace(`/sign-in?next=${encodeURIComponent(here.current)}`);
    window.addEventListener("reelwright:signed-out", toSignIn);
    return () => window.removeEventListener("reelwright:signed-out", toSignIn);
  }, [router]);

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
export function useCan(permission: Permission) {
  return useMe().permissions.includes(permission);
}
