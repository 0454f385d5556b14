import { stat } from "node:fs/promises";
import { z } from "zod";
import { log } from "../../log";
import { PLATFORMS } from "../limits";
import { readRange } from "../file-range";
import {
  PlatformApiError,
  PublishRefusedError,
  parseResponse,
  readJson,
  send,
  withRetry,
  answerError,
  poll,
  type PollOptions,
  retryDelay,
  pause,
  type RetryPolicy,
} from "../http";
import { beginUpload, type UploadOptions } from "../upload-state";
import { assertUploadable } from "../validate";

const tiktokErrorSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string().optional(),
    log_id: z.string().optional(),
  }),
});

/** TikTok puts `error.code` in every answer; anything but "ok" is a failure. */
export function tiktokError(
  what: string,
  response: Response,
  body: unknown,
): PlatformApiError | null {
  const parsed = tiktokErrorSchema.safeParse(body);
  const code = parsed.success ? parsed.data.error.code : null;
  if (response.ok && code === "ok") return null;
  if (response.ok && !parsed.success) return null;
  const message = parsed.success
    ? `${code}: ${parsed.data.error.message ?? ""}`
    : `HTTP ${response.status} ${JSON.stringify(body)}`;
  return answerError("tiktok", response, `${what}: ${message}`, {
    code: code ?? undefined,
    throttled: code === "rate_limit_exceeded",
    body,
  });
}

/** Post ids are 19-digit integers: quoted before parsing, or JSON.parse would round them. */
function parseKeepingBigIds(text: string): unknown {
  if (!text) return null;
  try {
    return JSON.parse(
      text.replace(/([:[,]\s*)(\d{16,})(?=\s*[,\]}])/g, '$1"$2"'),
    );
  } catch {
    return { text };
  }
}

/** One TikTok API call: POST JSON, check `error.code`, parse `data`. */
export async function tiktokApi<S extends z.ZodType>(
  what: string,
  url: string,
  accessToken: string,
  body: unknown,
  dataSchema: S,
): Promise<z.output<S>> {
  const response = await send(`tiktok ${what}`, url, {
    method: "POST",
    headers: {
      authorization: `Bearer ${accessToken}`,
      "content-type": "application/json; charset=UTF-8",
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = parseKeepingBigIds(await response.text());
  const error = tiktokError(what, response, json);
  if (error) throw error;
  const data = z.object({ data: z.unknown() }).safeParse(json);
  return parseResponse(
    "tiktok",
    what,
    dataSchema,
    data.success ? data.data.data : undefined,
  );
}

export const TIKTOK_PRIVACY_LEVELS = [
  "PUBLIC_TO_EVERYONE",
  "MUTUAL_FOLLOW_FRIENDS",
  "FOLLOWER_OF_CREATOR",
  "SELF_ONLY",
] as const;
export type TikTokPrivacyLevel = (typeof TIKTOK_PRIVACY_LEVELS)[number];

const creatorInfoSchema = z.object({
  creator_username: z.string(),
  creator_nickname: z.string(),
  privacy_level_options: z.array(z.string()),
  comment_disabled: z.boolean(),
  duet_disabled: z.boolean(),
  stitch_disabled: z.boolean(),
  max_video_post_duration_sec: z.number(),
});

const initSchema = z.object({
  publish_id: z.string(),
  upload_url: z.string(),
});

const statusSchema = z.object({
  status: z.string(),
  fail_reason: z.string().optional(),
  // TikTok's own spelling.
  publicaly_available_post_id: z
    .array(z.union([z.string(), z.number()]))
    .optional(),
  uploaded_bytes: z.number().optional(),
});

/** TikTok's chunk rules: 5–64 MB chunks, count = floor(size / chunk), the last takes the rest. */
export function planTikTokChunks(
  videoSize: number,
  preferredChunkBytes = 10 * 1024 ** 2,
) {
  const { min, max } = PLATFORMS.tiktok.uploadChunkBytes;
  const chunk = Math.min(max, Math.max(min, preferredChunkBytes));
  if (videoSize <= chunk) return { chunkSize: videoSize, totalChunkCount: 1 };
  return { chunkSize: chunk, totalChunkCount: Math.floor(videoSize / chunk) };
}

export const tiktokPublishStateSchema = z.object({
  publishId: z.string().nullable(),
  uploadUrl: z.string().nullable(),
  chunkSize: z.number().nullable(),
  totalChunkCount: z.number().nullable(),
  privacyLevel: z.enum(TIKTOK_PRIVACY_LEVELS).nullable(),
  restrictedToPrivate: z.boolean(),
  status: z.string().nullable(),
  postIds: z.array(z.string()),
});
export type TikTokPublishState = z.infer<typeof tiktokPublishStateSchema>;

export type TikTokPublishOptions = UploadOptions<"tiktok", TikTokPublishState> &
  PollOptions & {
    title: string;
    /** What the user picked; an unaudited app posts SELF_ONLY whatever this says. */
    privacyLevel: TikTokPrivacyLevel;
    disableComment?: boolean;
    disableDuet?: boolean;
    disableStitch?: boolean;
    /** Marks the post as AI-generated content. */
    isAigc?: boolean;
    /** TikTok only lets audited apps post anything but SELF_ONLY (`TIKTOK_APP_AUDITED`). */
    appAudited: boolean;
    preferredChunkBytes?: number;
  };

export type TikTokPublishResult = {
  publishId: string;
  /** Public post ids; empty for private posts, which TikTok does not expose. */
  postIds: string[];
  privacyLevel: TikTokPrivacyLevel;
  /** True when TikTok's audit rule forced SELF_ONLY: tell the user the post is private. */
  restrictedToPrivate: boolean;
};

/** Direct post by FILE_UPLOAD; safe to re-run with the saved state. */
export async function publishToTikTok(
  options: TikTokPublishOptions,
): Promise<TikTokPublishResult> {
  const { endpoints, retry, state, save } = beginUpload(
    "tiktok",
    tiktokPublishStateSchema,
    options,
    () => ({
      publishId: null,
      uploadUrl: null,
      chunkSize: null,
      totalChunkCount: null,
      privacyLevel: null,
      restrictedToPrivate: false,
      status: null,
      postIds: [],
    }),
  );
  const api = async <S extends z.ZodType>(
    what: string,
    path: string,
    body: unknown,
    schema: S,
  ) =>
    withRetry(`tiktok ${what}`, retry, async () =>
      tiktokApi(
        what,
        `${endpoints.apiBaseUrl}${path}`,
        await options.accessToken(),
        body,
        schema,
      ),
    );
  const fetchStatus = (publishId: string) =>
    api(
      "status",
      "/v2/post/publish/status/fetch/",
      { publish_id: publishId },
      statusSchema,
    );

  if (state.status !== "PUBLISH_COMPLETE") {
    let uploadFrom = 0;
    if (state.publishId) {
      const status = await fetchStatus(state.publishId);
      if (status.status === "FAILED") throw failed(status.fail_reason);
      uploadFrom =
        status.status === "PROCESSING_UPLOAD"
          ? (status.uploaded_bytes ?? 0)
          : -1;
    } else {
      await start(options, api, save);
    }
    const { size } = await stat(options.file);
    if (uploadFrom >= 0 && uploadFrom < size)
      await uploadChunks(options, state, size, uploadFrom, retry, fetchStatus);
    const done = await pollUntilPublished(
      options,
      state.publishId!,
      fetchStatus,
    );
    await save({
      status: "PUBLISH_COMPLETE",
      postIds: (done.publicaly_available_post_id ?? []).map(String),
    });
    log.info({ publishId: state.publishId }, "TikTok post published");
  }
  return {
    publishId: state.publishId!,
    postIds: state.postIds,
    privacyLevel: state.privacyLevel!,
    restrictedToPrivate: state.restrictedToPrivate,
  };
}

const failed = (reason: string | undefined) =>
  new PlatformApiError("tiktok", 200, `publishing failed: ${reason ?? "?"}`, {
    code: reason,
  });

/** Checks the creator's limits, picks the privacy level, and opens the upload. */
async function start(
  options: TikTokPublishOptions,
  api: <S extends z.ZodType>(
    what: string,
    path: string,
    body: unknown,
    schema: S,
  ) => Promise<z.output<S>>,
  save: (patch: Partial<TikTokPublishState>) => Promise<void>,
) {
  const probe = await assertUploadable(options.file, "tiktok", options.probe);
  const creator = await api(
    "creator_info",
    "/v2/post/publish/creator_info/query/",
    undefined,
    creatorInfoSchema,
  );
  const problems: string[] = [];
  if (probe.durationMs > creator.max_video_post_duration_sec * 1000)
    problems.push(
      `video is ${probe.durationMs / 1000} s, @${creator.creator_username} may post at most ${creator.max_video_post_duration_sec} s`,
    );
  // String length counts UTF-16 code units, as TikTok does.
  if (options.title.length > PLATFORMS.tiktok.title.max)
    problems.push(
      `title is ${options.title.length} UTF-16 units, over ${PLATFORMS.tiktok.title.max}`,
    );
  const restrictedToPrivate =
    !options.appAudited && options.privacyLevel !== "SELF_ONLY";
  const privacyLevel = options.appAudited ? options.privacyLevel : "SELF_ONLY";
  if (!creator.privacy_level_options.includes(privacyLevel))
    problems.push(
      `privacy level ${privacyLevel} is not offered (${creator.privacy_level_options.join(", ")})`,
    );
  if (problems.length) throw new PublishRefusedError("tiktok", problems);

  const { size } = await stat(options.file);
  const { chunkSize, totalChunkCount } = planTikTokChunks(
    size,
    options.preferredChunkBytes,
  );
  const init = await api(
    "video/init",
    "/v2/post/publish/video/init/",
    {
      post_info: {
        title: options.title,
        privacy_level: privacyLevel,
        disable_comment: options.disableComment ?? creator.comment_disabled,
        disable_duet: options.disableDuet ?? creator.duet_disabled,
        disable_stitch: options.disableStitch ?? creator.stitch_disabled,
        is_aigc: options.isAigc ?? true,
      },
      source_info: {
        source: "FILE_UPLOAD",
        video_size: size,
        chunk_size: chunkSize,
        total_chunk_count: totalChunkCount,
      },
    },
    initSchema,
  );
  await save({
    publishId: init.publish_id,
    uploadUrl: init.upload_url,
    chunkSize,
    totalChunkCount,
    privacyLevel,
    restrictedToPrivate,
    status: "PROCESSING_UPLOAD",
  });
}

/** PUTs the chunks in order from the one holding byte `from`; asks TikTok where it is after a failure. */
async function uploadChunks(
  options: TikTokPublishOptions,
  state: TikTokPublishState,
  size: number,
  from: number,
  retry: RetryPolicy,
  fetchStatus: (publishId: string) => Promise<z.output<typeof statusSchema>>,
) {
  const chunkSize = state.chunkSize!;
  const count = state.totalChunkCount!;
  let index = Math.min(Math.floor(from / chunkSize), count - 1);
  let failures = 0;
  while (index < count) {
    const start = index * chunkSize;
    const end = index === count - 1 ? size : start + chunkSize;
    try {
      options.signal?.throwIfAborted();
      const response = await send("tiktok chunk", state.uploadUrl!, {
        method: "PUT",
        headers: {
          "content-type": "video/mp4",
          "content-range": `bytes ${start}-${end - 1}/${size}`,
        },
        body: await readRange(options.file, start, end),
        signal: options.signal,
      });
      const body = await readJson(response);
      if (response.status !== 201 && response.status !== 206)
        throw (
          tiktokError("upload chunk", response, body) ??
          new PlatformApiError("tiktok", response.status, "upload chunk failed")
        );
      failures = 0;
      index++;
      await options.onProgress?.(end, size);
    } catch (error) {
      const delay = retryDelay(retry, ++failures, error);
      if (delay === null) throw error;
      await pause(retry, delay);
      const status = await fetchStatus(state.publishId!);
      if (status.uploaded_bytes !== undefined)
        index = Math.min(Math.floor(status.uploaded_bytes / chunkSize), count);
    }
  }
}

async function pollUntilPublished(
  options: TikTokPublishOptions,
  publishId: string,
  fetchStatus: (publishId: string) => Promise<z.output<typeof statusSchema>>,
) {
  return poll<z.output<typeof statusSchema>>(
    "tiktok",
    `post ${publishId}`,
    { ...options, defaultTimeoutMs: 10 * 60 * 1000 },
    async () => {
      const status = await fetchStatus(publishId);
      if (status.status === "PUBLISH_COMPLETE") return { result: status };
      if (status.status === "FAILED") throw failed(status.fail_reason);
      return { state: status.status };
    },
  );
}
