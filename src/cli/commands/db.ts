import type { Command } from "commander";
import { loadConfig } from "../../config";
import { redact, resolveDatabaseUrl } from "../../db";
import { stopEmbeddedPostgres } from "../../db/embedded";

/**
 * `reelwright db start` (starts the embedded Postgres if needed and prints its URL, password
 * hidden) and `reelwright db stop`: the embedded server outlives the processes that use it.
 */
export function registerDbCommand(program: Command) {
  const db = program
    .command("db")
    .description("The embedded Postgres (used when DATABASE_URL is unset)");

  db.command("start")
    .description(
      "Start the embedded Postgres if it is not running; print its URL",
    )
    .action(async () => {
      process.stdout.write(`${redact(await resolveDatabaseUrl())}\n`);
    });

  db.command("stop")
    .description("Stop the embedded Postgres")
    .action(async () => {
      const config = loadConfig();
      if (config.DATABASE_URL)
        throw new Error(
          "DATABASE_URL is set: that database is not Reelwright's to stop",
        );
      const stopped = await stopEmbeddedPostgres(config.dataDir);
      process.stdout.write(
        stopped
          ? `Stopped the embedded Postgres in ${config.dataDir}\n`
          : `No embedded Postgres runs in ${config.dataDir}\n`,
      );
    });
}
