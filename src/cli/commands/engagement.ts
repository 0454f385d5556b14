import type { Command } from "commander";
import { z } from "zod";
import { loadConfig } from "../../config";
import { closeDatabase, getDatabase } from "../../db";
import { fetchEngagement } from "../../services/analytics";

const argsSchema = z.object({
  published: z.coerce.number().int().positive().optional(),
});

const cell = (value: number | null) => String(value ?? "–").padStart(9);

/**
 * `reelwright engagement [--published <id>]`: fetches the numbers now (what the 12-hourly job
 * does), stores them, and prints a table. Exit code 1 when any video could not be fetched.
 */
export function registerEngagementCommand(program: Command) {
  program
    .command("engagement")
    .description(
      "Fetch the published videos' views, likes, comments and shares now, and store them",
    )
    .option("--published <id>", "only this published video")
    .action(async function (this: Command, raw: Record<string, unknown>) {
      const parsed = argsSchema.safeParse(raw);
      if (!parsed.success)
        this.error(`--published: ${parsed.error.issues[0].message}`, {
          exitCode: 2,
        });
      try {
        const results = await fetchEngagement(
          await getDatabase(),
          loadConfig(),
          parsed.data!.published,
        );
        process.stdout.write(
          `${"post".padEnd(6)} ${"platform".padEnd(10)} ${["views", "likes", "comments", "shares"].map((h) => h.padStart(9)).join(" ")}\n`,
        );
        for (const result of results)
          process.stdout.write(
            `${String(result.publishedVideoId).padEnd(6)} ${result.platform.padEnd(10)} ${
              result.ok
                ? [
                    result.stats.views,
                    result.stats.likes,
                    result.stats.comments,
                    result.stats.shares,
                  ]
                    .map(cell)
                    .join(" ")
                : `failed: ${result.error}`
            }\n`,
          );
        if (!results.length) process.stdout.write("No published videos.\n");
        if (results.some((r) => !r.ok)) process.exitCode = 1;
      } finally {
        await closeDatabase();
      }
    });
}
