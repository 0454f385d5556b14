import { createHash, randomBytes } from "node:crypto";
import {
  DROP,
  FakeHttpServer,
  bearer,
  formBody,
  json,
  type FakeReply,
  type RecordedRequest,
} from "./http";

/** What the next upload PUT (a chunk, not a status query) runs into. */
export type YouTubeUploadFault =
  | "none"
  /** The server forgets everything it had and answers 308 with no Range header. */
  | "lose-bytes"
  /** The session is gone: 404. */
  | "expire"
  /** 503 without keeping the chunk. */
  | "server-error"
  /** Keeps the chunk, then destroys the socket before answering. */
  | "drop-after-store";

type Session = {
  id: string;
  total: number;
  bytes: Buffer[];
  received: number;
  resource: Record<string, unknown>;
  expired: boolean;
  videoId: string | null;
};

export type FakeYouTubeVideo = {
  id: string;
  publishedAt: string;
  snippet: Record<string, unknown>;
  status: Record<string, unknown>;
  bytes: Buffer;
  thumbnail: { contentType: string; bytes: Buffer } | null;
  captions: Array<{ id: string; language: string; text: string }>;
  statistics: Record<string, string>;
  analytics: {
    views: number;
    estimatedMinutesWatched: number;
    averageViewDuration: number;
    shares: number;
  } | null;
};

const googleError = (
  status: number,
  reason: string,
  message: string,
  headers: Record<string, string> = {},
) =>
  json(
    status,
    {
      error: {
        code: status,
        message,
        errors: [{ message, domain: "youtube", reason }],
      },
    },
    headers,
  );

/**
 * Google OAuth, YouTube Data API v3 (resumable upload, thumbnails.set, captions.insert,
 * videos.list statistics) and YouTube Analytics v2 reports, on one loopback server.
 */
export class FakeYouTube {
  readonly http = new FakeHttpServer((request, url) =>
    this.handle(request, url),
  );
  readonly accessTokens = new Set<string>(["test-access-token"]);
  readonly refreshTokens = new Set<string>(["test-refresh-token"]);
  readonly sessions = new Map<string, Session>();
  readonly videos = new Map<string, FakeYouTubeVideo>();
  uploadFaults: YouTubeUploadFault[] = [];
  /** How long each upload PUT takes to answer (a slow link), in ms. */
  uploadDelayMs = 0;
  /** Answers for the next API (non-upload) calls, in order, before normal service. */
  apiFaults: FakeReply[] = [];
  /** The channel of the signed-in Google account; null for an account without one. */
  channel: { id: string; title: string } | null = {
    id: "UCfakechannel0000000001",
    title: "Reelwright Channel",
  };
  /** Every call answers 403 quotaExceeded while set. */
  quotaExceeded = false;
  private codes = new Map<string, string>();
  private counter = 0;

  get url() {
    return this.http.url;
  }
  get requests() {
    return this.http.requests;
  }
  get abandoned() {
    return this.http.abandoned;
  }
  async start() {
    await this.http.start();
    return this;
  }
  stop() {
    return this.http.stop();
  }

  /** What the consent screen would hand back for a PKCE challenge. */
  grantCode(codeChallenge: string) {
    const code = `code-${++this.counter}`;
    this.codes.set(code, codeChallenge);
    return code;
  }

  private issueAccessToken() {
    const token = `ya29.${randomBytes(8).toString("hex")}`;
    this.accessTokens.add(token);
    return token;
  }

  private token(request: RecordedRequest): FakeReply {
    const form = formBody(request);
    const invalidGrant = json(400, {
      error: "invalid_grant",
      error_description: "Token has been expired or revoked.",
    });
    if (form.get("grant_type") === "refresh_token") {
      if (!this.refreshTokens.has(form.get("refresh_token") ?? ""))
        return invalidGrant;
      return json(200, {
        access_token: this.issueAccessToken(),
        expires_in: 3599,
        scope: "https://www.googleapis.com/auth/youtube.upload",
        token_type: "Bearer",
      });
    }
    const challenge = this.codes.get(form.get("code") ?? "");
    const verifier = form.get("code_verifier") ?? "";
    if (
      !challenge ||
      createHash("sha256").update(verifier).digest("base64url") !== challenge
    )
      return invalidGrant;
    this.codes.delete(form.get("code")!);
    const refreshToken = `1//${randomBytes(8).toString("hex")}`;
    this.refreshTokens.add(refreshToken);
    return json(200, {
      access_token: this.issueAccessToken(),
      expires_in: 3599,
      refresh_token: refreshToken,
      scope: "https://www.googleapis.com/auth/youtube.upload",
      token_type: "Bearer",
    });
  }

  private async handle(
    request: RecordedRequest,
    url: URL,
  ): Promise<FakeReply | typeof DROP> {
    if (url.pathname === "/token" && request.method === "POST")
      return this.token(request);
    if (!this.accessTokens.has(bearer(request) ?? ""))
      return googleError(401, "authError", "Invalid Credentials");
    if (this.quotaExceeded)
      return googleError(
        403,
        "quotaExceeded",
        "The request cannot be completed because you have exceeded your quota.",
      );
    const isUploadPut =
      url.pathname === "/upload/youtube/v3/videos" && request.method === "PUT";
    if (!isUploadPut) {
      const fault = this.apiFaults.shift();
      if (fault) return fault;
    }
    if (url.pathname === "/upload/youtube/v3/videos") {
      if (request.method === "POST") return this.startSession(request, url);
      if (request.method === "PUT") {
        if (this.uploadDelayMs)
          await new Promise((resolve) =>
            setTimeout(resolve, this.uploadDelayMs),
          );
        return this.uploadPut(request, url);
      }
    }
    if (url.pathname === "/upload/youtube/v3/thumbnails/set")
      return this.setThumbnail(request, url);
    if (url.pathname === "/upload/youtube/v3/captions")
      return this.insertCaption(request);
    if (url.pathname === "/youtube/v3/videos" && request.method === "GET")
      return this.listVideos(url);
    if (url.pathname === "/youtube/v3/channels" && request.method === "GET")
      return this.listChannels(url);
    if (url.pathname === "/v2/reports") return this.report(url);
    return googleError(404, "notFound", `no route ${request.method} ${url}`);
  }

  private startSession(request: RecordedRequest, url: URL): FakeReply {
    if (url.searchParams.get("uploadType") !== "resumable")
      return googleError(400, "badRequest", "uploadType must be resumable");
    const total = Number(request.headers["x-upload-content-length"]);
    if (!Number.isInteger(total) || total <= 0)
      return googleError(400, "badRequest", "X-Upload-Content-Length missing");
    const resource = JSON.parse(request.body.toString("utf8"));
    if (!resource.snippet?.title)
      return googleError(400, "invalidTitle", "snippet.title is required");
    const id = `upload-${++this.counter}`;
    this.sessions.set(id, {
      id,
      total,
      bytes: [],
      received: 0,
      resource,
      expired: false,
      videoId: null,
    });
    return json(200, undefined, {
      location: `${this.url}/upload/youtube/v3/videos?uploadType=resumable&upload_id=${id}`,
    });
  }

  private rangeReply(session: Session): FakeReply {
    return {
      status: 308,
      headers: session.received
        ? { range: `bytes=0-${session.received - 1}` }
        : {},
    };
  }

  private uploadPut(
    request: RecordedRequest,
    url: URL,
  ): FakeReply | typeof DROP {
    const session = this.sessions.get(url.searchParams.get("upload_id") ?? "");
    if (!session || session.expired)
      return googleError(404, "notFound", "upload session not found");
    const contentRange = String(request.headers["content-range"] ?? "");
    if (contentRange === `bytes */${session.total}`) {
      if (session.videoId)
        return json(200, this.videoResource(this.videos.get(session.videoId)!));
      return this.rangeReply(session);
    }
    const match = contentRange.match(/^bytes (\d+)-(\d+)\/(\d+)$/);
    if (!match)
      return googleError(400, "badContentRange", `bad ${contentRange}`);
    const [start, end, total] = match.slice(1).map(Number);
    if (total !== session.total || end - start + 1 !== request.body.length)
      return googleError(400, "badContentRange", `bad ${contentRange}`);
    if (start !== session.received)
      return googleError(
        400,
        "badContentRange",
        `expected offset ${session.received}, got ${start}`,
      );
    const isLast = end + 1 === session.total;
    if (!isLast && request.body.length % (256 * 1024) !== 0)
      return googleError(
        400,
        "badChunkSize",
        "chunks must be multiples of 256 KiB",
      );
    const fault = this.uploadFaults.shift();
    if (fault === "lose-bytes") {
      session.bytes = [];
      session.received = 0;
      return { status: 308 };
    }
    if (fault === "expire") {
      session.expired = true;
      return googleError(404, "notFound", "upload session expired");
    }
    if (fault === "server-error")
      return googleError(503, "backendError", "Backend Error");
    session.bytes.push(request.body);
    session.received += request.body.length;
    if (session.received === session.total) this.finish(session);
    if (fault === "drop-after-store") return DROP;
    if (session.videoId)
      return json(200, this.videoResource(this.videos.get(session.videoId)!));
    return this.rangeReply(session);
  }

  private finish(session: Session) {
    const id = `vid${String(++this.counter).padStart(8, "0")}`;
    session.videoId = id;
    this.videos.set(id, {
      id,
      publishedAt: new Date().toISOString(),
      snippet: session.resource.snippet as Record<string, unknown>,
      status: {
        uploadStatus: "uploaded",
        ...(session.resource.status as Record<string, unknown>),
      },
      bytes: Buffer.concat(session.bytes),
      thumbnail: null,
      captions: [],
      statistics: {
        viewCount: "0",
        likeCount: "0",
        favoriteCount: "0",
        commentCount: "0",
      },
      analytics: null,
    });
  }

  private videoResource(video: FakeYouTubeVideo) {
    return {
      kind: "youtube#video",
      etag: "fake",
      id: video.id,
      snippet: video.snippet,
      status: video.status,
    };
  }

  private setThumbnail(request: RecordedRequest, url: URL): FakeReply {
    const video = this.videos.get(url.searchParams.get("videoId") ?? "");
    if (!video) return googleError(404, "videoNotFound", "video not found");
    const contentType = String(request.headers["content-type"]);
    if (!/^image\/(jpeg|png)$/.test(contentType))
      return googleError(400, "invalidImage", "not an image");
    video.thumbnail = { contentType, bytes: request.body };
    return json(200, {
      kind: "youtube#thumbnailSetResponse",
      items: [{ default: { url: `${this.url}/vi/${video.id}/default.jpg` } }],
    });
  }

  private insertCaption(request: RecordedRequest): FakeReply {
    const boundary = String(request.headers["content-type"]).match(
      /^multipart\/related; boundary=(.+)$/,
    )?.[1];
    if (!boundary)
      return googleError(400, "badRequest", "multipart/related expected");
    const parts = request.body
      .toString("utf8")
      .split(`--${boundary}`)
      .slice(1, -1)
      .map((part) => part.slice(part.indexOf("\r\n\r\n") + 4, -2));
    if (parts.length !== 2)
      return googleError(400, "badRequest", "two parts expected");
    const { snippet } = JSON.parse(parts[0]);
    const video = this.videos.get(snippet?.videoId);
    if (!video) return googleError(404, "videoNotFound", "video not found");
    const caption = {
      id: `caption-${++this.counter}`,
      language: snippet.language,
      text: parts[1],
    };
    video.captions.push(caption);
    return json(200, {
      kind: "youtube#caption",
      id: caption.id,
      snippet: { videoId: video.id, language: caption.language },
    });
  }

  /** A published video with the given numbers, for the stats endpoints. */
  seedVideo(
    statistics: Record<string, string>,
    analytics: FakeYouTubeVideo["analytics"],
  ) {
    const id = `seeded${++this.counter}`;
    this.videos.set(id, {
      id,
      publishedAt: "2026-11-01T10:00:00Z",
      snippet: { title: "Seeded" },
      status: { privacyStatus: "public" },
      bytes: Buffer.alloc(0),
      thumbnail: null,
      captions: [],
      statistics,
      analytics,
    });
    return id;
  }

  private listVideos(url: URL): FakeReply {
    const ids = (url.searchParams.get("id") ?? "").split(",");
    const parts = (url.searchParams.get("part") ?? "").split(",");
    return json(200, {
      kind: "youtube#videoListResponse",
      items: ids
        .map((id) => this.videos.get(id))
        .filter((v) => v !== undefined)
        .map((v) => ({
          kind: "youtube#video",
          id: v.id,
          ...(parts.includes("snippet")
            ? { snippet: { ...v.snippet, publishedAt: v.publishedAt } }
            : {}),
          ...(parts.includes("statistics") ? { statistics: v.statistics } : {}),
        })),
      pageInfo: { totalResults: ids.length, resultsPerPage: ids.length },
    });
  }

  /** channels.list: only `mine=true` is served, the way an upload-only app uses it. */
  private listChannels(url: URL): FakeReply {
    if (url.searchParams.get("mine") !== "true")
      return googleError(400, "badRequest", "only mine=true is faked");
    const parts = (url.searchParams.get("part") ?? "").split(",");
    const items = this.channel
      ? [
          {
            kind: "youtube#channel",
            etag: "fake",
            id: this.channel.id,
            ...(parts.includes("snippet")
              ? {
                  snippet: {
                    title: this.channel.title,
                    description: "",
                    customUrl: "@reelwright",
                    publishedAt: "2020-01-01T00:00:00Z",
                  },
                }
              : {}),
          },
        ]
      : [];
    // Google leaves `items` out when there are none.
    return json(200, {
      kind: "youtube#channelListResponse",
      etag: "fake",
      pageInfo: { totalResults: items.length, resultsPerPage: 5 },
      ...(items.length ? { items } : {}),
    });
  }

  private report(url: URL): FakeReply {
    const metrics = (url.searchParams.get("metrics") ?? "").split(",");
    const videoId = url.searchParams.get("filters")?.replace(/^video==/, "");
    if (!url.searchParams.get("startDate") || !url.searchParams.get("endDate"))
      return googleError(400, "required", "startDate and endDate are required");
    const analytics = this.videos.get(videoId ?? "")?.analytics;
    return json(200, {
      kind: "youtubeAnalytics#resultTable",
      columnHeaders: [
        { name: "video", columnType: "DIMENSION", dataType: "STRING" },
        ...metrics.map((name) => ({
          name,
          columnType: "METRIC",
          dataType: "INTEGER",
        })),
      ],
      ...(analytics
        ? {
            rows: [
              [
                videoId,
                ...metrics.map(
                  (m) => analytics[m as keyof typeof analytics] ?? 0,
                ),
              ],
            ],
          }
        : {}),
    });
  }
}
