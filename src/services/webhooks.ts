import { createHmac, timingSafeEqual } from "node:crypto";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { schema, type Db } from "../db";
import { log } from "../log";
import { services } from "./context";

/**
 * Webhooks to a site's own server (render finished or failed, ...): a JSON POST to
 * `settings.webhookUrl`, signed with HMAC-SHA256 of the exact body under `settings.webhookSecret`
 * in `X-Reelwright-Signature: sha256=<hex>`. The body carries the same timestamp as the
 * `X-Reelwright-Timestamp` header, so the signature covers it and a receiver can refuse replays.
 */

export const SIGNATURE_HEADER = "x-reelwright-signature";
export const TIMESTAMP_HEADER = "x-reelwright-timestamp";
const TIMEOUT_MS = 10_000;

const webhookSettingsSchema = z.object({
  webhookUrl: z.url({ protocol: /^https?$/ }).optional(),
  webhookSecret: z.string().min(16).optional(),
});

export const signWebhook = (body: string, secret: string) =>
  `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;

/** For receivers (and tests): whether `signature` is this body's under `secret`. */
export function verifyWebhook(body: string, signature: string, secret: string) {
  const expected = Buffer.from(signWebhook(body, secret));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

export type WebhookEvent = {
  siteId: number;
  event: string;
  data: Record<string, unknown>;
};

/**
 * Delivers one event. A site without a webhook URL (or secret) gets nothing; any answer but 2xx,
 * or no answer, throws, so the `webhook` queue retries it.
 */
export async function deliverWebhook(
  { siteId, event, data }: WebhookEvent,
  options: { fetch?: typeof fetch; now?: () => Date; db?: Db } = {},
): Promise<{ delivered: boolean; status?: number }> {
  // A worker passes its own database, which need not be this process's default.
  const db = options.db ?? (await services()).database.db;
  const [site] = await db
    .select({ settings: schema.sites.settings })
    .from(schema.sites)
    .where(eq(schema.sites.id, siteId));
  if (!site) return { delivered: false };
  const settings = webhookSettingsSchema.safeParse(site.settings);
  if (!settings.success) {
    log.warn(
      { siteId, issue: settings.error.issues[0].message },
      "the site's webhook settings are invalid; nothing sent",
    );
    return { delivered: false };
  }
  const { webhookUrl, webhookSecret } = settings.data;
  if (!webhookUrl) return { delivered: false };
  if (!webhookSecret) {
    log.warn(
      { siteId },
      "the site has a webhook URL but no secret; nothing sent",
    );
    return { delivered: false };
  }
  const timestamp = Math.floor(
    (options.now?.() ?? new Date()).getTime() / 1000,
  );
  const body = JSON.stringify({ event, timestamp, site_id: siteId, data });
  const response = await (options.fetch ?? fetch)(webhookUrl, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "user-agent": "Reelwright-Webhook/1",
      [SIGNATURE_HEADER]: signWebhook(body, webhookSecret),
      [TIMESTAMP_HEADER]: String(timestamp),
    },
    body,
    signal: AbortSignal.timeout(TIMEOUT_MS),
    redirect: "manual",
  });
  await response.body?.cancel().catch(() => {});
  if (!response.ok)
    throw new Error(
      `The webhook ${event} to ${new URL(webhookUrl).origin} was answered ${response.status}`,
    );
  return { delivered: true, status: response.status };
}
