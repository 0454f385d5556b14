import { randomBytes } from "node:crypto";
import {
  DROP,
  FakeHttpServer,
  bearer,
  formBody,
  json,
  type FakeReply,
  type RecordedRequest,
} from "./http";

type Container = {
  id: string;
  params: URLSearchParams;
  bytes: Buffer | null;
  statusPolls: number;
  statusCode: "IN_PROGRESS" | "FINISHED" | "ERROR" | "EXPIRED" | "PUBLISHED";
  status: string;
};

export type FakeReel = {
  id: string;
  containerId: string;
  caption: string;
  bytes: Buffer;
  timestamp: string;
  insights: Record<string, number>;
};

export type InstagramUploadFault = "none" | "server-error" | "drop";

export const INSIGHT_METRICS = [
  "views",
  "likes",
  "comments",
  "shares",
  "saved",
  "reach",
  "total_interactions",
  "ig_reels_avg_watch_time",
  "ig_reels_video_view_total_time",
];

const graphError = (
  status: number,
  code: number,
  message: string,
  subcode?: number,
  headers: Record<string, string> = {},
) =>
  json(
    status,
    {
      error: {
        message,
        type: "OAuthException",
        code,
        ...(subcode ? { error_subcode: subcode } : {}),
        fbtrace_id: "fake-trace",
      },
    },
    headers,
  );

/**
 * Instagram API with Instagram Login: OAuth (short- and long-lived tokens), Reels containers with
 * resumable rupload, status polling, media_publish, the publishing limit, permalinks and insights.
 */
export class FakeInstagram {
  readonly http = new FakeHttpServer((request, url) =>
    this.handle(request, url),
  );
  readonly version = "v23.0";
  readonly igUserId = "17841400000000001";
  username = "reelwright";
  readonly accessTokens = new Set<string>(["test-access-token"]);
  readonly containers = new Map<string, Container>();
  readonly reels = new Map<string, FakeReel>();
  quota = { total: 100, usage: 0 };
  /** Status polls answered IN_PROGRESS after the upload. */
  processingPolls = 1;
  /** The next container's processing ends in ERROR with this message. */
  failProcessingWith: string | null = null;
  /** The next container expires as soon as it is asked about. */
  expireNextContainer = false;
  uploadFaults: InstagramUploadFault[] = [];
  /** The next media_publish publishes, then the connection drops before the answer. */
  dropAfterPublish = false;
  /** Answers for the next Graph calls, before normal service. */
  apiFaults: FakeReply[] = [];
  private codes = new Set<string>();
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

  grantCode() {
    const code = `code-${++this.counter}`;
    this.codes.add(code);
    return code;
  }

  /** A published Reel with the given insights. */
  seedReel(insights: Record<string, number>) {
    const id = `1792000000${++this.counter}`;
    this.reels.set(id, {
      id,
      containerId: "",
      caption: "Seeded",
      bytes: Buffer.alloc(0),
      timestamp: "2026-11-01T10:00:00+0000",
      insights,
    });
    return id;
  }

  private issue(prefix: string) {
    const token = `${prefix}${randomBytes(8).toString("hex")}`;
    this.accessTokens.add(token);
    return token;
  }

  private async handle(
    request: RecordedRequest,
    url: URL,
  ): Promise<FakeReply | typeof DROP> {
    const path = url.pathname;
    if (path === "/oauth/access_token" && request.method === "POST") {
      const code = formBody(request).get("code") ?? "";
      if (!this.codes.delete(code))
        return graphError(400, 100, "Invalid authorization code");
      return json(200, {
        access_token: this.issue("IGQshort"),
        user_id: Number(this.igUserId.slice(0, 15)),
        permissions: "instagram_business_basic",
      });
    }
    if (path === "/access_token" || path === "/refresh_access_token") {
      const token = url.searchParams.get("access_token") ?? "";
      if (!this.accessTokens.has(token))
        return graphError(400, 190, "Error validating access token");
      // The one-hour token is spent by the exchange.
      if (path === "/access_token") this.accessTokens.delete(token);
      return json(200, {
        access_token: this.issue("IGQlong"),
        token_type: "bearer",
        expires_in: 5_184_000,
      });
    }
    if (path.startsWith("/ig-api-upload/")) return this.rupload(request, url);
    if (!this.accessTokens.has(bearer(request) ?? ""))
      return graphError(400, 190, "Invalid OAuth access token");
    const fault = this.apiFaults.shift();
    if (fault) return fault;
    const parts = path.split("/").filter(Boolean);
    if (parts[0] !== this.version)
      return graphError(400, 2635, `unknown version ${parts[0]}`);
    const [node, edge] = parts.slice(1);
    const params =
      request.method === "POST" ? formBody(request) : url.searchParams;
    if (node === this.igUserId) {
      if (edge === "content_publishing_limit")
        return json(200, {
          data: [
            {
              config: { quota_total: this.quota.total, quota_duration: 86400 },
              quota_usage: this.quota.usage,
            },
          ],
        });
      if (edge === "media" && request.method === "POST")
        return this.createContainer(params);
      if (edge === "media" && request.method === "GET")
        return json(200, {
          data: [...this.reels.values()].reverse().map((r) => ({
            id: r.id,
            caption: r.caption,
            timestamp: r.timestamp,
          })),
        });
      if (edge === "media_publish" && request.method === "POST") {
        const reply = this.publish(params);
        if (reply.status !== 200 || !this.dropAfterPublish) return reply;
        this.dropAfterPublish = false;
        return DROP;
      }
    }
    if (node === "me" && !edge && request.method === "GET") {
      // Graph answers only the fields asked for, plus the app-scoped id.
      const me: Record<string, string> = {
        user_id: this.igUserId,
        username: this.username,
      };
      const fields = (params.get("fields") ?? "").split(",");
      return json(200, {
        ...Object.fromEntries(
          fields.filter((f) => f in me).map((f) => [f, me[f]]),
        ),
        id: this.igUserId.slice(0, 15),
      });
    }
    const container = this.containers.get(node);
    if (container && !edge) return this.containerStatus(container);
    const reel = this.reels.get(node);
    if (reel && !edge)
      return json(200, {
        id: reel.id,
        permalink: `https://www.instagram.com/reel/${reel.id}/`,
      });
    if (reel && edge === "insights") return this.insights(reel, params);
    return graphError(
      400,
      100,
      `Unsupported request ${request.method} ${path}`,
    );
  }

  private createContainer(params: URLSearchParams): FakeReply {
    if (params.get("media_type") !== "REELS")
      return graphError(400, 100, "media_type must be REELS");
    if (params.get("upload_type") !== "resumable" && !params.get("video_url"))
      return graphError(400, 100, "video_url or upload_type=resumable needed");
    const id = `1790000000${++this.counter}`;
    this.containers.set(id, {
      id,
      params,
      bytes: null,
      statusPolls: 0,
      statusCode: "IN_PROGRESS",
      status: "Media upload has not started",
    });
    return json(200, {
      id,
      uri: `${this.url}/ig-api-upload/${this.version}/${id}`,
    });
  }

  private rupload(request: RecordedRequest, url: URL): FakeReply | typeof DROP {
    const auth = request.headers.authorization ?? "";
    if (!auth.startsWith("OAuth ") || !this.accessTokens.has(auth.slice(6)))
      return json(401, {
        debug_info: {
          retriable: false,
          type: "AuthError",
          message: "bad token",
        },
      });
    const container = this.containers.get(url.pathname.split("/").at(-1)!);
    if (!container)
      return json(404, {
        debug_info: {
          retriable: false,
          type: "NotFound",
          message: "no container",
        },
      });
    const fileSize = Number(request.headers.file_size);
    if (request.headers.offset !== "0" || fileSize !== request.body.length)
      return json(400, {
        debug_info: {
          retriable: false,
          type: "ProcessingFailedError",
          message: `offset/file_size do not match the ${request.body.length} bytes sent`,
        },
      });
    const fault = this.uploadFaults.shift();
    if (fault === "server-error")
      return json(503, {
        debug_info: { retriable: true, type: "ServerError", message: "busy" },
      });
    container.bytes = request.body;
    container.status = "Media is processing";
    if (fault === "drop") return DROP;
    return json(200, { success: true, message: "Upload successful." });
  }

  private containerStatus(container: Container): FakeReply {
    if (this.expireNextContainer) {
      this.expireNextContainer = false;
      container.statusCode = "EXPIRED";
      container.status = "Container was not published within 24 hours";
    }
    if (container.statusCode === "IN_PROGRESS" && container.bytes) {
      if (container.statusPolls++ >= this.processingPolls) {
        if (this.failProcessingWith) {
          container.statusCode = "ERROR";
          container.status = this.failProcessingWith;
          this.failProcessingWith = null;
        } else {
          container.statusCode = "FINISHED";
          container.status =
            "Finished: Media has been uploaded and it is ready to be published.";
        }
      }
    }
    return json(200, {
      id: container.id,
      status_code: container.statusCode,
      status: container.status,
    });
  }

  private publish(params: URLSearchParams): FakeReply {
    if (this.quota.usage >= this.quota.total)
      return graphError(400, 9, "Application request limit reached", 2207042);
    const container = this.containers.get(params.get("creation_id") ?? "");
    if (!container) return graphError(400, 100, "invalid creation_id");
    if (container.statusCode !== "FINISHED")
      return graphError(
        400,
        9007,
        `Media ID is not available (container is ${container.statusCode})`,
        2207027,
      );
    container.statusCode = "PUBLISHED";
    this.quota.usage++;
    const id = `1791000000${++this.counter}`;
    this.reels.set(id, {
      id,
      containerId: container.id,
      caption: container.params.get("caption") ?? "",
      bytes: container.bytes!,
      timestamp: new Date().toISOString().replace(/\.\d+Z$/, "+0000"),
      insights: {},
    });
    return json(200, { id });
  }

  private insights(reel: FakeReel, params: URLSearchParams): FakeReply {
    const metrics = (params.get("metric") ?? "").split(",");
    const unknown = metrics.find((m) => !INSIGHT_METRICS.includes(m));
    if (unknown)
      return graphError(
        400,
        100,
        `(#100) metric[${metrics.indexOf(unknown)}] must be one of the following values: ${INSIGHT_METRICS.join(", ")}`,
      );
    return json(200, {
      data: metrics.map((name) => ({
        name,
        period: "lifetime",
        values: [{ value: reel.insights[name] ?? 0 }],
        title: name,
        description: "",
        id: `${reel.id}/insights/${name}/lifetime`,
      })),
    });
  }
}
