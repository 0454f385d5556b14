import { z } from "zod";
import { AUDIT_ACTIONS } from "../../core/audit";
import { ok, page, timestamp, type Operation } from "./shared";

export const auditEntrySchema = z.object({
  id: z.number(),
  actor: z.string(),
  user_id: z.number().nullable(),
  action: z.enum(AUDIT_ACTIONS),
  target_type: z.string(),
  target_id: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
  created_at: timestamp,
});

export const auditOperations = {
  listAudit: {
    method: "GET",
    path: "/api/v1/audit/",
    summary:
      "Who published, approved, overrode or changed settings, and when; newest first",
    tag: "audit",
    permission: "audit.read",
    query: z.object({
      action: z.enum(AUDIT_ACTIONS).optional(),
      actor: z.string().max(320).optional(),
      target_type: z.string().max(50).optional(),
      since: z.iso.datetime({ offset: true }).max(40).optional(),
      until: z.iso.datetime({ offset: true }).max(40).optional(),
      page: z.coerce.number().int().min(1).max(100_000).default(1),
      per_page: z.coerce.number().int().min(1).max(100).default(50),
    }),
    responses: { 200: ok(page(auditEntrySchema)) },
  },
} satisfies Record<string, Operation>;
