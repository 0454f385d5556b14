import { createReadStream, existsSync } from "node:fs";
import { stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import {
  getAwsClient,
  getSites,
  speculateFunctionName,
} from "@remotion/lambda-client";
import { LAMBDA_FUNCTION, LAMBDA_SITE } from "../../../lambda/config";
import type { ClipProps } from "../../compositions/clip-schema";
import type { VideoProps } from "../../compositions/schema";
import { log } from "../../log";
import { MEDIA_PREFIX } from "../media-store";
import { bundleFingerprint } from "./bundle";

const { region } = LAMBDA_FUNCTION;

/** The Lambda function this version of Remotion and `lambda/config.ts` deploy. */
export const lambdaFunctionName = () =>
  speculateFunctionName({
    memorySizeInMb: LAMBDA_FUNCTION.memorySizeInMb,
    diskSizeInMb: LAMBDA_FUNCTION.diskSizeInMb,
    timeoutInSeconds: LAMBDA_FUNCTION.timeoutInSeconds,
  });

/** The site of this version of the compositions (`reelwright lambda deploy` uploads it). */
export const lambdaSiteName = async () =>
  `${LAMBDA_SITE.namePrefix}${await bundleFingerprint()}`;

export class MissingAwsCredentialsError extends Error {
  constructor() {
    super(
      "No AWS credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or AWS_PROFILE) for a user with Remotion Lambda's permissions (docs/lambda.md)",
    );
  }
}

/** The credentials Remotion looks for (its own REMOTION_AWS_* first, then the SDK's). */
export function assertAwsCredentials(
  env: NodeJS.ProcessEnv = process.env,
  home = os.homedir(),
) {
  const hasKeys = (prefix: string) =>
    Boolean(
      env[`${prefix}AWS_ACCESS_KEY_ID`] &&
      env[`${prefix}AWS_SECRET_ACCESS_KEY`],
    );
  if (
    hasKeys("") ||
    hasKeys("REMOTION_") ||
    env.AWS_PROFILE ||
    env.REMOTION_AWS_PROFILE ||
    existsSync(path.join(home, ".aws", "credentials"))
  )
    return;
  throw new MissingAwsCredentialsError();
}

export type LambdaSite = {
  siteName: string;
  serveUrl: string;
  bucketName: string;
};

/** The deployed site of this version of the compositions, or null. */
export async function findLambdaSite(): Promise<LambdaSite | null> {
  const siteName = await lambdaSiteName();
  const { sites } = await getSites({ region });
  const site = sites.find((s) => s.id === siteName);
  return site
    ? { siteName, serveUrl: site.serveUrl, bucketName: site.bucketName }
    : null;
}

/**
 * The props' `media/…` files, put into the site's public folder where `staticFile` finds them
 * on Lambda. Names are content hashes: a file already there is the same file.
 */
export async function uploadMedia(
  site: LambdaSite,
  mediaDir: string,
  props: VideoProps | ClipProps,
) {
  const { client, sdk } = getAwsClient({ region, service: "s3" });
  const files = new Set<string>();
  JSON.stringify(props, (_key, value: unknown) => {
    if (typeof value === "string" && value.startsWith(MEDIA_PREFIX))
      files.add(value);
    return value;
  });
  for (const file of files) {
    const name = file.slice(MEDIA_PREFIX.length);
    if (name.includes("/") || name.startsWith("."))
      throw new Error(`Not a media store file: ${JSON.stringify(file)}`);
    const Key = `sites/${site.siteName}/public/${file}`;
    const exists = await client
      .send(new sdk.HeadObjectCommand({ Bucket: site.bucketName, Key }))
      .then(
        () => true,
        (error: { name?: string }) => {
          if (error.name === "NotFound") return false;
          throw error;
        },
      );
    if (exists) continue;
    const local = path.join(mediaDir, name);
    await client.send(
      new sdk.PutObjectCommand({
        Bucket: site.bucketName,
        Key,
        Body: createReadStream(local),
        ContentLength: (await stat(local)).size,
      }),
    );
  }
  log.info(
    { files: files.size, site: site.siteName },
    "media in the Lambda site",
  );
}
