import { createHmac, timingSafeEqual } from "node:crypto";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { loadConfig } from "../config";
import { schema, type Db } from "../db";
import { log } from "../log";
import {
  FetchRefused,
  guardedFetch,
  type AllowedHost,
} from "../net/fetch-guard";
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
  options: { now?: () => Date; db?: Db; allowedHosts?: AllowedHost[] } = {},
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
  // The site chose the URL: it goes through the outbound-fetch guard like any user-supplied URL.
  try {
    const response = await guardedFetch(webhookUrl, {
      allowedHosts:
        options.allowedHosts ??
        loadConfig().REELWRIGHT_ALLOW_PRIVATE_FETCH_HOSTS,
      method: "POST",
      headers: {
        "content-type": "application/json",
        "user-agent": "Reelwright-Webhook/1",
        [SIGNATURE_HEADER]: signWebhook(body, webhookSecret),
        [TIMESTAMP_HEADER]: String(timestamp),
      },
      body,
      timeoutMs: TIMEOUT_MS,
      maxBytes: 0,
      readBody: false,
      maxRedirects: 0,
    });
    return { delivered: true, status: response.status };
  } catch (error) {
    if (error instanceof FetchRefused)
      throw new Error(
        `The webhook ${event} was not delivered: ${error.message}`,
      );
    throw error;
  }
}
