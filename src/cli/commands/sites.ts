import type { Command } from "commander";
import { z } from "zod";
import { loadConfig } from "../../config";
import { closeDatabase, getDatabase } from "../../db";
import { urlRefusal } from "../../net/fetch-guard";
import { createSite, listSites, setWebhook } from "../../services/sites";

const nameSchema = z.string().trim().min(1, "the site needs a name").max(200);
const webhookUrlSchema = z.url({
  protocol: /^https?$/,
  error: "must be an http(s) URL",
});

/**
 * `reelwright sites add "Name"` (prints the site's first API key), `reelwright sites list`, and
 * `reelwright sites webhook <site> <url|off>` (prints the new signing secret).
 */
export function registerSitesCommand(program: Command) {
  const sites = program
    .command("sites")
    .description("The sites (tenants) of the service and their API keys");

  sites
    .command("add")
    .description("Create a site and print its first API key (shown only once)")
    .argument("<name>", "the site's name")
    .action(async (raw: string) => {
      const parsed = nameSchema.safeParse(raw);
      if (!parsed.success) throw new Error(parsed.error.issues[0].message);
      try {
        const { db } = await getDatabase();
        const { site, key } = await createSite(db, parsed.data);
        process.stderr.write(
          `Created site ${site.id} "${site.name}" (${site.slug}). Its API key, shown only this once:\n`,
        );
        process.stdout.write(`${key}\n`);
      } finally {
        await closeDatabase();
      }
    });

  sites
    .command("list")
    .description("List the sites")
    .action(async () => {
      try {
        const { db } = await getDatabase();
        for (const site of await listSites(db))
          process.stdout.write(
            `${String(site.id).padEnd(6)} ${site.slug.padEnd(32)} ${site.name} (${site.activeKeys} key${site.activeKeys === 1 ? "" : "s"})\n`,
          );
      } finally {
        await closeDatabase();
      }
    });

  sites
    .command("webhook")
    .description(
      "Send the site's events (render finished or failed) to a URL, signed with a new secret that is printed once; `off` stops them",
    )
    .argument("<site>", "the site's id or slug")
    .argument("<url>", "the http(s) URL, or off")
    .action(async (siteRef: string, rawUrl: string) => {
      let url: string | null = null;
      if (rawUrl !== "off") {
        const parsed = webhookUrlSchema.safeParse(rawUrl);
        if (!parsed.success)
          throw new Error(`<url> ${parsed.error.issues[0].message}`);
        url = parsed.data;
        // What the worker's guard would refuse for sure: said now, not at the first event.
        const refusal = urlRefusal(
          url,
          loadConfig().REELWRIGHT_ALLOW_PRIVATE_FETCH_HOSTS,
        );
        if (refusal)
          throw new Error(
            `<url> ${refusal} (allow it with REELWRIGHT_ALLOW_PRIVATE_FETCH_HOSTS)`,
          );
      }
      try {
        const { db } = await getDatabase();
        const result = await setWebhook(db, siteRef, url);
        if (!result) throw new Error(`No site ${siteRef}`);
        if (result.secret) {
          process.stderr.write(
            `Webhooks of ${result.site.slug} go to ${url}. Verify X-Reelwright-Signature with this secret, shown only this once:\n`,
          );
          process.stdout.write(`${result.secret}\n`);
        } else
          process.stderr.write(`Webhooks of ${result.site.slug} are off\n`);
      } finally {
        await closeDatabase();
      }
    });
}
