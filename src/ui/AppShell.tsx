"use client";

import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import type { ReactNode } from "react";
import type { Permission } from "@/src/auth/roles";
import { api, paths } from "./api";
import { useNotifications } from "./data";
import { useMe } from "./session";

/** The unread count, linking to the notifications; only for those who may read them. */
function Bell({ enabled }: { enabled: boolean }) {
  const { data } = useNotifications(enabled);
  if (!enabled) return null;
  const unread = data?.unread ?? 0;
  return (
    <Link
      href="/notifications"
      className="bell"
      data-testid="bell"
      aria-label={`Notifications: ${unread} unread`}
    >
      <span aria-hidden="true">🔔</span>
      {unread > 0 && <span className="bell-count">{unread}</span>}
    </Link>
  );
}

const NAV: {
  href: string;
  label: string;
  exact: boolean;
  permission?: Permission;
}[] = [
  { href: "/projects", label: "Projects", exact: true },
  { href: "/projects/new", label: "New video", exact: true },
  { href: "/calendar", label: "Calendar", exact: false },
  { href: "/clips", label: "Clips", exact: false },
  { href: "/analytics", label: "Analytics", exact: false },
  { href: "/accounts", label: "Connected accounts", exact: false },
  {
    href: "/settings/keys",
    label: "API keys",
    exact: false,
    permission: "keys.manage",
  },
  {
    href: "/settings/automation",
    label: "Automation",
    exact: false,
    permission: "site.manage",
  },
  {
    href: "/settings/jobs",
    label: "Jobs",
    exact: false,
    permission: "jobs.manage",
  },
  {
    href: "/settings/audit",
    label: "Audit log",
    exact: false,
    permission: "audit.read",
  },
];

export function AppShell({ children }: { children: ReactNode }) {
  const me = useMe();
  const pathname = usePathname();
  const router = useRouter();
  const current = (href: string, exact: boolean) =>
    exact
      ? pathname === href ||
        (href === "/projects" &&
          pathname.startsWith("/projects/") &&
          pathname !== "/projects/new")
      : pathname.startsWith(href);

  async function signOut() {
    await api(paths.signOut, { method: "POST" }).catch(() => {});
    router.replace("/sign-in");
  }

  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <aside className="sidebar">
        <Link href="/projects" className="brand" aria-label="Reelwright home">
          <span className="brand-mark" aria-hidden="true">
            ▶
          </span>
          Reelwright
        </Link>
        <Bell enabled={me.permissions.includes("notifications.read")} />
        <nav className="nav" aria-label="Main">
          {NAV.filter(
            (item) =>
              !item.permission || me.permissions.includes(item.permission),
          ).map((item) => (
            <Link
              key={item.href}
              href={item.href}
              aria-current={current(item.href, item.exact) ? "page" : undefined}
            >
              {item.label}
            </Link>
          ))}
        </nav>
        <div className="sidebar-foot">
          <div>
            <div className="who">{me.user.name}</div>
            <div className="role">
              {me.user.role} · {me.site.name}
            </div>
          </div>
          <button type="button" className="btn btn-sm" onClick={signOut}>
            Sign out
          </button>
        </div>
      </aside>
      <main id="main" className="main" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}
