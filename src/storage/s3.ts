import { createReadStream, createWriteStream } from "node:fs";
import { mkdtemp, rm, stat, utimes } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import {
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  S3Client,
} from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { temporaryPathFor, writeAtomically } from "../files";
import type { ByteRange, PresignOptions, Storage } from "../storage";
import { contentTypeOf, storageKey, StorageNotFoundError } from "./key";

export type S3Location = { bucket: string; prefix: string };

/**
 * Storage in an S3-compatible bucket (AWS S3, Cloudflare R2, MinIO) under a key prefix. A write
 * goes to a local temporary file first and becomes visible only when its upload completes (a
 * multipart upload that fails is aborted). `localCopy` downloads into `cacheDir`, one folder per
 * ETag, so a replaced object is never served stale.
 */
export class S3Storage implements Storage {
  readonly kind = "s3";

  constructor(
    private readonly client: S3Client,
    private readonly location: S3Location,
    private readonly cacheDir: string,
    private readonly endpoint?: string,
  ) {}

  describe() {
    const { bucket, prefix } = this.location;
    return `s3://${bucket}/${prefix}${this.endpoint ? ` at ${this.endpoint}` : ""}`;
  }

  private objectKey(key: string) {
    const { prefix } = this.location;
    return prefix ? `${prefix}/${storageKey(key)}` : storageKey(key);
  }

  async write<T>(key: string, write: (temporaryPath: string) => Promise<T>) {
    const folder = await mkdtemp(path.join(tmpdir(), "reelwright-upload-"));
    try {
      const temporary = temporaryPathFor(
        path.join(folder, path.posix.basename(storageKey(key))),
      );
      const result = await write(temporary);
      await this.putFile(key, temporary);
      return result;
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  }

  async putFile(key: string, localPath: string) {
    await new Upload({
      client: this.client,
      params: {
        Bucket: this.location.bucket,
        Key: this.objectKey(key),
        Body: createReadStream(localPath),
        ContentType: contentTypeOf(key),
      },
    }).done();
  }

  private async head(key: string) {
    try {
      return await this.client.send(
        new HeadObjectCommand({
          Bucket: this.location.bucket,
          Key: this.objectKey(key),
        }),
      );
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }

  async size(key: string): Promise<number | null> {
    return (await this.head(key))?.ContentLength ?? null;
  }

  async remove(keyOrPrefix: string) {
    const keys = [...(await this.list(keyOrPrefix)), storageKey(keyOrPrefix)];
    for (let i = 0; i < keys.length; i += 1000)
      await this.client.send(
        new DeleteObjectsCommand({
          Bucket: this.location.bucket,
          Delete: {
            Objects: keys
              .slice(i, i + 1000)
              .map((key) => ({ Key: this.objectKey(key) })),
            Quiet: true,
          },
        }),
      );
    await rm(path.join(this.cacheDir, storageKey(keyOrPrefix)), {
      recursive: true,
      force: true,
    });
  }

  async list(prefix: string): Promise<string[]> {
    const folder = `${this.objectKey(prefix)}/`;
    const strip = this.location.prefix ? this.location.prefix.length + 1 : 0;
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({
          Bucket: this.location.bucket,
          Prefix: folder,
          ContinuationToken: token,
        }),
      );
      for (const object of page.Contents ?? [])
        if (object.Key) keys.push(object.Key.slice(strip));
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return keys.sort();
  }

  async openRead(key: string, range?: ByteRange): Promise<Readable> {
    try {
      const { Body } = await this.client.send(
        new GetObjectCommand({
          Bucket: this.location.bucket,
          Key: this.objectKey(key),
          Range: range ? `bytes=${range.start}-${range.end}` : undefined,
        }),
      );
      return Body as Readable;
    } catch (error) {
      if (isNotFound(error)) throw new StorageNotFoundError(key);
      throw error;
    }
  }

  async localCopy(key: string): Promise<string> {
    const head = await this.head(key);
    if (!head) throw new StorageNotFoundError(key);
    const normal = storageKey(key);
    const version = (head.ETag ?? "none").replace(/[^\w-]/g, "");
    const file = path.join(
      this.cacheDir,
      path.posix.dirname(normal),
      version,
      path.posix.basename(normal),
    );
    if (
      await stat(file).then(
        (s) => s.size === head.ContentLength,
        () => false,
      )
    ) {
      // Used now: the cache prune (CACHE_TTL_DAYS) goes by the time of last use.
      const now = new Date();
      await utimes(file, now, now).catch(() => undefined);
      return file;
    }
    const body = await this.openRead(key);
    await writeAtomically(file, (temporary) =>
      pipeline(body, createWriteStream(temporary)),
    );
    return file;
  }

  async presignedUrl(
    key: string,
    seconds: number,
    options: PresignOptions = {},
  ): Promise<string> {
    return getSignedUrl(
      this.client,
      new GetObjectCommand({
        Bucket: this.location.bucket,
        Key: this.objectKey(key),
        ResponseContentDisposition: options.fileName
          ? `inline; filename="${options.fileName.replace(/[^\w.-]/g, "_")}"`
          : undefined,
      }),
      { expiresIn: seconds },
    );
  }
}

const isNotFound = (error: unknown) =>
  error instanceof Error &&
  (error.name === "NotFound" ||
    error.name === "NoSuchKey" ||
    (error as { $metadata?: { httpStatusCode?: number } }).$metadata
      ?.httpStatusCode === 404);
