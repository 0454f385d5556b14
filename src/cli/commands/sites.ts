import type { Command } from "commander";
import { z } from "zod";
import { closeDatabase, getDatabase } from "../../db";
import { createSite, listSites } from "../../services/sites";

const nameSchema = z.string().trim().min(1, "the site needs a name").max(200);

/** `reelwright sites add "Name"` (prints the site's first API key) and `reelwright sites list`. */
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
}
