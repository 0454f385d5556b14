import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LAMBDA_FUNCTION } from "../../lambda/config";
import { probeMedia } from "../../src/pipeline/render";
import {
  lambdaFunctionName,
  lambdaSiteName,
} from "../../src/pipeline/render/lambda-site";
import {
  FakeAws,
  fakeLambdaOutput,
  PROGRESS_WITH_A_RETRY,
} from "../fakes/aws-server";

const BIN = path.resolve("bin/reelwright.js");

/** The command with none of this machine's AWS settings: only what `env` gives. */
function reelwright(env: Record<string, string>, ...args: string[]) {
  const all: NodeJS.ProcessEnv = {
    ...process.env,
    LOG_LEVEL: "silent",
    ...env,
  };
  for (const key of Object.keys(all))
    if (/^(REMOTION_)?AWS_/.test(key) && !(key in env)) delete all[key];
  return new Promise<{ code: number; stdout: string; stderr: string }>(
    (resolve) =>
      execFile(
        process.execPath,
        [BIN, ...args],
        { env: all },
        (error, stdout, stderr) =>
          resolve({
            code: error ? Number(error.code ?? 1) : 0,
            stdout,
            stderr,
          }),
      ),
  );
}

describe("reelwright lambda", () => {
  let home: string;
  let aws: FakeAws;
  beforeAll(async () => {
    home = await mkdtemp(path.join(tmpdir(), "rw-lambda-home-"));
    aws = await new FakeAws(async (start, renderId, bucket) => {
      aws.put(
        `renders/${renderId}/out.mp4`,
        await fakeLambdaOutput(start, { width: 1080, height: 1920 }),
      );
      return PROGRESS_WITH_A_RETRY(renderId, bucket, 0.002);
    }).start();
  });
  afterAll(async () => {
    await aws?.stop();
    await rm(home, { recursive: true, force: true });
  });

  it.each(["deploy", "status", "remove"])(
    "%s says what is missing when there are no AWS credentials",
    async (command) => {
      const { code, stderr } = await reelwright(
        { HOME: home },
        "lambda",
        command,
      );
      expect(code).toBe(1);
      expect(stderr).toMatch(
        /No AWS credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY \(or AWS_PROFILE\)/,
      );
    },
  );

  it("status names this version's function and site and says what is missing", async () => {
    const missing = await reelwright(
      { HOME: home, ...aws.env() },
      "lambda",
      "status",
    );
    expect(missing.code).toBe(1);
    expect(missing.stdout).toContain(
      `function  ${lambdaFunctionName()}: missing`,
    );
    expect(missing.stdout).toContain(
      `site      ${await lambdaSiteName()}: missing`,
    );
    expect(missing.stdout).toMatch(/run `reelwright lambda deploy`/);

    aws.functions.set(lambdaFunctionName(), LAMBDA_FUNCTION);
    aws.put(`sites/${await lambdaSiteName()}/index.html`, "<html></html>");
    aws.put("sites/reelwright-0000000000000000/index.html", "<html></html>");
    const ready = await reelwright(
      { HOME: home, ...aws.env() },
      "lambda",
      "status",
    );
    expect(ready.stderr).toBe("");
    expect(ready.code).toBe(0);
    expect(ready.stdout).toContain("region    us-east-1");
    expect(ready.stdout).toContain(
      `function  ${lambdaFunctionName()}: deployed`,
    );
    expect(ready.stdout).toContain(
      `site      ${await lambdaSiteName()}: deployed`,
    );
    expect(ready.stdout).toContain(
      `reelwright-0000000000000000 in ${aws.bucketName}`,
    );
  }, 60_000);

  it("remove deletes every Reelwright site and the function, and keeps other files", async () => {
    aws.functions.set(lambdaFunctionName(), LAMBDA_FUNCTION);
    aws.put(`sites/${await lambdaSiteName()}/index.html`, "<html></html>");
    aws.put("sites/another-app/index.html", "<html></html>");
    aws.put("renders/abc/out.mp4", "mp4");
    const { code, stdout, stderr } = await reelwright(
      { HOME: home, ...aws.env() },
      "lambda",
      "remove",
    );
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(stdout).toMatch(/Removed 2 site\(s\) and the function/);
    expect(aws.functions.size).toBe(0);
    expect([...aws.objects.keys()].sort()).toEqual([
      `${aws.bucketName}/renders/abc/out.mp4`,
      `${aws.bucketName}/sites/another-app/index.html`,
    ]);
  }, 60_000);

  it("make and render take --backend local or lambda, nothing else", async () => {
    const make = await reelwright(
      { HOME: home },
      "make",
      "article.md",
      "--backend",
      "fleet",
    );
    expect(make.code).toBe(2);
    expect(make.stderr).toMatch(/--backend: choose local or lambda/);
    const render = await reelwright(
      { HOME: home },
      "render",
      "x.props.json",
      "--backend",
      "gpu",
    );
    expect(render.code).toBe(2);
    expect(render.stderr).toMatch(/--backend: choose local or lambda/);
  });

  it("render --backend lambda renders a props file on Lambda and writes the checked MP4", async () => {
    const sample = JSON.parse(
      await readFile("public/sample/tiktok.json", "utf8"),
    );
    const props = {
      ...sample,
      durationMs: 2000,
      sections: [{ ...sample.sections[0], startMs: 0, endMs: 2000 }],
      captions: [],
    };
    const propsFile = path.join(home, "short.props.json");
    await writeFile(propsFile, JSON.stringify(props));
    aws.put(`sites/${await lambdaSiteName()}/index.html`, "<html></html>");
    const { code, stderr } = await reelwright(
      { HOME: home, REELWRIGHT_HOME: home, ...aws.env() },
      "render",
      propsFile,
      "--backend",
      "lambda",
    );
    expect(stderr).not.toMatch(/reelwright:/);
    expect(code).toBe(0);
    const start = aws.invocations.find((i) => i.payload.type === "start")!;
    expect(start.payload).toMatchObject({
      composition: "tiktok",
      frameRange: [0, 59],
      scale: 1,
    });
    const probe = await probeMedia(path.join(home, "short.mp4"));
    expect(probe.video).toMatchObject({ width: 1080, height: 1920 });
    expect(Math.abs(probe.durationMs - 2000)).toBeLessThan(100);
  }, 120_000);
});
