/** What the audit log records (src/services/audit.ts); the API and the admin page filter by it. */
export const AUDIT_ACTIONS = [
  "render.approve",
  "render.reject",
  "moderation.override",
  "publish.request",
  "publish.retry",
  "budget.update",
  "settings.update",
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];
