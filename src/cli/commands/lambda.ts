import type { Command } from "commander";

const step = (what: string) => process.stdout.write(`  ${what}\n`);

// Loaded when used: the AWS SDK would slow every other command's start.
const deployment = () => import("../../../lambda/deploy");

/**
 * `reelwright lambda deploy|status|remove`: Remotion Lambda's function and site for
 * RENDER_BACKEND=lambda and `--backend lambda` (settings in lambda/config.ts).
 */
export function registerLambdaCommand(program: Command) {
  const lambda = program
    .command("lambda")
    .description(
      "Deploy, inspect or remove the Remotion Lambda function and site",
    );

  lambda
    .command("deploy")
    .description(
      "Deploy the render function and this version of the compositions (reuses what exists)",
    )
    .action(async () => {
      process.stdout.write("Deploying to Remotion Lambda:\n");
      const d = await (await deployment()).deployLambda(step);
      process.stdout.write(
        [
          `function  ${d.functionName} (${d.functionExisted ? "already deployed" : "created"})`,
          `bucket    ${d.bucketName}`,
          `site      ${d.siteName} (${d.siteExisted ? "already deployed" : "uploaded"})`,
          `serve URL ${d.serveUrl}`,
          "Deploy again after changing the compositions, lambda/config.ts or the Remotion version.",
          "",
        ].join("\n"),
      );
    });

  lambda
    .command("status")
    .description("Say whether this version's function and site are deployed")
    .action(async () => {
      const s = await (await deployment()).lambdaStatus();
      const mark = (ok: boolean) => (ok ? "deployed" : "missing");
      process.stdout.write(
        [
          `region    ${s.region}`,
          `function  ${s.functionName}: ${mark(s.functionDeployed)}`,
          `site      ${s.siteName}: ${mark(s.siteDeployed)}`,
          ...s.sites.map(
            (site) =>
              `          ${site.siteName} in ${site.bucketName} (${(site.sizeInBytes / 1e6).toFixed(1)} MB)`,
          ),
          "",
        ].join("\n"),
      );
      if (!s.functionDeployed || !s.siteDeployed) {
        process.stdout.write("Not ready: run `reelwright lambda deploy`.\n");
        process.exitCode = 1;
      }
    });

  lambda
    .command("remove")
    .description(
      "Delete the Reelwright sites and this configuration's function",
    )
    .action(async () => {
      process.stdout.write("Removing from Remotion Lambda:\n");
      const removed = await (await deployment()).removeLambda(step);
      process.stdout.write(
        `Removed ${removed.sites.length} site(s)${removed.functionName ? " and the function" : ""}.\n`,
      );
    });
}
