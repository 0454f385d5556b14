import { and, eq } from "drizzle-orm";
import { parseFeed } from "@rowanmanning/feed-parser";
import { z } from "zod";
import { DEFAULT_INTAKE_PRESETS } from "../core/intake";
import { MAX_ARTICLE_BYTES } from "../core/uploads";
import { schema, type Db } from "../db";
import { log } from "../log";
import { guardedFetch, type AllowedHost } from "../net/fetch-guard";
import { services } from "./context";
import { createProject } from "./projects";
import { siteSettings } from "./sites";
import { verifyWebhook } from "./webhooks";

/**
 * Content that starts projects by itself: a site's RSS/Atom feed, polled, or its
 * `content.published` webhook. Each new item becomes a project whose pipeline runs up to the
 * approval gate (a render waits in review; nothing is published without an approval). Every item
 * is hostile input: its fields are bounded by zod and its HTML is only ever parsed as an article.
 */

const { contentIntake } = schema;

const FEED_MAX_BYTES = 2 * 1024 * 1024;
const FEED_TIMEOUT_MS = 15_000;
/** Items taken from one read of a feed; the rest wait for a later one. */
const FEED_MAX_ITEMS = 20;
/** How old (or how far ahead) a signed hook call's timestamp may be. */
export const HOOK_REPLAY_WINDOW_SECONDS = 300;

export const contentItemSchema = z.object({
  id: z.string().trim().min(1).max(500),
  title: z.string().trim().min(1).max(300),
  html: z.string().min(1).max(MAX_ARTICLE_BYTES),
});
export type ContentItem = z.infer<typeof contentItemSchema>;

/** Starts a project from an item not seen before on this site and source; null when seen. */
export async function startFromContent(
  siteId: number,
  source: "feed" | "hook",
  item: ContentItem,
) {
  const { db } = (await services()).database;
  const [claimed] = await db
    .insert(contentIntake)
    .values({ siteId, source, externalId: item.id })
    .onConflictDoNothing()
    .returning({ id: contentIntake.id });
  if (!claimed) return null;
  try {
    const settings = await siteSettings(db, siteId);
    const { project } = await createProject(siteId, {
      content: { format: "html", body: item.html, title: item.title },
      targetPresets: [...(settings.intakePresets ?? DEFAULT_INTAKE_PRESETS)],
      start: true,
      priority: "normal",
    });
    await db
      .update(contentIntake)
      .set({ projectId: project.id })
      .where(eq(contentIntake.id, claimed.id));
    log.info({ siteId, source, projectId: project.id }, "content picked up");
    return project;
  } catch (error) {
    // Not started: the item may be tried again.
    await db.delete(contentIntake).where(eq(contentIntake.id, claimed.id));
    throw error;
  }
}

/** A feed's items, newest first, as content items; items without an id, title or body are skipped. */
export function feedItems(xml: string): ContentItem[] {
  const feed = parseFeed(xml);
  return feed.items
    .map((item) => ({
      published: item.published ?? item.updated,
      parsed: contentItemSchema.safeParse({
        id: item.id ?? item.url,
        title: item.title,
        html: item.content ?? item.description,
      }),
    }))
    .filter((item) => item.parsed.success)
    .sort(
      (a, b) => (b.published?.getTime() ?? 0) - (a.published?.getTime() ?? 0),
    )
    .slice(0, FEED_MAX_ITEMS)
    .map((item) => item.parsed.data!);
}

/**
 * Reads the site's feed through the outbound-fetch guard and starts a project for each item it
 * has not seen. The first read only records what the feed already has: only items published
 * after the feed was set start projects.
 */
export async function pollFeed(
  db: Db,
  siteId: number,
  allowedHosts: AllowedHost[],
) {
  const { feedUrl } = await siteSettings(db, siteId);
  if (!feedUrl) return { started: [] };
  const response = await guardedFetch(feedUrl, {
    allowedHosts,
    timeoutMs: FEED_TIMEOUT_MS,
    maxBytes: FEED_MAX_BYTES,
    contentTypes: [
      "application/rss+xml",
      "application/atom+xml",
      "application/xml",
      "text/xml",
    ],
  });
  const items = feedItems(response.body.toString("utf8"));
  const [known] = await db
    .select({ id: contentIntake.id })
    .from(contentIntake)
    .where(
      and(eq(contentIntake.siteId, siteId), eq(contentIntake.source, "feed")),
    )
    .limit(1);
  if (!known) {
    if (items.length)
      await db
        .insert(contentIntake)
        .values(
          items.map((item) => ({
            siteId,
            source: "feed" as const,
            externalId: item.id,
          })),
        )
        .onConflictDoNothing();
    return { started: [], baseline: items.length };
  }
  const started: number[] = [];
  for (const item of items.reverse()) {
    const project = await startFromContent(siteId, "feed", item);
    if (project) started.push(project.id);
  }
  return { started };
}

/** Every site with a feed. */
export async function sitesWithFeeds(db: Db) {
  const rows = await db
    .select({ id: schema.sites.id, settings: schema.sites.settings })
    .from(schema.sites);
  return rows.filter((site) => typeof site.settings.feedUrl === "string");
}

const hookBodySchema = z.object({
  event: z.literal("content.published"),
  timestamp: z.number().int(),
  site: z.string().min(1).max(100),
  data: contentItemSchema,
});

export class HookRefused extends Error {
  constructor(
    message: string,
    /** 400: the body is wrong; 401: not signed by the site, or outside the replay window. */
    readonly status: 400 | 401,
  ) {
    super(message);
  }
}

/**
 * A `content.published` call: the body's HMAC-SHA256 under the site's `contentHookSecret` in
 * `X-Reelwright-Signature`, its `timestamp` (seconds) within the replay window. A replay inside
 * the window starts nothing: the item's id was seen. Returns the project started, or null.
 */
export async function receiveContentHook(
  rawBody: string,
  signature: string,
  now = new Date(),
) {
  let json: unknown;
  try {
    json = JSON.parse(rawBody);
  } catch {
    throw new HookRefused("The body is not JSON", 400);
  }
  const body = hookBodySchema.safeParse(json);
  if (!body.success) {
    const issue = body.error.issues[0];
    throw new HookRefused(
      `${issue.path.join(".") || "body"}: ${issue.message}`,
      400,
    );
  }
  const { db } = (await services()).database;
  const bySlugOrId = /^\d+$/.test(body.data.site)
    ? eq(schema.sites.id, Number(body.data.site))
    : eq(schema.sites.slug, body.data.site);
  const [site] = await db
    .select({ id: schema.sites.id })
    .from(schema.sites)
    .where(bySlugOrId);
  const secret = site && (await siteSettings(db, site.id)).contentHookSecret;
  // An unknown site, a site without the hook and a bad signature look alike to the caller.
  if (!site || !secret || !verifyWebhook(rawBody, signature, secret))
    throw new HookRefused("The signature does not match", 401);
  const age = Math.abs(now.getTime() / 1000 - body.data.timestamp);
  if (age > HOOK_REPLAY_WINDOW_SECONDS)
    throw new HookRefused(
      `The timestamp is more than ${HOOK_REPLAY_WINDOW_SECONDS} s away from now`,
      401,
    );
  return startFromContent(site.id, "hook", body.data.data);
}
