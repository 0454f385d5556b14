import { openAsBlob } from "node:fs";
import { z } from "zod";
import { log } from "../../log";
import { PLATFORMS } from "../limits";
import type { Endpoints } from "../endpoints";
import {
  PlatformApiError,
  PublishRefusedError,
  QuotaExceededError,
  parseResponse,
  readJson,
  send,
  withRetry,
  answerError,
  poll,
  type PollOptions,
  type RetryPolicy,
} from "../http";
import { beginUpload, type UploadOptions } from "../upload-state";
import { assertUploadable } from "../validate";

const graphErrorSchema = z.object({
  error: z.object({
    message: z.string(),
    code: z.number().optional(),
    error_subcode: z.number().optional(),
    error_user_msg: z.string().optional(),
  }),
});

/** Graph's throttling codes: application, user, page, custom and business-use-case limits. */
const THROTTLED = new Set([4, 17, 32, 613, 80001, 80002, 80004, 80005, 80006]);
/** "Temporary" and "service unavailable". */
const TRANSIENT = new Set([1, 2]);
const PUBLISHING_LIMIT_SUBCODE = 2207042;

export function graphError(
  what: string,
  response: Response,
  body: unknown,
): PlatformApiError {
  const parsed = graphErrorSchema.safeParse(body);
  const error = parsed.success ? parsed.data.error : null;
  const message = error
    ? (error.error_user_msg ?? error.message)
    : `HTTP ${response.status} ${JSON.stringify(body)}`;
  if (error?.error_subcode === PUBLISHING_LIMIT_SUBCODE)
    return new QuotaExceededError("instagram", response.status, message, {
      code: String(error.code),
      body,
    });
  const code = error?.code;
  return answerError("instagram", response, `${what}: ${message}`, {
    code: code === undefined ? undefined : String(code),
    throttled:
      code !== undefined && (THROTTLED.has(code) || TRANSIENT.has(code)),
    body,
  });
}

/** One Graph API call, `params` as the query (GET) or a form body (POST). */
export async function graphJson<S extends z.ZodType>(
  what: string,
  endpoints: Endpoints["instagram"],
  accessToken: string,
  method: "GET" | "POST",
  path: string,
  params: Record<string, string>,
  schema: S,
): Promise<z.output<S>> {
  const url = new URL(
    `${endpoints.graphBaseUrl}/${endpoints.graphVersion}/${path}`,
  );
  const form = new URLSearchParams(params).toString();
  if (method === "GET") url.search = form;
  const response = await send(`instagram ${what}`, url.toString(), {
    method,
    headers: {
      authorization: `Bearer ${accessToken}`,
      ...(method === "POST"
        ? { "content-type": "application/x-www-form-urlencoded" }
        : {}),
    },
    body: method === "POST" ? form : undefined,
  });
  const body = await readJson(response);
  if (!response.ok) throw graphError(what, response, body);
  return parseResponse("instagram", what, schema, body);
}

const limitSchema = z.object({
  data: z
    .array(
      z.object({
        config: z.object({
          quota_total: z.number(),
          quota_duration: z.number(),
        }),
        quota_usage: z.number(),
      }),
    )
    .min(1),
});
const idSchema = z.object({ id: z.string() });
const containerStatusSchema = z.object({
  status_code: z.enum([
    "IN_PROGRESS",
    "FINISHED",
    "ERROR",
    "EXPIRED",
    "PUBLISHED",
  ]),
  status: z.string().optional(),
});
const mediaListSchema = z.object({
  data: z.array(
    z.object({
      id: z.string(),
      caption: z.string().optional(),
      timestamp: z.string(),
    }),
  ),
});
const permalinkSchema = z.object({ permalink: z.string() });
const ruploadSchema = z.object({ success: z.literal(true) }).loose();

export const instagramPublishStateSchema = z.object({
  containerId: z.string().nullable(),
  containerCreatedAt: z.number().nullable(),
  uploaded: z.boolean(),
  mediaId: z.string().nullable(),
  permalink: z.string().nullable(),
});
export type InstagramPublishState = z.infer<typeof instagramPublishStateSchema>;

export type InstagramPublishOptions = UploadOptions<
  "instagram",
  InstagramPublishState
> &
  PollOptions & {
    /** The Instagram professional account's id (OAuthTokens.accountId). */
    igUserId: string;
    caption: string;
    shareToFeed?: boolean;
    /** Which frame (ms) becomes the cover. */
    thumbOffsetMs?: number;
  };

export type InstagramPublishResult = { mediaId: string; permalink: string };

/** Reels by resumable upload; safe to re-run with the saved state. */
export async function publishToInstagram(
  options: InstagramPublishOptions,
): Promise<InstagramPublishResult> {
  const { endpoints, retry, state, save } = beginUpload(
    "instagram",
    instagramPublishStateSchema,
    options,
    emptyState,
  );
  const graph = <S extends z.ZodType>(
    what: string,
    method: "GET" | "POST",
    path: string,
    params: Record<string, string>,
    schema: S,
  ) =>
    withRetry(`instagram ${what}`, retry, async () =>
      graphJson(
        what,
        endpoints,
        await options.accessToken(),
        method,
        path,
        params,
        schema,
      ),
    );

  while (!state.mediaId) {
    if (state.containerId) {
      const { status_code, status } = await graph(
        "container status",
        "GET",
        state.containerId,
        { fields: "status_code,status" },
        containerStatusSchema,
      );
      if (status_code === "PUBLISHED") {
        await save({
          mediaId: await findPublishedMedia(options, state, graph),
        });
        break;
      }
      if (status_code === "ERROR")
        throw new PlatformApiError(
          "instagram",
          200,
          `the Reel failed processing: ${status ?? "no reason given"}`,
          { code: "ERROR" },
        );
      if (status_code === "EXPIRED") {
        log.warn(
          { containerId: state.containerId },
          "Instagram container expired unpublished; creating a new one",
        );
        await save(emptyState());
        continue;
      }
    } else {
      await assertUploadable(options.file, "instagram_reel", options.probe);
      assertCaption(options.caption);
      await assertQuotaLeft(options, graph);
      const { id } = await graph(
        "create container",
        "POST",
        `${options.igUserId}/media`,
        {
          media_type: "REELS",
          upload_type: "resumable",
          caption: options.caption,
          share_to_feed: String(options.shareToFeed ?? true),
          ...(options.thumbOffsetMs === undefined
            ? {}
            : { thumb_offset: String(options.thumbOffsetMs) }),
        },
        idSchema,
      );
      await save({ containerId: id, containerCreatedAt: Date.now() });
    }
    if (!state.uploaded) {
      await upload(options, endpoints, retry, state.containerId!);
      await save({ uploaded: true });
    }
    await waitUntilFinished(options, state.containerId!, graph);
    await assertQuotaLeft(options, graph);
    const containerId = state.containerId!;
    const id = await graph(
      "media_publish",
      "POST",
      `${options.igUserId}/media_publish`,
      { creation_id: containerId },
      idSchema,
    ).then(
      (media) => media.id,
      async (error: unknown) => {
        // An attempt whose answer was lost may have published: a retry of it is then refused.
        const { status_code } = await graph(
          "container status",
          "GET",
          containerId,
          { fields: "status_code" },
          containerStatusSchema,
        );
        if (status_code !== "PUBLISHED") throw error;
        return findPublishedMedia(options, state, graph);
      },
    );
    await save({ mediaId: id });
    log.info({ mediaId: id }, "Instagram Reel published");
  }
  if (!state.permalink) {
    const { permalink } = await graph(
      "permalink",
      "GET",
      state.mediaId!,
      { fields: "permalink" },
      permalinkSchema,
    );
    await save({ permalink });
  }
  return { mediaId: state.mediaId!, permalink: state.permalink! };
}

const emptyState = (): InstagramPublishState => ({
  containerId: null,
  containerCreatedAt: null,
  uploaded: false,
  mediaId: null,
  permalink: null,
});

type Graph = <S extends z.ZodType>(
  what: string,
  method: "GET" | "POST",
  path: string,
  params: Record<string, string>,
  schema: S,
) => Promise<z.output<S>>;

function assertCaption(caption: string) {
  const { caption: limit, hashtagsMax } = PLATFORMS.instagram;
  const problems: string[] = [];
  if ([...caption].length > limit.max)
    problems.push(`caption is over ${limit.max} characters`);
  const hashtags = caption.match(/#[\p{L}\p{N}_]+/gu)?.length ?? 0;
  if (hashtags > hashtagsMax)
    problems.push(`caption has ${hashtags} hashtags, over ${hashtagsMax}`);
  if (problems.length) throw new PublishRefusedError("instagram", problems);
}

/** The account's rolling 24-hour publishing quota, read from Instagram rather than assumed. */
async function assertQuotaLeft(options: InstagramPublishOptions, graph: Graph) {
  const { data } = await graph(
    "content_publishing_limit",
    "GET",
    `${options.igUserId}/content_publishing_limit`,
    { fields: "config,quota_usage" },
    limitSchema,
  );
  const { config, quota_usage } = data[0];
  if (quota_usage >= config.quota_total)
    throw new QuotaExceededError(
      "instagram",
      200,
      `publishing limit reached: ${quota_usage} of ${config.quota_total} posts in ${config.quota_duration / 3600} h`,
      { code: "content_publishing_limit" },
    );
}

async function upload(
  options: InstagramPublishOptions,
  endpoints: Endpoints["instagram"],
  retry: RetryPolicy,
  containerId: string,
) {
  // Streamed from disk (a Reel may be 650 MB); a Blob can be sent again on a retry.
  const video = await openAsBlob(options.file);
  const url = `${endpoints.uploadBaseUrl}/ig-api-upload/${endpoints.graphVersion}/${containerId}`;
  await withRetry("instagram upload", retry, async () => {
    options.signal?.throwIfAborted();
    const response = await send("instagram upload", url, {
      method: "POST",
      headers: {
        authorization: `OAuth ${await options.accessToken()}`,
        offset: "0",
        file_size: String(video.size),
      },
      body: video,
      signal: options.signal,
    });
    const body = await readJson(response);
    if (!response.ok) throw graphError("upload", response, body);
    return parseResponse("instagram", "upload", ruploadSchema, body);
  });
}

async function waitUntilFinished(
  options: InstagramPublishOptions,
  containerId: string,
  graph: Graph,
) {
  await poll(
    "instagram",
    `container ${containerId}`,
    { ...options, defaultTimeoutMs: 5 * 60 * 1000 },
    async () => {
      const { status_code, status } = await graph(
        "container status",
        "GET",
        containerId,
        { fields: "status_code,status" },
        containerStatusSchema,
      );
      if (status_code === "FINISHED") return { result: undefined };
      if (
        status_code === "ERROR" ||
        status_code === "EXPIRED" ||
        status_code === "PUBLISHED"
      )
        throw new PlatformApiError(
          "instagram",
          200,
          `container ${containerId} is ${status_code}: ${status ?? "no reason given"}`,
          { code: status_code },
        );
      return { state: status_code };
    },
  );
}

/**
 * media_publish went through but its answer was lost: the container does not name the media, so
 * find the account's post with our caption made after the container.
 */
async function findPublishedMedia(
  options: InstagramPublishOptions,
  state: InstagramPublishState,
  graph: Graph,
): Promise<string> {
  const { data } = await graph(
    "media list",
    "GET",
    `${options.igUserId}/media`,
    { fields: "id,caption,timestamp", limit: "25" },
    mediaListSchema,
  );
  const since = (state.containerCreatedAt ?? 0) - 60_000;
  const match = data.find(
    (m) => m.caption === options.caption && Date.parse(m.timestamp) >= since,
  );
  if (!match)
    throw new PlatformApiError(
      "instagram",
      200,
      `container ${state.containerId} is published but its post was not found`,
    );
  return match.id;
}
