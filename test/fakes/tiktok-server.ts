import { createHash, randomBytes } from "node:crypto";
import {
  DROP,
  FakeHttpServer,
  bearer,
  formBody,
  json,
  jsonBody,
  type FakeReply,
  type RecordedRequest,
} from "./http";

const MB = 1024 ** 2;

type Post = {
  publishId: string;
  postInfo: Record<string, unknown>;
  videoSize: number;
  chunkSize: number;
  totalChunkCount: number;
  uploadToken: string;
  bytes: Buffer[];
  received: number;
  chunksReceived: number;
  statusPolls: number;
  status: string;
  postId: string | null;
};

export type TikTokUploadFault = "none" | "server-error" | "drop-after-store";

const ok = { code: "ok", message: "", log_id: "fake-log" };
const tiktokError = (status: number, code: string, message: string) =>
  json(status, { data: {}, error: { code, message, log_id: "fake-log" } });

/**
 * TikTok's OAuth (rotating refresh tokens), Content Posting API (creator_info, video/init with
 * the chunk rules, ordered chunk PUTs, status/fetch) and Display API video/query.
 */
export class FakeTikTok {
  readonly http = new FakeHttpServer((request, url) =>
    this.handle(request, url),
  );
  readonly accessTokens = new Set<string>(["test-access-token"]);
  readonly refreshTokens = new Set<string>(["test-refresh-token"]);
  readonly posts = new Map<string, Post>();
  /** The account that grants the codes. */
  user = { open_id: "open-id-1", display_name: "Reelwright on TikTok" };
  /** Only SELF_ONLY posts are accepted while false, like an app TikTok has not audited. */
  audited = false;
  creator = {
    creator_avatar_url: "https://example.invalid/avatar.jpg",
    creator_username: "reelwright",
    creator_nickname: "Reelwright",
    privacy_level_options: [
      "PUBLIC_TO_EVERYONE",
      "MUTUAL_FOLLOW_FRIENDS",
      "SELF_ONLY",
    ],
    comment_disabled: false,
    duet_disabled: false,
    stitch_disabled: true,
    max_video_post_duration_sec: 600,
  };
  /** Status polls answered with PROCESSING before the post completes. */
  processingPolls = 1;
  /** The next post's processing ends in FAILED with this reason. */
  failProcessingWith: string | null = null;
  uploadFaults: TikTokUploadFault[] = [];
  /** Answers for the next API calls, before normal service. */
  apiFaults: FakeReply[] = [];
  /** Stats the Display API reports per post id. */
  readonly stats = new Map<string, Record<string, number>>();
  private codes = new Map<string, string>();
  private counter = 0;

  get url() {
    return this.http.url;
  }
  get requests() {
    return this.http.requests;
  }
  async start() {
    await this.http.start();
    return this;
  }
  stop() {
    return this.http.stop();
  }

  /** The next consents are declined, as when the user presses "Cancel" on TikTok's page. */
  declineConsent = false;

  grantCode(codeChallenge: string) {
    const code = `code-${++this.counter}`;
    this.codes.set(code, codeChallenge);
    return code;
  }

  private issueTokens(openId = this.user.open_id) {
    const accessToken = `act.${randomBytes(8).toString("hex")}`;
    const refreshToken = `rft.${randomBytes(8).toString("hex")}`;
    this.accessTokens.add(accessToken);
    this.refreshTokens.add(refreshToken);
    return json(200, {
      access_token: accessToken,
      expires_in: 86400,
      open_id: openId,
      refresh_expires_in: 31536000,
      refresh_token: refreshToken,
      scope: "user.info.basic,video.publish,video.upload,video.list",
      token_type: "Bearer",
    });
  }

  /**
   * The consent page, already agreed to (or declined): a code bound to the PKCE challenge, sent
   * back to the redirect URI with the state, so a browser can drive the whole connection.
   */
  private authorize(url: URL): FakeReply {
    const q = url.searchParams;
    const redirect = new URL(q.get("redirect_uri") ?? "");
    if (q.get("state")) redirect.searchParams.set("state", q.get("state")!);
    if (this.declineConsent) {
      redirect.searchParams.set("error", "access_denied");
      redirect.searchParams.set(
        "error_description",
        "The user denied the request",
      );
    } else
      redirect.searchParams.set(
        "code",
        this.grantCode(q.get("code_challenge") ?? ""),
      );
    return { status: 302, headers: { location: redirect.toString() } };
  }

  private token(request: RecordedRequest): FakeReply {
    const form = formBody(request);
    const invalidGrant = json(400, {
      error: "invalid_grant",
      error_description: "Refresh token is invalid or expired.",
      log_id: "fake-log",
    });
    if (form.get("grant_type") === "refresh_token") {
      const used = form.get("refresh_token") ?? "";
      // Rotation: a refresh token works once.
      if (!this.refreshTokens.delete(used)) return invalidGrant;
      return this.issueTokens();
    }
    const code = form.get("code") ?? "";
    const challenge = this.codes.get(code);
    const verifier = form.get("code_verifier") ?? "";
    if (
      !challenge ||
      createHash("sha256").update(verifier).digest("hex") !== challenge
    )
      return invalidGrant;
    this.codes.delete(code);
    return this.issueTokens();
  }

  private async handle(
    request: RecordedRequest,
    url: URL,
  ): Promise<FakeReply | typeof DROP> {
    if (url.pathname === "/v2/oauth/token/") return this.token(request);
    if (url.pathname === "/v2/auth/authorize/") return this.authorize(url);
    if (url.pathname === "/video/" && request.method === "PUT")
      return this.uploadChunk(request, url);
    if (!this.accessTokens.has(bearer(request) ?? ""))
      return tiktokError(
        401,
        "access_token_invalid",
        "The access token is invalid or not found in the request.",
      );
    const fault = this.apiFaults.shift();
    if (fault) return fault;
    switch (url.pathname) {
      case "/v2/post/publish/creator_info/query/":
        return json(200, { data: this.creator, error: ok });
      case "/v2/post/publish/video/init/":
        return this.init(request);
      case "/v2/post/publish/status/fetch/":
        return this.status(request);
      case "/v2/video/query/":
        return this.query(request, url);
      case "/v2/user/info/":
        return this.userInfo(request, url);
    }
    return tiktokError(404, "not_found", `no route ${url.pathname}`);
  }

  private init(request: RecordedRequest): FakeReply {
    const body = jsonBody(request) as {
      post_info?: Record<string, unknown>;
      source_info?: Record<string, unknown>;
    };
    const source = body.source_info ?? {};
    const privacy = body.post_info?.privacy_level;
    if (!this.creator.privacy_level_options.includes(String(privacy)))
      return tiktokError(
        400,
        "privacy_level_option_mismatch",
        "privacy_level is not one of the creator's options",
      );
    if (!this.audited && privacy !== "SELF_ONLY")
      return tiktokError(
        403,
        "unaudited_client_can_only_post_to_private_accounts",
        "Unaudited clients can only post SELF_ONLY",
      );
    if (source.source !== "FILE_UPLOAD")
      return tiktokError(400, "invalid_params", "source must be FILE_UPLOAD");
    const size = Number(source.video_size);
    const chunk = Number(source.chunk_size);
    const count = Number(source.total_chunk_count);
    const chunkProblem =
      size < 5 * MB
        ? chunk !== size || count !== 1
          ? "a video under 5 MB goes in one chunk of its own size"
          : null
        : chunk < 5 * MB || chunk > 64 * MB
          ? "chunk_size must be between 5 MB and 64 MB"
          : count !== Math.floor(size / chunk)
            ? "total_chunk_count must be floor(video_size / chunk_size)"
            : size - (count - 1) * chunk > 128 * MB
              ? "the last chunk may not exceed 128 MB"
              : null;
    if (chunkProblem) return tiktokError(400, "invalid_params", chunkProblem);
    const publishId = `v_pub_file~v2-1.${++this.counter}`;
    const uploadToken = randomBytes(8).toString("hex");
    this.posts.set(publishId, {
      publishId,
      postInfo: body.post_info ?? {},
      videoSize: size,
      chunkSize: chunk,
      totalChunkCount: count,
      uploadToken,
      bytes: [],
      received: 0,
      chunksReceived: 0,
      statusPolls: 0,
      status: "PROCESSING_UPLOAD",
      postId: null,
    });
    return json(200, {
      data: {
        publish_id: publishId,
        upload_url: `${this.url}/video/?upload_id=${encodeURIComponent(publishId)}&upload_token=${uploadToken}`,
      },
      error: ok,
    });
  }

  private uploadChunk(
    request: RecordedRequest,
    url: URL,
  ): FakeReply | typeof DROP {
    const post = this.posts.get(url.searchParams.get("upload_id") ?? "");
    if (!post || post.uploadToken !== url.searchParams.get("upload_token"))
      return tiktokError(404, "invalid_params", "unknown upload");
    const match = String(request.headers["content-range"] ?? "").match(
      /^bytes (\d+)-(\d+)\/(\d+)$/,
    );
    if (!match)
      return tiktokError(400, "invalid_params", "Content-Range is required");
    const [first, last, total] = match.slice(1).map(Number);
    const index = post.chunksReceived;
    const expectedFirst = index * post.chunkSize;
    const expectedLast =
      index === post.totalChunkCount - 1
        ? post.videoSize - 1
        : expectedFirst + post.chunkSize - 1;
    if (
      total !== post.videoSize ||
      first !== expectedFirst ||
      last !== expectedLast ||
      request.body.length !== last - first + 1
    )
      return tiktokError(
        400,
        "invalid_params",
        `expected bytes ${expectedFirst}-${expectedLast}/${post.videoSize}, got ${first}-${last}/${total} with ${request.body.length} bytes`,
      );
    const fault = this.uploadFaults.shift();
    if (fault === "server-error")
      return tiktokError(503, "internal_error", "try again");
    post.bytes.push(request.body);
    post.received += request.body.length;
    post.chunksReceived++;
    if (fault === "drop-after-store") return DROP;
    return { status: post.received === post.videoSize ? 201 : 206 };
  }

  private status(request: RecordedRequest): FakeReply {
    const post = this.posts.get(String(jsonBody(request).publish_id));
    if (!post) return tiktokError(400, "invalid_publish_id", "unknown");
    if (post.status === "PROCESSING_UPLOAD" && post.received === post.videoSize)
      post.status = "PROCESSING_DOWNLOAD";
    if (post.status === "PROCESSING_DOWNLOAD") {
      if (post.statusPolls++ >= this.processingPolls) {
        if (this.failProcessingWith) post.status = "FAILED";
        else {
          post.status = "PUBLISH_COMPLETE";
          post.postId = String(
            7_000_000_000_000_000_000n + BigInt(++this.counter),
          );
        }
      }
    }
    const isPublic = post.postInfo.privacy_level === "PUBLIC_TO_EVERYONE";
    const body = JSON.stringify({
      data: {
        status: post.status,
        uploaded_bytes: post.received,
        ...(post.status === "FAILED"
          ? { fail_reason: this.failProcessingWith }
          : {}),
        publicaly_available_post_id:
          post.postId && isPublic ? [`BIGINT${post.postId}`] : [],
      },
      error: ok,
    });
    // TikTok sends post ids as bare 19-digit numbers, beyond what a JS number holds.
    return {
      status: 200,
      headers: { "content-type": "application/json" },
      body: Buffer.from(body.replace(/"BIGINT(\d+)"/g, "$1")),
    };
  }

  /** Posts that reached PUBLISH_COMPLETE: the videos a user would see on their profile. */
  get published() {
    return [...this.posts.values()].filter(
      (p) => p.status === "PUBLISH_COMPLETE",
    );
  }

  private userInfo(request: RecordedRequest, url: URL): FakeReply {
    if (request.method !== "GET")
      return tiktokError(405, "invalid_params", "user/info is a GET");
    const user: Record<string, string> = this.user;
    const fields = (url.searchParams.get("fields") ?? "").split(",");
    return json(200, {
      data: {
        user: Object.fromEntries(
          fields.filter((f) => f in user).map((f) => [f, user[f]]),
        ),
      },
      error: ok,
    });
  }

  private query(request: RecordedRequest, url: URL): FakeReply {
    const fields = (url.searchParams.get("fields") ?? "").split(",");
    const ids = (jsonBody(request) as { filters?: { video_ids?: string[] } })
      .filters?.video_ids;
    if (!ids?.length)
      return tiktokError(
        400,
        "invalid_params",
        "filters.video_ids is required",
      );
    const videos = ids
      .filter((id) => this.stats.has(id))
      .map((id) => {
        const stats: Record<string, unknown> = { id, ...this.stats.get(id) };
        return Object.fromEntries(fields.map((f) => [f, stats[f]]));
      });
    return json(200, {
      data: { videos, cursor: 0, has_more: false },
      error: ok,
    });
  }
}
