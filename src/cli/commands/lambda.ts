import type { Command } from "commander";

type Deployment = typeof import("../../../lambda/deploy");

/**
 * Runs a lambda command with lambda/deploy.ts loaded only now (the AWS SDK would slow every other
 * command's start), printing each step it reports under `heading`.
 */
async function withSteps<T>(
  heading: string,
  work: (deployment: Deployment, step: (what: string) => void) => Promise<T>,
): Promise<T> {
  process.stdout.write(`${heading}:\n`);
  return work(await import("../../../lambda/deploy"), (what) =>
    process.stdout.write(`  ${what}\n`),
  );
}

const lines = (...text: string[]) =>
  process.stdout.write(`${text.join("\n")}\n`);

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
      const d = await withSteps("Deploying to Remotion Lambda", (m, step) =>
        m.deployLambda(step),
      );
      const state = (existed: boolean, made: string) =>
        existed ? "already deployed" : made;
      lines(
        `function  ${d.functionName} (${state(d.functionExisted, "created")})`,
        `bucket    ${d.bucketName}`,
        `site      ${d.siteName} (${state(d.siteExisted, "uploaded")})`,
        `serve URL ${d.serveUrl}`,
        "Deploy again after changing the compositions, lambda/config.ts or the Remotion version.",
      );
    });

  lambda
    .command("status")
    .description("Say whether this version's function and site are deployed")
    .action(async () => {
      const { lambdaStatus } = await import("../../../lambda/deploy");
      const s = await lambdaStatus();
      const mark = (ok: boolean) => (ok ? "deployed" : "missing");
      lines(
        `region    ${s.region}`,
        `function  ${s.functionName}: ${mark(s.functionDeployed)}`,
        `site      ${s.siteName}: ${mark(s.siteDeployed)}`,
        ...s.sites.map(
          (site) =>
            `          ${site.siteName} in ${site.bucketName} (${(site.sizeInBytes / 1e6).toFixed(1)} MB)`,
        ),
      );
      if (!s.functionDeployed || !s.siteDeployed) {
        lines("Not ready: run `reelwright lambda deploy`.");
        process.exitCode = 1;
      }
    });

  lambda
    .command("remove")
    .description(
      "Delete the Reelwright sites and this configuration's function",
    )
    .action(async () => {
      const { sites, functionName } = await withSteps(
        "Removing from Remotion Lambda",
        (m, step) => m.removeLambda(step),
      );
      lines(
        `Removed ${sites.length} site(s)${functionName ? " and the function" : ""}.`,
      );
    });
}
