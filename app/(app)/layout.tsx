import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { REQUEST_PATH_HEADER, safeNextPath } from "@/src/auth/redirects";
import { SESSION_COOKIE, userForSession } from "@/src/auth/sessions";
import { services } from "@/src/services/context";
import { AppShell } from "@/src/ui/AppShell";
import { SessionProvider } from "@/src/ui/session";

/** Every app page needs a live session, checked here before anything of the page is sent. */
export default async function AppLayout({ children }: { children: ReactNode }) {
  const token = (await cookies()).get(SESSION_COOKIE)?.value;
  const user = await userForSession((await services()).database.db, token);
  if (!user) {
    const next = safeNextPath((await headers()).get(REQUEST_PATH_HEADER));
    redirect(`/sign-in?next=${encodeURIComponent(next)}`);
  }
  return (
    <SessionProvider>
      <AppShell>{children}</AppShell>
    </SessionProvider>
  );
}
