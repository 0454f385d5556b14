import { and, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import type { PresetId } from "../../compositions/presets";
import {
  publishedVideos,
  renderedVideos,
  sites,
  socialAccounts,
  videoProjects,
} from "../../db/schema";
import { log, redactSecrets } from "../../log";
import { fitTo } from "../../pipeline/metadata";
import {
  endpointsFromConfig,
  PlatformApiError,
  publishToInstagram,
  publishToTikTok,
  publishToYouTube,
  PublishRefusedError,
  QuotaExceededError,
  ReconnectRequiredError,
  type TikTokPrivacyLevel,
} from "../../pipeline/publish";
import { PLATFORMS } from "../../platforms";
import { accountAccess } from "../../services/social-accounts";
import { cleanupAfterPublish } from "../../services/cleanup";
import { PostLease } from "../post-lease";
import type { JobContext, JobHandler } from "../context";
import { PermanentJobError } from "../../services/errors";

/** Who a YouTube video is for, from the project's settings, else the site's. */
const youtubeAudienceSchema = z.looseObject({
  madeForKids: z.boolean().optional(),
  containsSyntheticMedia: z.boolean().optional(),
});

const privacySchema = z.enum(["public", "unlisted", "private"]);

/** TikTok has no "unlisted": the nearest is friends only. */
const TIKTOK_PRIVACY: Record<
  z.infer<typeof privacySchema>,
  TikTokPrivacyLevel
> = {
  public: "PUBLIC_TO_EVERYONE",
  unlisted: "MUTUAL_FOLLOW_FRIENDS",
  private: "SELF_ONLY",
};

const accountDetailsSchema = z.looseObject({ username: z.string().optional() });

export type PublishProgress = (sentBytes: number, totalBytes: number) => void;

type Post = NonNullable<Awaited<ReturnType<typeof loadPost>>>;

/** A post's row with what publishing it needs: the render, project, site and account. */
async function loadPost(context: JobContext, publishedVideoId: number) {
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

/**
 * Caption text (Instagram's caption, TikTok's title): the description, then those of the post's
 * tags not already in it as hashtags, cut to the platform's length and hashtag limits.
 */
export function captionFor(
  description: string,
  tags: string[],
  limits: { maxChars: number; hashtagsMax: number },
) {
  const present: string[] = description.match(/#[\p{L}\p{N}_]+/gu) ?? [];
  const room = Math.max(0, limits.hashtagsMax - present.length);
  const added = [
    ...new Set(
      tags
        .map((tag) => "#" + tag.replace(/[^\p{L}\p{N}_]+/gu, ""))
        .filter((tag) => tag.length > 1 && !present.includes(tag)),
    ),
  ].slice(0, room);
  const tagLine = added.join(" ");
  if (!tagLine) return fitTo(description, limits.maxChars);
  const text = fitTo(description, limits.maxChars - tagLine.length - 2);
  return text ? `${text}\n\n${tagLine}` : tagLine;
}

/** Another attempt holds a live lease on the post: this one backs off and touches nothing. */
export class PostBusyError extends Error {
  constructor(publishedVideoId: number) {
    super(`Post ${publishedVideoId} is being uploaded by another attempt`);
    this.name = "PostBusyError";
  }
}

/** What a failed attempt writes to its post (besides giving up its lease). */
export type FailureUpdate = Partial<
  Pick<typeof publishedVideos.$inferInsert, "status" | "error">
>;

/**
 * Publishes one post, exactly once: a `published` row returns at once; otherwise the post is
 * claimed with a lease (a second attempt finds it held and gets `PostBusyError`; a dead worker's
 * stale lease is taken over), and every step the publisher reaches is saved in `upload_state`
 * before the next, so whoever takes the post over resumes it. Losing the lease (the project was
 * deleted, the post taken over) aborts the upload. On failure the lease is given up, with what
 * `onFailure` says to write.
 */
export async function publishPost(
  context: JobContext,
  publishedVideoId: number,
  options: {
    onProgress?: PublishProgress;
    jobId?: string;
    onFailure?: (error: unknown) => FailureUpdate;
  } = {},
) {
  const { db } = context.database;
  const post = await loadPost(context, publishedVideoId);
  if (!post)
    throw new PermanentJobError(`Post ${publishedVideoId} no longer exists`);
  if (post.row.status === "published")
    return { publishedUrl: post.row.publishedUrl, alreadyPublished: true };
  if (post.row.status === "removed")
    throw new PermanentJobError("The post was removed before it went out.");
  if (post.render.status !== "completed" || !post.render.filePath)
    throw new PermanentJobError(
      "The video to publish is not finished (or was removed): render it again, then publish.",
    );
  const lease = await PostLease.claim(
    context,
    publishedVideoId,
    options.jobId ?? null,
  );
  if (!lease) {
    const now = await loadPost(context, publishedVideoId);
    if (now?.row.status === "published")
      return { publishedUrl: now.row.publishedUrl, alreadyPublished: true };
    if (now?.row.status === "publishing")
      throw new PostBusyError(publishedVideoId);
    // Failed or removed meanwhile: a retry is asked for through retryPost, which queues it anew.
    return { skipped: now?.row.status ?? "deleted" };
  }
  lease.start();
  const stop = AbortSignal.any([context.shutdown, lease.lost]);
  try {
    const access = await accountAccess(
      db,
      post.row.socialAccountId,
      context.config,
    );
    const saveState = async (state: object) => {
      const held = await db
        .update(publishedVideos)
        .set({ uploadState: { ...state } })
        .where(lease.ours())
        .returning({ id: publishedVideos.id });
      if (!held.length) throw new Error("The post was taken away");
    };
    const outcome = await upload(
      context,
      { ...post, row: lease.row },
      access,
      saveState,
      stop,
      options.onProgress,
    );
    await lease.end();
    const [published] = await db
      .update(publishedVideos)
      .set({
        status: "published",
        platformVideoId: outcome.platformVideoId,
        publishedUrl: outcome.url,
        publishedAt: new Date(),
        error: outcome.note,
        workerId: null,
        heartbeatAt: null,
      })
      .where(lease.ours())
      .returning({ id: publishedVideos.id });
    if (!published) return { skipped: "taken away" };
    await db
      .update(videoProjects)
      .set({ status: "published" })
      .where(eq(videoProjects.id, post.project.id));
    log.info(
      { publishedVideoId, platform: post.row.platform, url: outcome.url },
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
        { err: error, publishedVideoId },
        "cleanup after publishing failed",
      ),
    );
    return {
      publishedUrl: outcome.url,
      platformVideoId: outcome.platformVideoId,
    };
  } catch (error) {
    await lease.end();
    await db
      .update(publishedVideos)
      .set({
        ...options.onFailure?.(error),
        workerId: null,
        heartbeatAt: null,
      })
      .where(lease.ours());
    if (lease.lost.aborted) return { stopped: "cancelled or taken over" };
    throw error;
  }
}

type Outcome = {
  /** Null for a TikTok post that is not public: TikTok names only public posts. */
  platformVideoId: string | null;
  url: string | null;
  /** Something the user should know about a post that did go out. */
  note: string | null;
};

async function upload(
  context: JobContext,
  post: Post,
  access: Awaited<ReturnType<typeof accountAccess>>,
  saveState: (state: object) => Promise<void>,
  signal: AbortSignal,
  onProgress?: PublishProgress,
): Promise<Outcome> {
  const { row, render, project } = post;
  const endpoints = endpointsFromConfig(context.config);
  const file = context.storage.resolve(render.filePath!);
  const state = row.uploadState as never;
  const privacy = privacySchema.catch("private").parse(row.privacy);
  const preset = render.preset as PresetId;

  if (row.platform === "youtube") {
    const audience = {
      ...youtubeAudienceSchema.catch({}).parse(post.siteSettings ?? {}),
      ...youtubeAudienceSchema.catch({}).parse(project.settings ?? {}),
    };
    const result = await publishToYouTube({
      file,
      preset: preset as "youtube_long" | "youtube_short",
      details: {
        title: row.title,
        description: row.description,
        tags: row.tags,
        privacyStatus: privacy,
        madeForKids: audience.madeForKids ?? false,
        // The narration is synthetic speech.
        containsSyntheticMedia: audience.containsSyntheticMedia ?? true,
      },
      thumbnailFile: render.thumbnailPath
        ? context.storage.resolve(render.thumbnailPath)
        : undefined,
      srtFile: render.srtPath
        ? context.storage.resolve(render.srtPath)
        : undefined,
      accessToken: access.accessToken,
      state,
      saveState,
      endpoints: endpoints.youtube,
      onProgress,
      signal,
    });
    return { platformVideoId: result.videoId, url: result.url, note: null };
  }

  if (row.platform === "instagram") {
    const result = await publishToInstagram({
      file,
      igUserId: access.account.externalId,
      caption: captionFor(row.description, row.tags, {
        maxChars: PLATFORMS.instagram.captionMaxChars,
        hashtagsMax: PLATFORMS.instagram.hashtagsMax,
      }),
      accessToken: access.accessToken,
      state,
      saveState,
      endpoints: endpoints.instagram,
      signal,
    });
    return {
      platformVideoId: result.mediaId,
      url: result.permalink,
      note: null,
    };
  }

  const result = await publishToTikTok({
    file,
    title: captionFor(row.description || row.title, row.tags, {
      maxChars: PLATFORMS.tiktok.titleMaxUtf16,
      hashtagsMax: PLATFORMS.tiktok.hashtagsMax,
    }),
    privacyLevel: TIKTOK_PRIVACY[privacy],
    appAudited: context.config.TIKTOK_APP_AUDITED,
    accessToken: access.accessToken,
    state,
    saveState,
    endpoints: endpoints.tiktok,
    onProgress,
    signal,
  });
  const postId = result.postIds[0];
  const username = accountDetailsSchema
    .catch({})
    .parse(post.accountDetails).username;
  return {
    platformVideoId: postId ?? null,
    url:
      postId && username
        ? `https://www.tiktok.com/@${username}/video/${postId}`
        : null,
    note: result.restrictedToPrivate
      ? "Posted as private (only you can see it): TikTok allows public posts only from audited apps."
      : null,
  };
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
function isPermanent(error: unknown) {
  return (
    error instanceof PermanentJobError ||
    error instanceof PublishRefusedError ||
    error instanceof ReconnectRequiredError ||
    (error instanceof PlatformApiError && !error.retryable)
  );
}

/**
 * The `publish` queue. A failure no retry can fix ends the post `failed` at once; a transient one
 * is rethrown for the queue to retry (the saved upload state makes the retry resume), and the
 * post is `failed` after the last attempt. An attempt that finds the post held by a live lease
 * (pg-boss retried a job past its expiry while the first attempt still uploads) touches nothing
 * and is retried later, when it finds the post published, or abandoned and free to take over.
 */
export const publishHandler: JobHandler<"publish"> = async (
  { publishedVideoId },
  job,
  context,
) => {
  const attempt = job.retryCount + 1;
  const failure = (error: unknown) => {
    const permanent = isPermanent(error);
    const last = permanent || job.retryCount >= job.retryLimit;
    return { permanent, last, message: describePublishFailure(error) };
  };
  try {
    return await publishPost(context, publishedVideoId, {
      jobId: job.id,
      onProgress: (sent, total) =>
        log.debug({ publishedVideoId, sent, total }, "upload progress"),
      onFailure: (error) => {
        const { last, message } = failure(error);
        return last
          ? { status: "failed", error: message }
          : {
              status: "queued",
              error: `Attempt ${attempt} of ${job.retryLimit + 1} failed: ${message} Trying again.`,
            };
      },
    });
  } catch (error) {
    if (error instanceof PostBusyError) {
      log.info({ publishedVideoId, attempt }, "post held by another attempt");
      if (job.retryCount < job.retryLimit) throw error;
      return { busy: true };
    }
    const { permanent, last, message } = failure(error);
    log.warn(
      { err: error, publishedVideoId, attempt, last },
      "publishing failed",
    );
    if (!permanent) throw error;
    // Failures before the post was claimed (no post, not finished) are written here.
    await context.database.db
      .update(publishedVideos)
      .set({ status: "failed", error: message })
      .where(
        and(
          eq(publishedVideos.id, publishedVideoId),
          inArray(publishedVideos.status, ["queued", "failed"]),
        ),
      );
    return { failed: message };
  }
};
