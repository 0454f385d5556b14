import { createHash, randomBytes } from "node:crypto";
import { and, count, eq, isNull, lt, or, sql } from "drizzle-orm";
import { schema, type Db } from "../db";
import type { Site } from "../db/schema";

const KEY_PREFIX = "rw_";
/** Characters of the key kept in clear, to tell keys apart in a list. */
const SHOWN_CHARS = 10;
/** `last_used_at` is refreshed at most this often, so reads do not each write a row. */
const LAST_USED_PRECISION = "1 minute";

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
 * Keys seen lately, by hash: most requests then need no lookup. A revoked key is refused by this
 * process at most this long after its revocation.
 */
const KEY_CACHE_MS = 30_000;
const KEY_CACHE_SIZE = 1000;
const keyCache = new Map<string, { site: Site; until: number }>();

/** The site a key belongs to, or null for an unknown or revoked key. */
export async function authenticate(db: Db, key: string): Promise<Site | null> {
  if (!key.startsWith(KEY_PREFIX)) return null;
  const hash = hashApiKey(key);
  const cached = keyCache.get(hash);
  if (cached && cached.until > Date.now()) return cached.site;
  keyCache.delete(hash);
  const [found] = await db
    .select({ keyId: schema.apiKeys.id, site: schema.sites })
    .from(schema.apiKeys)
    .innerJoin(schema.sites, eq(schema.sites.id, schema.apiKeys.siteId))
    .where(
      and(eq(schema.apiKeys.keyHash, hash), isNull(schema.apiKeys.revokedAt)),
    );
  if (!found) return null;
  await db
    .update(schema.apiKeys)
    .set({ lastUsedAt: sql`now()` })
    .where(
      and(
        eq(schema.apiKeys.id, found.keyId),
        or(
          isNull(schema.apiKeys.lastUsedAt),
          lt(
            schema.apiKeys.lastUsedAt,
            sql`now() - ${LAST_USED_PRECISION}::interval`,
          ),
        ),
      ),
    );
  if (keyCache.size >= KEY_CACHE_SIZE)
    keyCache.delete(keyCache.keys().next().value!);
  keyCache.set(hash, { site: found.site, until: Date.now() + KEY_CACHE_MS });
  return found.site;
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
