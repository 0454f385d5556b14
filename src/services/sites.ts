import { createHash, randomBytes } from "node:crypto";
import { and, count, desc, eq, isNull, or, sql } from "drizzle-orm";
import { z } from "zod";
import { schema, type Db } from "../db";
import type { Site } from "../db/schema";
import { PRESET_IDS } from "../compositions/presets";
import { MAX_PUBLISHING_TIMES } from "../core/intake";

const KEY_PREFIX = "rw_";
/** Characters of the key kept in clear, to tell keys apart in a list. */
const SHOWN_CHARS = 10;
/** `last_used_at` is refreshed at most this often, so reads do not each write a row. */
const LAST_USED_PRECISION_MS = 60_000;

export const hashApiKey = (key: string) =>
  createHash("sha256").update(key).digest("hex");

const slugify = (name: string) =>
  name
    .normalize("NFKD")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 48) || "site";

/** A new key for the site; the key itself is returned once and only its hash is stored. */
export async function createApiKey(
  db: Pick<Db, "insert">,
  siteId: number,
  name = "default",
) {
  const key = KEY_PREFIX + randomBytes(32).toString("base64url");
  const [row] = await db
    .insert(schema.apiKeys)
    .values({
      siteId,
      name,
      keyHash: hashApiKey(key),
      prefix: key.slice(0, SHOWN_CHARS),
    })
    .returning({ id: schema.apiKeys.id });
  return { id: row.id, key };
}

/** A site with a unique slug taken from its name, and its first API key. */
export async function createSite(db: Db, name: string) {
  const base = slugify(name);
  return db.transaction(async (tx) => {
    const taken = await tx
      .select({ slug: schema.sites.slug })
      .from(schema.sites)
      .where(
        or(
          eq(schema.sites.slug, base),
          sql`${schema.sites.slug} ~ ${`^${base}-[0-9]+$`}`,
        ),
      );
    const used = new Set(taken.map((t) => t.slug));
    let slug = base;
    for (let n = 2; used.has(slug); n++) slug = `${base}-${n}`;
    const [site] = await tx
      .insert(schema.sites)
      .values({ name, slug })
      .returning();
    const { key } = await createApiKey(tx, site.id);
    return { site, key };
  });
}

export async function listSites(db: Db) {
  return db
    .select({
      id: schema.sites.id,
      name: schema.sites.name,
      slug: schema.sites.slug,
      createdAt: schema.sites.createdAt,
      activeKeys: count(schema.apiKeys.id),
    })
    .from(schema.sites)
    .leftJoin(
      schema.apiKeys,
      and(
        eq(schema.apiKeys.siteId, schema.sites.id),
        isNull(schema.apiKeys.revokedAt),
      ),
    )
    .groupBy(schema.sites.id)
    .orderBy(schema.sites.id);
}

/**
 * The site a key belongs to and the key's id, or null for an unknown or revoked key. Looked up on
 * every request (one indexed select: 1.4 ms measured here, with both cores busy): no process
 * keeps a key, so a revoked key is refused at once by every process.
 */
export async function authenticate(
  db: Db,
  key: string,
): Promise<{ site: Site; keyId: number } | null> {
  if (!key.startsWith(KEY_PREFIX) || key.length > 100) return null;
  const [found] = await db
    .select({
      keyId: schema.apiKeys.id,
      lastUsedAt: schema.apiKeys.lastUsedAt,
      site: schema.sites,
    })
    .from(schema.apiKeys)
    .innerJoin(schema.sites, eq(schema.sites.id, schema.apiKeys.siteId))
    .where(
      and(
        eq(schema.apiKeys.keyHash, hashApiKey(key)),
        isNull(schema.apiKeys.revokedAt),
      ),
    );
  if (!found) return null;
  if (
    !found.lastUsedAt ||
    found.lastUsedAt.getTime() < Date.now() - LAST_USED_PRECISION_MS
  )
    await db
      .update(schema.apiKeys)
      .set({ lastUsedAt: sql`now()` })
      .where(eq(schema.apiKeys.id, found.keyId));
  return { site: found.site, keyId: found.keyId };
}

const keyColumns = {
  id: schema.apiKeys.id,
  name: schema.apiKeys.name,
  prefix: schema.apiKeys.prefix,
  createdAt: schema.apiKeys.createdAt,
  lastUsedAt: schema.apiKeys.lastUsedAt,
  revokedAt: schema.apiKeys.revokedAt,
};

/** The site's keys, live ones first, newest first; never a hash. */
export async function listApiKeys(db: Db, siteId: number) {
  return db
    .select(keyColumns)
    .from(schema.apiKeys)
    .where(eq(schema.apiKeys.siteId, siteId))
    .orderBy(
      sql`${schema.apiKeys.revokedAt} is not null`,
      desc(schema.apiKeys.id),
    );
}

export type ApiKeySummary = Awaited<ReturnType<typeof listApiKeys>>[number];

async function keySummary(db: Pick<Db, "select">, id: number) {
  const [row] = await db
    .select(keyColumns)
    .from(schema.apiKeys)
    .where(eq(schema.apiKeys.id, id));
  return row;
}

/** A new key for the site: its summary and the key itself, which is never shown again. */
export async function issueApiKey(db: Db, siteId: number, name: string) {
  const { id, key } = await createApiKey(db, siteId, name);
  return { key: await keySummary(db, id), secret: key };
}

/** Revokes one of the site's keys (again is harmless); null when the site has no such key. */
export async function revokeApiKey(db: Db, siteId: number, id: number) {
  const mine = and(
    eq(schema.apiKeys.id, id),
    eq(schema.apiKeys.siteId, siteId),
  );
  await db
    .update(schema.apiKeys)
    .set({ revokedAt: sql`now()` })
    .where(and(mine, isNull(schema.apiKeys.revokedAt)));
  const [row] = await db.select(keyColumns).from(schema.apiKeys).where(mine);
  return row ?? null;
}

/**
 * Replaces a live key of the site with a new one of the same name, in one transaction: the old
 * key stops working as the new one starts. Null when the site has no such live key.
 */
export async function rotateApiKey(db: Db, siteId: number, id: number) {
  return db.transaction(async (tx) => {
    const [old] = await tx
      .update(schema.apiKeys)
      .set({ revokedAt: sql`now()` })
      .where(
        and(
          eq(schema.apiKeys.id, id),
          eq(schema.apiKeys.siteId, siteId),
          isNull(schema.apiKeys.revokedAt),
        ),
      )
      .returning({ name: schema.apiKeys.name });
    if (!old) return null;
    const { id: newId, key } = await createApiKey(tx, siteId, old.name);
    return { key: await keySummary(tx, newId), secret: key, replaced: id };
  });
}

/**
 * Points the site's webhooks at `url` with a new signing secret (returned once), or turns them
 * off when `url` is null.
 */
export async function setWebhook(db: Db, siteRef: string, url: string | null) {
  const bySlugOrId = /^\d+$/.test(siteRef)
    ? eq(schema.sites.id, Number(siteRef))
    : eq(schema.sites.slug, siteRef);
  const [site] = await db.select().from(schema.sites).where(bySlugOrId);
  if (!site) return null;
  const rest = Object.fromEntries(
    Object.entries(site.settings).filter(
      ([key]) => key !== "webhookUrl" && key !== "webhookSecret",
    ),
  );
  const secret = url ? randomBytes(24).toString("base64url") : null;
  await db
    .update(schema.sites)
    .set({
      settings: url
        ? { ...rest, webhookUrl: url, webhookSecret: secret }
        : rest,
    })
    .where(eq(schema.sites.id, site.id));
  return { site, secret };
}

/** A time of day, UTC: `09:00`. */
export const timeOfDaySchema = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, "must be a time of day, HH:MM");

/** `sites.settings` as far as the services read them. */
export const siteSettingsSchema = z
  .object({
    /** Approved, full-size renders are posted without a marketer pressing Publish. */
    autoPublish: z.boolean().default(false),
    /** The accounts auto-publish posts to; absent: every connected one of the render's platform. */
    autoPublishAccountIds: z
      .array(z.number().int().positive())
      .max(50)
      .optional(),
    /** Auto-published posts go out at the next of these times (UTC); absent or empty: at once. */
    autoPublishTimes: z
      .array(timeOfDaySchema)
      .max(MAX_PUBLISHING_TIMES)
      .optional(),
    /** An RSS or Atom feed whose new items each start a project (polled by the `feeds` queue). */
    feedUrl: z
      .url({ protocol: /^https?$/ })
      .max(2000)
      .optional(),
    /** Signs `POST /api/v1/hooks/content-published/` (HMAC-SHA256); absent: the hook is off. */
    contentHookSecret: z.string().min(32).max(200).optional(),
    /** The presets a project started from a feed or the hook renders. */
    intakePresets: z
      .array(z.enum(PRESET_IDS))
      .min(1)
      .max(PRESET_IDS.length)
      .optional(),
  })
  .loose();

export type SiteSettings = z.infer<typeof siteSettingsSchema>;

/** The site's settings as the services read them; a site whose stored settings break the schema gets the defaults. */
export async function siteSettings(
  db: Db,
  siteId: number,
): Promise<SiteSettings> {
  const [site] = await db
    .select({ settings: schema.sites.settings })
    .from(schema.sites)
    .where(eq(schema.sites.id, siteId));
  const parsed = siteSettingsSchema.safeParse(site?.settings ?? {});
  return parsed.success ? parsed.data : siteSettingsSchema.parse({});
}
