import { randomBytes } from "node:crypto";
import type { EventEmitter } from "node:events";
import { mkdtemp, rm } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import S3rver from "s3rver";

type S3Event = {
  Records: Array<{ eventName: string; s3: { object: { key: string } } }>;
};

export type FakeS3 = {
  /** `http://127.0.0.1:<port>` */
  endpoint: string;
  bucket: string;
  /** What a process needs to use the bucket: the AWS SDK's variables and REELWRIGHT_STORAGE. */
  env: Record<string, string>;
  /**
   * Objects made so far, as S3 event notifications name them: `ObjectCreated:Put` for a single
   * PUT, `ObjectCreated:Post` for a completed multipart upload, `ObjectRemoved:Delete`.
   */
  events: Array<{ name: string; key: string }>;
  close(): Promise<void>;
};

/**
 * A real S3-protocol server (s3rver, objects on a temporary folder) on a free loopback port,
 * with one empty bucket. s3rver checks the access key but not SigV4 signatures, and needs
 * path-style addressing (`S3_FORCE_PATH_STYLE=1`).
 */
export async function startS3Server(): Promise<FakeS3> {
  const directory = await mkdtemp(path.join(tmpdir(), "reelwright-s3-"));
  const bucket = `reelwright-${randomBytes(4).toString("hex")}`;
  const server = new S3rver({
    address: "127.0.0.1",
    port: 0,
    silent: true,
    directory,
    configureBuckets: [{ name: bucket, configs: [] }],
  });
  const events: FakeS3["events"] = [];
  // S3rver is a Koa app, so an EventEmitter, though its typings do not say so.
  (server as unknown as EventEmitter).on("event", (event: S3Event) => {
    for (const record of event.Records)
      events.push({ name: record.eventName, key: record.s3.object.key });
  });
  const { port } = (await server.run()) as AddressInfo;
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    endpoint,
    bucket,
    env: {
      REELWRIGHT_STORAGE: `s3://${bucket}/reelwright`,
      AWS_ACCESS_KEY_ID: "S3RVER",
      AWS_SECRET_ACCESS_KEY: "S3RVER",
      AWS_REGION: "us-east-1",
      AWS_ENDPOINT_URL_S3: endpoint,
      S3_FORCE_PATH_STYLE: "1",
    },
    events,
    close: async () => {
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
