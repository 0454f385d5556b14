import type { ReactNode } from "react";
import { AppShell } from "@/src/ui/AppShell";
import { SessionProvider } from "@/src/ui/session";

export default function AppLayout({ children }: { children: ReactNode }) {
  return (
    <SessionProvider>
      <AppShell>{children}</AppShell>
    </SessionProvider>
  );
}
