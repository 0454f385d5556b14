import type { UserRole } from "../core/statuses";

/**
 * What each team role may do; the one table the app and the API check. Designers shape the
 * templates and visuals but neither approve nor publish.
 */
export const PERMISSIONS = {
  "projects.read": ["admin", "marketer", "designer"],
  "projects.write": ["admin", "marketer"],
  "visuals.write": ["admin", "marketer", "designer"],
  "renders.create": ["admin", "marketer", "designer"],
  "renders.review": ["admin", "marketer"],
  publish: ["admin", "marketer"],
  "accounts.manage": ["admin"],
  "analytics.read": ["admin", "marketer", "designer"],
  "users.manage": ["admin"],
  "keys.manage": ["admin"],
  "service.health": ["admin"],
  "budgets.manage": ["admin"],
  "audit.read": ["admin"],
  "moderation.override": ["admin"],
  "jobs.manage": ["admin"],
  "notifications.read": ["admin"],
  "site.manage": ["admin"],
} as const satisfies Record<string, readonly UserRole[]>;

export type Permission = keyof typeof PERMISSIONS;

export const can = (role: UserRole, permission: Permission) =>
  (PERMISSIONS[permission] as readonly UserRole[]).includes(role);
