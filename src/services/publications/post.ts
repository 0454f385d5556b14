import { eq, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { PresetId } from "../../compositions/presets";
import {
  publishedVideos,
  renderedVideos,
  sites,
  socialAccounts,
  videoProjects,
  type PublishedVideo,
} from "../../db/schema";
import { log, redactSecrets } from "../../log";
import {
  PlatformApiError,
  platformAdapter,
  PublishRefusedError,
  QuotaExceededError,
  ReconnectRequiredError,
  type PublishOutcome,
} from "../../platforms";
import { PLATFORMS } from "../../platforms/limits";
import { cleanupAfterPublish } from "../cleanup";
import type { WorkContext } from "../context";
import { PermanentJobError } from "../errors";
import { accountAccess } from "../social-accounts";

/** Who a YouTube video is for, from the project's settings, else the site's. */
const youtubeAudienceSchema = z.looseObject({
  madeForKids: z.boolean().optional(),
  containsSyntheticMedia: z.boolean().optional(),
});

const privacySchema = z.enum(["public", "unlisted", "private"]);

const accountDetailsSchema = z.looseObject({ username: z.string().optional() });

export type PublishProgress = (sentBytes: number, totalBytes: number) => void;

export type Post = NonNullable<Awaited<ReturnType<typeof loadPost>>>;

/** A post's row with what publishing it needs: the render, project, site and account. */
export async function loadPost(context: WorkContext, publishedVideoId: number) {
  const [post] = await context.database.db
    .select({
      row: publishedVideos,
      render: renderedVideos,
      project: videoProjects,
      siteSettings: sites.settings,
      accountDetails: socialAccounts.details,
    })
    .from(publishedVideos)
    .innerJoin(
      renderedVideos,
      eq(renderedVideos.id, publishedVideos.renderedVideoId),
    )
    .innerJoin(videoProjects, eq(videoProjects.id, renderedVideos.projectId))
    .innerJoin(sites, eq(sites.id, videoProjects.siteId))
    .innerJoin(
      socialAccounts,
      eq(socialAccounts.id, publishedVideos.socialAccountId),
    )
    .where(eq(publishedVideos.id, publishedVideoId));
  return post;
}

/** The post, or what makes publishing it pointless: already out, or can never go out. */
export async function postToPublish(
  context: WorkContext,
  publishedVideoId: number,
) {
  const post = await loadPost(context, publishedVideoId);
  if (!post)
    throw new PermanentJobError(`Post ${publishedVideoId} no longer exists`);
  if (post.row.status === "published")
    return {
      done: { publishedUrl: post.row.publishedUrl, alreadyPublished: true },
    };
  if (post.row.status === "removed")
    throw new PermanentJobError("The post was removed before it went out.");
  if (post.render.status !== "completed" || !post.render.filePath)
    throw new PermanentJobError(
      "The video to publish is not finished (or was removed): render it again, then publish.",
    );
  return { post };
}

/** What publishing needs of the worker's hold on the post (the post lease, src/jobs). */
export type PostHold = {
  row: PublishedVideo;
  lost: AbortSignal;
  /** The condition under which the post is still this worker's to write. */
  ours(): SQL | undefined;
  end(): Promise<void>;
};

/**
 * Uploads a post the worker holds, saving every step the publisher reaches in `upload_state`
 * before the next (so whoever takes the post over resumes it), then records it `published`, the
 * project `published`, and frees the render's leftover files.
 */
export async function uploadHeldPost(
  context: WorkContext & { timing: { staleAfterMs: number } },
  post: Post,
  hold: PostHold,
  signal: AbortSignal,
  onProgress?: PublishProgress,
) {
  const { db } = context.database;
  const access = await accountAccess(
    db,
    post.row.socialAccountId,
    context.config,
  );
  const saveState = async (state: object) => {
    const held = await db
      .update(publishedVideos)
      .set({ uploadState: { ...state } })
      .where(hold.ours())
      .returning({ id: publishedVideos.id });
    if (!held.length) throw new Error("The post was taken away");
  };
  const outcome = await upload(
    context,
    { ...post, row: hold.row },
    access,
    saveState,
    signal,
    onProgress,
  );
  await hold.end();
  const [published] = await db
    .update(publishedVideos)
    .set({
      status: "published",
      platformVideoId: outcome.platformVideoId,
      publishedUrl: outcome.url,
      publishedAt: new Date(),
      error: outcome.note,
      retryAt: null,
      workerId: null,
      heartbeatAt: null,
    })
    .where(hold.ours())
    .returning({ id: publishedVideos.id });
  if (!published) return { skipped: "taken away" };
  await db
    .update(videoProjects)
    .set({ status: "published" })
    .where(eq(videoProjects.id, post.project.id));
  log.info(
    {
      publishedVideoId: post.row.id,
      platform: post.row.platform,
      url: outcome.url,
    },
    "post published",
  );
  await cleanupAfterPublish(
    context.database,
    { storage: context.storage, media: context.tools.store },
    post.render.id,
    context.timing,
  ).catch((error) =>
    // The post is live; leftover files only cost disk space.
    log.warn(
      { err: error, publishedVideoId: post.row.id },
      "cleanup after publishing failed",
    ),
  );
  return {
    publishedUrl: outcome.url,
    platformVideoId: outcome.platformVideoId,
  };
}

async function upload(
  context: WorkContext,
  post: Post,
  access: Awaited<ReturnType<typeof accountAccess>>,
  saveState: (state: object) => Promise<void>,
  signal: AbortSignal,
  onProgress?: PublishProgress,
): Promise<PublishOutcome> {
  const { row, render, project } = post;
  return platformAdapter(row.platform).publish({
    file: await context.storage.localCopy(render.filePath!),
    preset: render.preset as PresetId,
    title: row.title,
    description: row.description,
    tags: row.tags,
    privacy: privacySchema.catch("private").parse(row.privacy),
    thumbnailFile: render.thumbnailPath
      ? await context.storage.localCopy(render.thumbnailPath)
      : undefined,
    srtFile: render.srtPath
      ? await context.storage.localCopy(render.srtPath)
      : undefined,
    audience: {
      ...youtubeAudienceSchema.catch({}).parse(post.siteSettings ?? {}),
      ...youtubeAudienceSchema.catch({}).parse(project.settings ?? {}),
    },
    account: {
      externalId: access.account.externalId,
      username:
        accountDetailsSchema.catch({}).parse(post.accountDetails).username ??
        null,
    },
    config: context.config,
    accessToken: access.accessToken,
    state: row.uploadState,
    saveState,
    onProgress,
    signal,
  });
}

/** The reason a post failed, in the words a marketer reads, with no token or code in it. */
export function describePublishFailure(error: unknown): string {
  return redactSecrets(failureReason(error));
}

function failureReason(error: unknown): string {
  if (error instanceof PublishRefusedError)
    return `${PLATFORMS[error.platform].label} would not take this video: ${error.reasons.join("; ")}.`;
  if (error instanceof ReconnectRequiredError)
    return `The ${PLATFORMS[error.platform].label} account needs to be connected again (its sign-in no longer works). Reconnect it under Accounts, then publish again.`;
  if (error instanceof QuotaExceededError)
    return `${PLATFORMS[error.platform].label}'s daily upload limit for this account is used up. Publish again tomorrow.`;
  if (error instanceof PlatformApiError)
    return `${PLATFORMS[error.platform].label} refused the upload: ${error.message}`;
  const message = error instanceof Error ? error.message : String(error);
  return `The video could not be published: ${message}`;
}

/** Whether another attempt can help: only transient platform and network failures. */
export function isPermanentPublishFailure(error: unknown) {
  return (
    error instanceof PermanentJobError ||
    error instanceof PublishRefusedError ||
    error instanceof ReconnectRequiredError ||
    (error instanceof PlatformApiError && !error.retryable)
  );
}
