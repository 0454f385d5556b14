import { randomBytes } from "node:crypto";
import { and, eq, inArray } from "drizzle-orm";
import { schema, type Db } from "../db";
import { notFound, unprocessable } from "./errors";
import { assertFetchable } from "./fetchable";
import { siteSettings, siteSettingsSchema, type SiteSettings } from "./sites";

/** What a site does by itself: auto-publish and its times, the feed, the content hook. */
export type AutomationPatch = Partial<
  Pick<
    SiteSettings,
    "autoPublish" | "autoPublishAccountIds" | "autoPublishTimes" | "feedUrl"
  >
> & {
  intakePresets?: SiteSettings["intakePresets"];
  /** `rotate`: a new signing secret, answered this once; `off`: the hook refuses every call. */
  contentHook?: "rotate" | "off";
};

const view = (settings: SiteSettings, newSecret?: string) => ({
  autoPublish: settings.autoPublish,
  autoPublishAccountIds: settings.autoPublishAccountIds ?? null,
  autoPublishTimes: settings.autoPublishTimes ?? [],
  feedUrl: settings.feedUrl ?? null,
  intakePresets: settings.intakePresets ?? null,
  contentHookEnabled: Boolean(settings.contentHookSecret),
  ...(newSecret ? { contentHookSecret: newSecret } : {}),
});

export async function automationSettings(db: Db, siteId: number) {
  return view(await siteSettings(db, siteId));
}

/**
 * Changes the site's automation settings, keeping every other setting; a field given as null is
 * removed (back to its default). A feed URL the fetch guard would refuse for sure is refused (422).
 */
export async function updateAutomation(
  db: Db,
  siteId: number,
  patch: { [K in keyof AutomationPatch]: AutomationPatch[K] | null },
) {
  const [site] = await db
    .select({ settings: schema.sites.settings })
    .from(schema.sites)
    .where(eq(schema.sites.id, siteId));
  if (!site) throw notFound("site", siteId);
  const { contentHook, ...fields } = patch;
  if (fields.feedUrl) assertFetchable(fields.feedUrl, "feed_url");
  if (fields.autoPublishAccountIds?.length) {
    const own = await db
      .select({ id: schema.socialAccounts.id })
      .from(schema.socialAccounts)
      .where(
        and(
          eq(schema.socialAccounts.siteId, siteId),
          inArray(schema.socialAccounts.id, fields.autoPublishAccountIds),
        ),
      );
    const foreign = fields.autoPublishAccountIds.filter(
      (id) => !own.some((a) => a.id === id),
    );
    if (foreign.length)
      throw unprocessable(
        "unknown_account",
        `No connected account of this site has the id ${foreign.join(", ")}`,
        "auto_publish_account_ids",
      );
  }
  const next: Record<string, unknown> = { ...site.settings };
  for (const [key, value] of Object.entries(fields)) {
    if (value === null) delete next[key];
    else if (value !== undefined) next[key] = value;
  }
  const secret =
    contentHook === "rotate" ? randomBytes(32).toString("base64url") : null;
  if (secret) next.contentHookSecret = secret;
  if (contentHook === "off") delete next.contentHookSecret;
  const settings = siteSettingsSchema.parse(next);
  await db
    .update(schema.sites)
    .set({ settings: next })
    .where(eq(schema.sites.id, siteId));
  return view(settings, secret ?? undefined);
}
