import type { Command } from "commander";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { closeDatabase, getDatabase, schema } from "../../db";
import { stopQueues } from "../../jobs/queues";
import { publishRender, retryPublication } from "../../services/publications";

const idSchema = z.coerce.number().int().positive();
const argsSchema = z.object({
  renderedVideoId: idSchema,
  account: idSchema,
  privacy: z.enum(["public", "unlisted", "private"]),
  title: z.string().trim().min(1).optional(),
  wait: z.boolean().optional(),
});

const POLL_MS = 2000;

/**
 * `reelwright publish <renderedVideoId> --account <id>`: queues the post exactly as the API's
 * publish endpoint does (same checks, same once-per-render-and-account rule); the worker uploads
 * it. It does not upload in-process: a worker could pick up the same post at the same moment, and
 * only the queue keeps one upload at a time. `--wait` follows the post until it is live or failed.
 */
export function registerPublishCommand(program: Command) {
  program
    .command("publish")
    .description(
      "Queue an approved render's post to a connected account (a worker uploads it)",
    )
    .argument("<renderedVideoId>", "the render to post")
    .requiredOption("--account <id>", "the social account to post to")
    .option("--privacy <privacy>", "public, unlisted or private", "private")
    .option("--title <title>", "instead of the render's own title")
    .option("--wait", "follow the post until it is published or failed")
    .action(async function (
      this: Command,
      renderedVideoId: string,
      raw: Record<string, unknown>,
    ) {
      const parsed = argsSchema.safeParse({ ...raw, renderedVideoId });
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        this.error(`--${String(issue.path[0])}: ${issue.message}`, {
          exitCode: 2,
        });
      }
      const args = parsed.data!;
      try {
        const { db } = await getDatabase();
        const [account] = await db
          .select({ siteId: schema.socialAccounts.siteId })
          .from(schema.socialAccounts)
          .where(eq(schema.socialAccounts.id, args.account));
        if (!account) throw new Error(`No social account ${args.account}`);
        const { publication } = await publishRender(account.siteId, {
          renderedVideoId: args.renderedVideoId,
          socialAccountId: args.account,
          privacy: args.privacy,
          title: args.title,
        });
        process.stdout.write(
          `Queued post ${publication.id} of render ${args.renderedVideoId} to ${publication.platform} account ${args.account} (${publication.privacy})\n`,
        );
        if (args.wait && !(await follow(publication.id))) process.exitCode = 1;
      } finally {
        await stopQueues();
        await closeDatabase();
      }
    });
}

/**
 * `reelwright publish-retry <publishedVideoId>`: queues a failed or abandoned post again, as the
 * API's retry endpoint does; the upload resumes from its saved state.
 */
export function registerPublishRetryCommand(program: Command) {
  program
    .command("publish-retry")
    .description(
      "Queue a failed or abandoned post again (the upload resumes where it stopped)",
    )
    .argument("<publishedVideoId>", "the post to try again")
    .option("--wait", "follow the post until it is published or failed")
    .action(async function (
      this: Command,
      publishedVideoId: string,
      raw: Record<string, unknown>,
    ) {
      const parsed = idSchema.safeParse(publishedVideoId);
      if (!parsed.success)
        this.error(`<publishedVideoId>: ${parsed.error.issues[0].message}`, {
          exitCode: 2,
        });
      const id = parsed.data!;
      try {
        const { db } = await getDatabase();
        const [post] = await db
          .select({ siteId: schema.videoProjects.siteId })
          .from(schema.publishedVideos)
          .innerJoin(
            schema.renderedVideos,
            eq(
              schema.renderedVideos.id,
              schema.publishedVideos.renderedVideoId,
            ),
          )
          .innerJoin(
            schema.videoProjects,
            eq(schema.videoProjects.id, schema.renderedVideos.projectId),
          )
          .where(eq(schema.publishedVideos.id, id));
        if (!post) throw new Error(`No published video ${id}`);
        const { publication } = await retryPublication(post.siteId, id);
        process.stdout.write(
          `Queued post ${publication.id} again to ${publication.platform}\n`,
        );
        if (raw.wait && !(await follow(publication.id))) process.exitCode = 1;
      } finally {
        await stopQueues();
        await closeDatabase();
      }
    });
}

/**
 * Prints each status the post reaches; true once published, false once failed, waiting for a
 * review, removed, or waiting hours for its next attempt (the failure policy's `retry_at`).
 */
async function follow(publishedVideoId: number): Promise<boolean> {
  const { db } = await getDatabase();
  let shown = "";
  for (;;) {
    const [post] = await db
      .select()
      .from(schema.publishedVideos)
      .where(eq(schema.publishedVideos.id, publishedVideoId));
    const line =
      post.status === "published"
        ? `published: ${post.publishedUrl ?? post.platformVideoId ?? "(not public)"}${post.error ? ` (${post.error})` : ""}`
        : `${post.status}${post.error ? `: ${post.error}` : ""}`;
    if (line !== shown) process.stdout.write(`  ${line}\n`);
    shown = line;
    if (post.status === "published") return true;
    if (!["queued", "publishing"].includes(post.status) || post.retryAt)
      return false;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}
