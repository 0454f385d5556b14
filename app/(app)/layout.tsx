import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { Suspense, type ReactNode } from "react";
import { callerForSessionToken } from "@/src/api/auth";
import { meView } from "@/src/api/session-routes";
import { REQUEST_PATH_HEADER, safeNextPath } from "@/src/auth/redirects";
import { SESSION_COOKIE } from "@/src/auth/sessions";
import { AppShell } from "@/src/ui/AppShell";
import { SessionProvider } from "@/src/ui/session";

/**
 * Every app page needs a live session, checked here before anything of the page is sent; the
 * pages get the signed-in user from it rather than asking the API again.
 */
export default async function AppLayout({ children }: { children: ReactNode }) {
  const caller = await callerForSessionToken(
    (await cookies()).get(SESSION_COOKIE)?.value,
  );
  if (!caller?.user) {
    const next = safeNextPath((await headers()).get(REQUEST_PATH_HEADER));
    redirect(`/sign-in?next=${encodeURIComponent(next)}`);
  }
  return (
    <SessionProvider me={meView(caller.user, caller.site)}>
      <AppShell>
        {/* Views that read the query string (useSearchParams) need a boundary above them. */}
        <Suspense>{children}</Suspense>
      </AppShell>
    </SessionProvider>
  );
}
