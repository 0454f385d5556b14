import path from "node:path";
import { fileURLToPath } from "node:url";
import {
  deleteFunction,
  deleteSite,
  deployFunction,
  deploySite,
  getFunctions,
  getOrCreateBucket,
  getSites,
} from "@remotion/lambda";
import {
  assertAwsCredentials,
  findLambdaSite,
  lambdaFunctionName,
  lambdaSiteName,
} from "../src/pipeline/render/lambda-site";
import { LAMBDA_FUNCTION, LAMBDA_SITE } from "./config";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const { region } = LAMBDA_FUNCTION;

export type LambdaDeployment = {
  region: string;
  functionName: string;
  functionExisted: boolean;
  bucketName: string;
  siteName: string;
  serveUrl: string;
  siteExisted: boolean;
};

/**
 * `reelwright lambda deploy`: the render function (memory, disk and timeout from config.ts), the
 * bucket, and the compositions as a site named after their version. Idempotent: a function or
 * site that already exists under its name is kept as it is.
 */
export async function deployLambda(
  onStep: (step: string) => void = () => {},
): Promise<LambdaDeployment> {
  assertAwsCredentials();
  onStep(`function ${lambdaFunctionName()} in ${region}`);
  const fn = await deployFunction({
    region,
    memorySizeInMb: LAMBDA_FUNCTION.memorySizeInMb,
    diskSizeInMb: LAMBDA_FUNCTION.diskSizeInMb,
    timeoutInSeconds: LAMBDA_FUNCTION.timeoutInSeconds,
    createCloudWatchLogGroup: true,
  });
  onStep("bucket");
  const { bucketName } = await getOrCreateBucket({ region });
  const existing = await findLambdaSite();
  const siteName = await lambdaSiteName();
  onStep(`site ${siteName}`);
  const site =
    existing ??
    (await deploySite({
      entryPoint: path.join(ROOT, "src/index.ts"),
      bucketName,
      region,
      siteName,
      options: { publicDir: path.join(ROOT, "public") },
    }));
  return {
    region,
    functionName: fn.functionName,
    functionExisted: fn.alreadyExisted,
    bucketName,
    siteName,
    serveUrl: site.serveUrl,
    siteExisted: existing !== null,
  };
}

export type LambdaStatus = {
  region: string;
  functionName: string;
  functionDeployed: boolean;
  siteName: string;
  siteDeployed: boolean;
  /** Every Reelwright site in the region (older versions of the compositions too). */
  sites: Array<{ siteName: string; bucketName: string; sizeInBytes: number }>;
};

/** `reelwright lambda status`: whether this version's function and site are deployed. */
export async function lambdaStatus(): Promise<LambdaStatus> {
  assertAwsCredentials();
  const functionName = lambdaFunctionName();
  const [functions, { sites }, siteName] = await Promise.all([
    getFunctions({ region, compatibleOnly: false }),
    getSites({ region }),
    lambdaSiteName(),
  ]);
  const ours = sites.filter((s) => s.id.startsWith(LAMBDA_SITE.namePrefix));
  return {
    region,
    functionName,
    functionDeployed: functions.some((f) => f.functionName === functionName),
    siteName,
    siteDeployed: ours.some((s) => s.id === siteName),
    sites: ours.map((s) => ({
      siteName: s.id,
      bucketName: s.bucketName,
      sizeInBytes: s.sizeInBytes,
    })),
  };
}

/**
 * `reelwright lambda remove`: deletes every Reelwright site (each version, with the media
 * renders uploaded into it) and this configuration's function. The bucket and its finished
 * renders stay.
 */
export async function removeLambda(
  onStep: (step: string) => void = () => {},
): Promise<{ sites: string[]; functionName: string | null }> {
  const status = await lambdaStatus();
  for (const site of status.sites) {
    onStep(`site ${site.siteName}`);
    await deleteSite({
      bucketName: site.bucketName,
      siteName: site.siteName,
      region,
    });
  }
  if (status.functionDeployed) {
    onStep(`function ${status.functionName}`);
    await deleteFunction({ region, functionName: status.functionName });
  }
  return {
    sites: status.sites.map((s) => s.siteName),
    functionName: status.functionDeployed ? status.functionName : null,
  };
}
