import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import type { PresetId } from "../../compositions/presets";
import { log } from "../../log";
import { PLATFORMS } from "../limits";
import type { Endpoints } from "../endpoints";
import { readRange } from "../file-range";
import {
  PlatformApiError,
  PublishRefusedError,
  QuotaExceededError,
  parseResponse,
  readJson,
  retryAfterMs,
  send,
  withRetry,
  answerError,
  retryDelay,
  pause,
  type RetryPolicy,
} from "../http";
import { beginUpload, type UploadOptions } from "../upload-state";
import { assertUploadable } from "../validate";

/** Google wants every chunk but the last to be a multiple of this. */
export const YOUTUBE_CHUNK_GRANULARITY = 256 * 1024;

const googleErrorSchema = z.object({
  error: z.object({
    code: z.number().optional(),
    message: z.string(),
    errors: z
      .array(z.object({ reason: z.string().optional() }).loose())
      .optional(),
  }),
});

/** Turns a Google error answer into a typed error: quota spent, rate limited, or plain. */
export function youtubeError(
  what: string,
  response: Response,
  body: unknown,
): PlatformApiError {
  const parsed = googleErrorSchema.safeParse(body);
  const message = parsed.success
    ? parsed.data.error.message
    : JSON.stringify(body);
  const reasons = parsed.success
    ? (parsed.data.error.errors ?? []).map((e) => e.reason)
    : [];
  const status = response.status;
  const retryAfter = retryAfterMs(response);
  if (status === 403 && reasons.includes("quotaExceeded")) {
    return new QuotaExceededError("youtube", status, `${what}: ${message}`, {
      code: "quotaExceeded",
      retryAfterMs: retryAfter,
      body,
    });
  }
  const rateLimited =
    status === 429 ||
    (status === 403 &&
      reasons.some(
        (r) => r === "rateLimitExceeded" || r === "userRateLimitExceeded",
      ));
  return answerError("youtube", response, `${what}: ${message}`, {
    code: reasons[0],
    throttled: rateLimited,
    body,
  });
}

/** One authorized YouTube API call whose answer is JSON, parsed with `schema`. */
export async function youtubeJson<S extends z.ZodType>(
  what: string,
  url: string,
  init: RequestInit & { accessToken: string },
  schema: S,
): Promise<z.output<S>> {
  const { accessToken, ...rest } = init;
  const response = await send(`youtube ${what}`, url, {
    ...rest,
    headers: { ...rest.headers, authorization: `Bearer ${accessToken}` },
  });
  const body = await readJson(response);
  if (!response.ok) throw youtubeError(what, response, body);
  return parseResponse("youtube", what, schema, body);
}

export type YouTubeVideoDetails = {
  title: string;
  description: string;
  tags: string[];
  /** "27" is Education; see videoCategories.list for the region's ids. */
  categoryId?: string;
  /** Unverified API projects can only upload private videos. */
  privacyStatus: "private" | "unlisted" | "public";
  madeForKids?: boolean;
  /** Narration and visuals are generated, so this defaults to true. */
  containsSyntheticMedia?: boolean;
  defaultLanguage?: string;
};

export const youtubePublishStateSchema = z.object({
  sessionUri: z.string().nullable(),
  videoId: z.string().nullable(),
  thumbnailSet: z.boolean(),
  captionId: z.string().nullable(),
});
export type YouTubePublishState = z.infer<typeof youtubePublishStateSchema>;

export type YouTubePublishOptions = UploadOptions<
  "youtube",
  YouTubePublishState
> & {
  preset: Extract<PresetId, "youtube_long" | "youtube_short">;
  details: YouTubeVideoDetails;
  thumbnailFile?: string;
  /** SubRip captions for a caption track. */
  srtFile?: string;
  captionLanguage?: string;
  /** Bytes per PUT, a multiple of 256 KiB. */
  chunkBytes?: number;
};

export type YouTubePublishResult = {
  videoId: string;
  url: string;
  captionId: string | null;
  thumbnailSet: boolean;
};

const videoSchema = z.object({ id: z.string() }).loose();
const captionSchema = z.object({ id: z.string() }).loose();

type UploadStatus =
  | { kind: "offset"; offset: number }
  | { kind: "done"; videoId: string }
  | { kind: "expired" };

/** Resumable upload, then thumbnail and captions; safe to re-run with the saved state. */
export async function publishToYouTube(
  options: YouTubePublishOptions,
): Promise<YouTubePublishResult> {
  const chunkBytes = options.chunkBytes ?? 32 * YOUTUBE_CHUNK_GRANULARITY;
  if (chunkBytes <= 0 || chunkBytes % YOUTUBE_CHUNK_GRANULARITY !== 0)
    throw new Error(
      `chunkBytes must be a multiple of 256 KiB, not ${chunkBytes}`,
    );
  const { endpoints, retry, state, save } = beginUpload(
    "youtube",
    youtubePublishStateSchema,
    options,
    () => ({
      sessionUri: null,
      videoId: null,
      thumbnailSet: false,
      captionId: null,
    }),
  );

  if (!state.videoId) {
    await assertUploadable(options.file, options.preset, options.probe);
    const videoId = await uploadVideo(options, endpoints, retry, chunkBytes, {
      get: () => state,
      save,
    });
    await save({ videoId, sessionUri: null });
    log.info({ videoId }, "YouTube upload complete");
  }
  const videoId = state.videoId!;

  if (options.thumbnailFile && !state.thumbnailSet) {
    await setThumbnail(options, endpoints, retry, videoId);
    await save({ thumbnailSet: true });
  }
  if (options.srtFile && !state.captionId) {
    const captionId = await insertCaptions(options, endpoints, videoId);
    await save({ captionId });
  }
  return {
    videoId,
    url:
      options.preset === "youtube_short"
        ? `https://www.youtube.com/shorts/${videoId}`
        : `https://www.youtube.com/watch?v=${videoId}`,
    captionId: state.captionId,
    thumbnailSet: state.thumbnailSet,
  };
}

async function uploadVideo(
  options: YouTubePublishOptions,
  endpoints: Endpoints["youtube"],
  retry: RetryPolicy,
  chunkBytes: number,
  state: {
    get: () => YouTubePublishState;
    save: (patch: Partial<YouTubePublishState>) => Promise<void>;
  },
): Promise<string> {
  const { size: total } = await stat(options.file);
  for (;;) {
    let sessionUri = state.get().sessionUri;
    let status: UploadStatus;
    if (sessionUri) {
      status = await withRetry("youtube upload status", retry, async () =>
        uploadStatus(options, sessionUri!, total),
      );
    } else {
      sessionUri = await startSession(options, endpoints, retry, total);
      await state.save({ sessionUri });
      status = { kind: "offset", offset: 0 };
    }
    let failures = 0;
    while (status.kind === "offset") {
      const offset = status.offset;
      const end = Math.min(offset + chunkBytes, total);
      const body = await readRange(options.file, offset, end);
      try {
        status = await putChunk(options, sessionUri, body, offset, total);
        failures = 0;
        if (status.kind === "offset")
          await options.onProgress?.(status.offset, total);
      } catch (error) {
        const delay = retryDelay(retry, ++failures, error);
        if (delay === null) throw error;
        log.warn(
          { failures, delayMs: Math.round(delay), error: String(error) },
          "YouTube chunk failed; asking the server what it has",
        );
        await pause(retry, delay);
        status = await withRetry("youtube upload status", retry, async () =>
          uploadStatus(options, sessionUri!, total),
        );
      }
    }
    if (status.kind === "done") return status.videoId;
    log.warn("YouTube upload session expired; starting a new one");
    await state.save({ sessionUri: null });
  }
}

async function startSession(
  options: YouTubePublishOptions,
  endpoints: Endpoints["youtube"],
  retry: RetryPolicy,
  total: number,
): Promise<string> {
  const { details } = options;
  const url = `${endpoints.apiBaseUrl}/upload/youtube/v3/videos?uploadType=resumable&part=snippet,status`;
  const resource = {
    snippet: {
      title: details.title,
      description: details.description,
      tags: details.tags,
      categoryId: details.categoryId ?? "27",
      ...(details.defaultLanguage
        ? { defaultLanguage: details.defaultLanguage }
        : {}),
    },
    status: {
      privacyStatus: details.privacyStatus,
      selfDeclaredMadeForKids: details.madeForKids ?? false,
      containsSyntheticMedia: details.containsSyntheticMedia ?? true,
    },
  };
  return withRetry("youtube upload session", retry, async () => {
    const response = await send("youtube upload session", url, {
      method: "POST",
      headers: {
        authorization: `Bearer ${await options.accessToken()}`,
        "content-type": "application/json; charset=UTF-8",
        "x-upload-content-length": String(total),
        "x-upload-content-type": "video/mp4",
      },
      body: JSON.stringify(resource),
      signal: options.signal,
    });
    const body = await readJson(response);
    if (!response.ok) throw youtubeError("upload session", response, body);
    const location = response.headers.get("location");
    if (!location)
      throw new PlatformApiError(
        "youtube",
        response.status,
        "upload session: no Location header",
      );
    return location;
  });
}

/** Interprets an answer to a chunk or a status query. */
async function uploadAnswer(
  what: string,
  response: Response,
): Promise<UploadStatus> {
  const body = await readJson(response);
  if (response.status === 308) {
    // No Range header: the server holds nothing yet.
    const range = response.headers.get("range");
    const match = range?.match(/^bytes=0-(\d+)$/);
    if (range && !match)
      throw new PlatformApiError("youtube", 308, `${what}: bad Range ${range}`);
    return { kind: "offset", offset: match ? Number(match[1]) + 1 : 0 };
  }
  if (response.status === 200 || response.status === 201) {
    const video = parseResponse("youtube", what, videoSchema, body);
    return { kind: "done", videoId: video.id };
  }
  if (response.status === 404 || response.status === 410)
    return { kind: "expired" };
  throw youtubeError(what, response, body);
}

async function putChunk(
  options: YouTubePublishOptions,
  sessionUri: string,
  body: Buffer,
  offset: number,
  total: number,
): Promise<UploadStatus> {
  const response = await send("youtube upload chunk", sessionUri, {
    method: "PUT",
    headers: {
      authorization: `Bearer ${await options.accessToken()}`,
      "content-type": "video/mp4",
      "content-range": `bytes ${offset}-${offset + body.length - 1}/${total}`,
    },
    body,
    signal: options.signal,
  });
  return uploadAnswer("upload chunk", response);
}

async function uploadStatus(
  options: YouTubePublishOptions,
  sessionUri: string,
  total: number,
): Promise<UploadStatus> {
  const response = await send("youtube upload status", sessionUri, {
    method: "PUT",
    headers: {
      authorization: `Bearer ${await options.accessToken()}`,
      "content-range": `bytes */${total}`,
    },
    body: "",
    signal: options.signal,
  });
  return uploadAnswer("upload status", response);
}

const imageType = (file: string) => {
  const ext = path.extname(file).toLowerCase();
  if (ext === ".png") return "image/png";
  if (ext === ".jpg" || ext === ".jpeg") return "image/jpeg";
  throw new PublishRefusedError("youtube", [
    `thumbnail ${path.basename(file)} is neither JPEG nor PNG`,
  ]);
};

async function setThumbnail(
  options: YouTubePublishOptions,
  endpoints: Endpoints["youtube"],
  retry: RetryPolicy,
  videoId: string,
) {
  const file = options.thumbnailFile!;
  const contentType = imageType(file);
  const image = await readFile(file);
  const { maxBytes } = PLATFORMS.youtube.thumbnail;
  if (image.length > maxBytes)
    throw new PublishRefusedError("youtube", [
      `thumbnail is ${image.length} bytes, over ${maxBytes}`,
    ]);
  const url = `${endpoints.apiBaseUrl}/upload/youtube/v3/thumbnails/set?videoId=${encodeURIComponent(videoId)}&uploadType=media`;
  await withRetry("youtube thumbnail", retry, async () =>
    youtubeJson(
      "thumbnails.set",
      url,
      {
        method: "POST",
        accessToken: await options.accessToken(),
        headers: { "content-type": contentType },
        body: image,
        signal: options.signal,
      },
      z.object({ items: z.array(z.unknown()) }).loose(),
    ),
  );
}

/** captions.insert is not idempotent, so it is not retried: a retry could add a second track. */
async function insertCaptions(
  options: YouTubePublishOptions,
  endpoints: Endpoints["youtube"],
  videoId: string,
): Promise<string> {
  const srt = await readFile(options.srtFile!);
  const boundary = `reelwright-${videoId}-${Date.now()}`;
  const metadata = JSON.stringify({
    snippet: {
      videoId,
      language: options.captionLanguage ?? "en",
      name: "",
      isDraft: false,
    },
  });
  const body = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\ncontent-type: application/json; charset=UTF-8\r\n\r\n${metadata}\r\n` +
        `--${boundary}\r\ncontent-type: application/octet-stream\r\n\r\n`,
    ),
    srt,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const caption = await youtubeJson(
    "captions.insert",
    `${endpoints.apiBaseUrl}/upload/youtube/v3/captions?part=snippet&uploadType=multipart`,
    {
      method: "POST",
      accessToken: await options.accessToken(),
      headers: { "content-type": `multipart/related; boundary=${boundary}` },
      body,
      signal: options.signal,
    },
    captionSchema,
  );
  return caption.id;
}
